import type { Actor } from '../platform/access/actor.ts'
import type { Db, Trx } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'
import type { ActorLabel, Buyer, Order, PaymentAttempt } from './order.ts'
import { refundNo } from './order-number.ts'
import type { PaymentProvider } from './providers/provider.ts'
import { findBuyerPurchase } from './purchase.repository.ts'

export interface OrderServiceDeps {
  db: Db
  now: () => Date
  providers: ReadonlyMap<string, PaymentProvider>
  /** minutes an unpaid order stays open */
  orderTtlMinutes: number
  log: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void }
  /** guests may buy posts (settings.guestPurchase); VIP and top-ups always need an account */
  guestPurchase?: () => boolean
  /** the ways to pay the owner turned off: new payments refuse them (refunds, queries and notifications of earlier ones go on) */
  paymentsOff?: () => ReadonlySet<string>
  /** test builds only: a pause inside the settle transaction, so a test can kill the process there */
  pauseInSettle?: () => Promise<void>
}

/** What the order operations share: the deps, the clock as ISO text, and the providers by id. */
export interface OrderContext {
  deps: OrderServiceDeps
  db: Db
  iso: () => string
  provider: (id: string) => PaymentProvider
  /** refuses a new payment with a way the owner turned off (`balance` or a provider id) */
  assertOffered: (id: string) => void
}

export function createOrderContext(deps: OrderServiceDeps): OrderContext {
  return {
    deps,
    db: deps.db,
    iso: () => deps.now().toISOString(),
    provider(id) {
      const p = deps.providers.get(id)
      if (!p) throw commerceError('ORDER_METHOD_UNAVAILABLE')
      return p
    },
    assertOffered(id) {
      if (deps.paymentsOff?.().has(id)) throw commerceError('ORDER_METHOD_UNAVAILABLE')
    },
  }
}

/**
 * Who buys, from the acting Actor: a member, or a visitor's browser by its guest
 * key. Anyone else (a job, the shell, a browser without a key) buys nothing.
 */
export function buyerFrom(actor: Actor): Buyer {
  const buyer = buyerOrNone(actor)
  if (!buyer) throw commerceError('ORDER_NEEDS_ACCOUNT')
  return buyer
}

/** The buyer an Actor may be when reading orders: none means no order is theirs. */
export function buyerOrNone(actor: Actor): Buyer | undefined {
  if (actor.kind === 'member') return { kind: 'member', memberId: actor.memberId }
  if (actor.kind === 'visitor' && actor.guestKey) return { kind: 'guest', guestKey: actor.guestKey }
  return undefined
}

export const buyerActor = (b: Buyer): ActorLabel => (b.kind === 'member' ? `member:${b.memberId}` : 'guest')
export const buyerOf = (order: Order): Buyer => (order.memberId !== null ? { kind: 'member', memberId: order.memberId } : { kind: 'guest', guestKey: order.guestKey ?? '' })

/** Whether the buyer of a post order already holds that post (bought by another order, or granted). */
export async function holdsOrderedPost(trx: Trx, order: Order): Promise<boolean> {
  return order.kind === 'post' && order.postId !== null && (await findBuyerPurchase(trx, buyerOf(order), order.postId)) !== undefined
}

/** A refund the system asks for by itself (money that should not have come), sent after commit. */
export async function requestSystemRefund(trx: Trx, order: Order, attempt: PaymentAttempt, reason: string, at: string): Promise<void> {
  const count = await trx
    .selectFrom('refunds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('order_id', '=', order.id)
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('refunds')
    .values({
      order_id: order.id,
      attempt_id: attempt.id,
      refund_no: refundNo(order.orderNo, Number(count.n) + 1),
      amount: attempt.amount,
      reason,
      state: 'requested',
      actor: 'system',
      created_at: at,
      updated_at: at,
    })
    .execute()
}
export const owns = (order: Order, b: Buyer) => (b.kind === 'member' ? order.memberId === b.memberId : order.memberId === null && order.guestKey === b.guestKey)
