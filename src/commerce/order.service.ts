import { createCheckout } from './checkout.service.ts'
import { createOrderContext, type OrderServiceDeps } from './order-context.ts'
import { createOrderJobs } from './order-jobs.service.ts'
import { createRefunds } from './refund.service.ts'
import { createSettlement } from './settlement.service.ts'

export type { OrderServiceDeps } from './order-context.ts'
export { TOPUP_MAX, TOPUP_MIN, type OrderRequest } from './checkout.service.ts'
export type { SettleInput, SettleOutcome } from './settlement.service.ts'

/**
 * The order state machine of DESIGN.md and payments/reference 5.3, in four parts
 * along its seams: checkout (the buyer's side), settlement (a provider's verified
 * word), refunds, and the jobs. Every transition is one UPDATE … WHERE state =
 * <expected> inside a transaction with its fulfilment and its journal row; zero
 * rows changed means another request won, and the caller re-reads. Which
 * transitions exist is `order-state.ts`. Provider calls happen outside
 * transactions (on SQLite all writes share one connection).
 */
export function createOrderService(deps: OrderServiceDeps) {
  const ctx = createOrderContext(deps)
  const refunds = createRefunds(ctx)
  const settlement = createSettlement(ctx, refunds)
  const checkout = createCheckout(ctx, settlement)
  const jobs = createOrderJobs(ctx, settlement, refunds)
  const { settleInTrx: _inTrx, ...settlementApi } = settlement
  return { ...checkout, ...settlementApi, ...refunds, ...jobs }
}
export type OrderService = ReturnType<typeof createOrderService>
