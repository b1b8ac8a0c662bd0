import type { Trx } from '../platform/db/database.ts'
import { formatYuan } from '../shared/money.ts'
import { changeBalance } from './balance.ts'
import { commerceError } from './commerce.errors.ts'
import { unfulfil } from './fulfilment.ts'
import type { ActorLabel, Order, OrderState } from './order.ts'
import { actorLabel, type Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import { refundNo } from './order-number.ts'
import { findAttemptById, findOrderById, findOrderByNo, flagOrder, recordOrderEvent } from './order.repository.ts'
import type { OrderContext } from './order-context.ts'
import { nextState } from './order-state.ts'

/**
 * Refunds: staff ask for one (refundOrder), the system asks for its own (money that
 * should not have come, written by settlement), and the providers are called after
 * the transaction that wrote the request commits; their word comes back by
 * notification (refundResult) or by asking (followRefunds).
 */
export function createRefunds(ctx: OrderContext) {
  const { deps, db, iso, provider } = ctx

  /** A refund's final word, once: succeeded, or failed (the order is flagged for a person). */
  async function finishRefund(trx: Trx, r: { id: number; orderId: number; refundNo: string }, outcome: 'succeeded' | 'failed', actor: ActorLabel): Promise<void> {
    const at = iso()
    const moved = await trx.updateTable('refunds').set({ state: outcome, updated_at: at }).where('id', '=', r.id).where('state', 'in', ['requested', 'processing']).executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) return
    if (outcome === 'failed') await flagOrder(trx, r.orderId, 'refund_failed', at)
    await recordOrderEvent(trx, { orderId: r.orderId, action: `refund_${outcome}`, actor, detail: r.refundNo, at })
  }

  /** Calls providers for refunds written as `requested` (after their transaction committed). */
  async function sendRequestedRefunds(orderId?: number): Promise<void> {
    let q = db.selectFrom('refunds').selectAll().where('state', '=', 'requested')
    if (orderId !== undefined) q = q.where('order_id', '=', orderId)
    for (const r of await q.limit(50).execute()) {
      const attempt = await findAttemptById(db, r.attempt_id)
      if (!attempt) continue
      let outcome: 'succeeded' | 'processing' | 'failed'
      try {
        outcome = await provider(attempt.provider).refund({ refundNo: r.refund_no, amount: r.amount, reason: r.reason, attempt })
      } catch (error) {
        deps.log.warn({ err: error, refundNo: r.refund_no }, 'refund call failed; will retry')
        continue
      }
      const at = iso()
      const actor = `provider:${attempt.provider}`
      await db.transaction().execute(async (trx) => {
        if (outcome !== 'processing') return finishRefund(trx, { id: r.id, orderId: r.order_id, refundNo: r.refund_no }, outcome, actor)
        const moved = await trx.updateTable('refunds').set({ state: 'processing', updated_at: at }).where('id', '=', r.id).where('state', '=', 'requested').executeTakeFirst()
        if (Number(moved.numUpdatedRows) === 1) await recordOrderEvent(trx, { orderId: r.order_id, action: 'refund_processing', actor, detail: r.refund_no, at })
      })
    }
  }

  return {
    /**
     * Refunds (part of) a paid order: the right it gave ends in the same
     * transaction; the provider is called after commit. A balance payment's
     * refund is a ledger credit, done at once.
     */
    async refundOrder(actor: Actor, orderNo: string, input: { amount?: number; reason: string }): Promise<Order> {
      authorize(actor, 'order.refund')
      const label = actorLabel(actor)
      const reason = input.reason.trim()
      if (!reason) throw commerceError('REFUND_REASON_REQUIRED')
      const at = iso()
      const order = await db.transaction().execute(async (trx) => {
        const order = await findOrderByNo(trx, orderNo)
        if (!order) throw commerceError('ORDER_NOT_FOUND')
        if (!nextState(order.state, 'refund_part')) throw commerceError('REFUND_NOT_ALLOWED', { state: order.state })
        const left = order.amount - order.refundedAmount
        const amount = input.amount ?? left
        if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left) throw commerceError('REFUND_AMOUNT', { max: formatYuan(left) })
        const attempt = await trx.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).where('state', '=', 'succeeded').orderBy('id').executeTakeFirstOrThrow()
        const full = order.refundedAmount + amount === order.amount
        const to = nextState(order.state, full ? 'refund_full' : 'refund_part') as OrderState
        const moved = await trx
          .updateTable('orders')
          .set({ refunded_amount: order.refundedAmount + amount, state: to, updated_at: at })
          .where('id', '=', order.id)
          .where('state', '=', order.state)
          .where('refunded_amount', '=', order.refundedAmount)
          .executeTakeFirst()
        if (Number(moved.numUpdatedRows) !== 1) throw commerceError('REFUND_NOT_ALLOWED', { state: 'changed' })
        const count = await trx
          .selectFrom('refunds')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('order_id', '=', order.id)
          .executeTakeFirstOrThrow()
        const no = refundNo(order.orderNo, Number(count.n) + 1)
        const internal = attempt.provider === 'balance'
        await trx
          .insertInto('refunds')
          .values({ order_id: order.id, attempt_id: attempt.id, refund_no: no, amount, reason, state: internal ? 'succeeded' : 'requested', actor: label, created_at: at, updated_at: at })
          .execute()
        await unfulfil(trx, order, { amount, refundNo: no }, at, reason)
        if (internal) {
          const credit = await changeBalance(trx, { memberId: order.memberId as number, delta: amount, kind: 'refund', orderId: order.id, ref: no, note: reason, at })
          if (!credit.ok) throw new Error('a credit cannot fail')
        }
        await recordOrderEvent(trx, { orderId: order.id, action: 'refund', from: 'paid', to: full ? 'refunded' : 'paid', actor: label, detail: `${formatYuan(amount)} ${no}: ${reason}`, at })
        await recordAudit(trx, actor, deps.now(), {
          action: 'order.refund',
          target: `order:${order.orderNo}`,
          detail: {
            reason,
            refundNo: no,
            amount,
            before: { state: order.state, refundedAmount: order.refundedAmount },
            after: { state: full ? 'refunded' : 'paid', refundedAmount: order.refundedAmount + amount },
          },
        })
        return order
      })
      await sendRequestedRefunds(order.id)
      return (await findOrderById(db, order.id)) as Order
    },

    sendRequestedRefunds,

    /** A provider's word on a refund (notification): processing → succeeded or failed, recorded once. */
    async refundResult(provider: string, e: { eventKey: string; refundNo: string; outcome: 'succeeded' | 'processing' | 'failed'; payload: string }): Promise<void> {
      const at = iso()
      await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('provider_events')
          .values({ provider, event_key: e.eventKey, source: 'notify', kind: 'refund', out_trade_no: null, attempt_id: null, amount: null, outcome: e.outcome, payload: e.payload, received_at: at })
          .onConflict((oc) => oc.columns(['provider', 'event_key']).doNothing())
          .returning('id')
          .executeTakeFirst()
        if (!inserted || e.outcome === 'processing') return
        const r = await trx.selectFrom('refunds').select(['id', 'order_id']).where('refund_no', '=', e.refundNo).executeTakeFirst()
        if (r) await finishRefund(trx, { id: r.id, orderId: r.order_id, refundNo: e.refundNo }, e.outcome, `provider:${provider}`)
      })
    },

    /**
     * Follows refunds a provider answered "processing" and never notified
     * about: asks the provider after ten minutes, on every job run.
     */
    async followRefunds(olderThanMs = 10 * 60_000): Promise<number> {
      const before = new Date(deps.now().getTime() - olderThanMs).toISOString()
      const rows = await db.selectFrom('refunds').selectAll().where('state', '=', 'processing').where('updated_at', '<=', before).orderBy('id').limit(100).execute()
      let done = 0
      for (const r of rows) {
        const attempt = await findAttemptById(db, r.attempt_id)
        const p = attempt ? deps.providers.get(attempt.provider) : undefined
        if (!attempt || !p?.queryRefund) continue
        try {
          const outcome = await p.queryRefund({ refundNo: r.refund_no, attempt })
          if (outcome === 'processing') continue
          await db.transaction().execute((trx) => finishRefund(trx, { id: r.id, orderId: r.order_id, refundNo: r.refund_no }, outcome, `provider:${p.id}`))
          done++
        } catch (error) {
          deps.log.warn({ err: error, refundNo: r.refund_no }, 'refund query failed')
        }
      }
      return done
    },
  }
}
export type Refunds = ReturnType<typeof createRefunds>
