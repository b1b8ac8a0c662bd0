import { findPublishedPostsByIds } from '../content/index.ts'
import { isUniqueViolation } from '../platform/db/unique-violation.ts'
import { cents, formatYuan, type Cents } from '../shared/money.ts'
import { changeBalance } from './balance.ts'
import { commerceError } from './commerce.errors.ts'
import type { Buyer, Order } from './order.ts'
import { newOrderNo, outTradeNo } from './order-number.ts'
import { findOrderById, findOrderByNo, listAttempts, recordOrderEvent, toAttempt, toOrder } from './order.repository.ts'
import type { PaymentAction, StartContext } from './providers/provider.ts'
import { findBuyerPurchase } from './purchase.repository.ts'
import { discountedPrice, findPlan, findVipStatus } from './vip.repository.ts'
import { buyerActor, buyerFrom, buyerOrNone, holdsOrderedPost, owns, type OrderContext } from './order-context.ts'
import type { Actor } from '../platform/access/actor.ts'
import type { Settlement } from './settlement.service.ts'
import type { Trx } from '../platform/db/database.ts'

export type OrderRequest = { kind: 'post'; postId: number } | { kind: 'vip'; planId: number } | { kind: 'topup'; amount: Cents }

export const TOPUP_MIN = 100 as Cents
export const TOPUP_MAX = 1_000_000 as Cents

/**
 * Checkout, the buyer's side: an order is made (or the open one for the same thing
 * reused), paid from balance at once, or started with an outside provider whose
 * answer (a QR code, a redirect) is kept to be shown again. Each operation takes
 * the acting Actor: a member, or a visitor known by their browser's guest key
 * (`buyerFrom`); whether guests may buy is decided here, not by the page.
 */
export function createCheckout(ctx: OrderContext, settlement: Pick<Settlement, 'settleInTrx'>) {
  const { deps, db, iso, provider, assertOffered } = ctx
  const { settleInTrx } = settlement

  async function priceFor(buyer: Buyer, request: OrderRequest): Promise<{ title: string; amount: Cents; postId: number | null; planId: number | null }> {
    const at = iso()
    switch (request.kind) {
      case 'post': {
        const [post] = await findPublishedPostsByIds(db, [request.postId], at)
        if (!post || post.price <= 0 || post.paidRegionCount === 0) throw commerceError('ORDER_POST_NOT_FOR_SALE')
        if (await findBuyerPurchase(db, buyer, post.id)) throw commerceError('ORDER_ALREADY_BOUGHT')
        const vip = buyer.kind === 'member' ? await findVipStatus(db, buyer.memberId, at) : undefined
        return { title: post.title, amount: cents(discountedPrice(post.price, vip?.discountPercent ?? 0)), postId: post.id, planId: null }
      }
      case 'vip': {
        if (buyer.kind !== 'member') throw commerceError('ORDER_NEEDS_ACCOUNT')
        const plan = await findPlan(db, request.planId)
        if (!plan || !plan.active || plan.price <= 0) throw commerceError('ORDER_PLAN_NOT_FOUND')
        return { title: `VIP · ${plan.name}`, amount: plan.price, postId: null, planId: plan.id }
      }
      case 'topup': {
        if (buyer.kind !== 'member') throw commerceError('ORDER_NEEDS_ACCOUNT')
        if (!Number.isSafeInteger(request.amount) || request.amount < TOPUP_MIN || request.amount > TOPUP_MAX) {
          throw commerceError('ORDER_TOPUP_AMOUNT', { min: formatYuan(TOPUP_MIN), max: formatYuan(TOPUP_MAX) })
        }
        return { title: `余额充值 ${formatYuan(request.amount)}`, amount: request.amount, postId: null, planId: null }
      }
    }
  }

  /** The buyer's own order, still open and before its deadline, for a post they do not hold yet: or why not. */
  async function payableOrder(trx: Trx, orderNo: string, buyer: Buyer, at: string): Promise<Order> {
    const order = await findOrderByNo(trx, orderNo)
    if (!order || !owns(order, buyer)) throw commerceError('ORDER_NOT_FOUND')
    if (order.state !== 'created') throw commerceError(order.state === 'closed' ? 'ORDER_EXPIRED' : 'ORDER_NOT_PAYABLE')
    if (order.expiresAt <= at) throw commerceError('ORDER_EXPIRED')
    if (await holdsOrderedPost(trx, order)) throw commerceError('ORDER_ALREADY_BOUGHT')
    return order
  }

  return {
    /** A new order, or the buyer's open one for the same thing at the same price (a reload does not make two). */
    async create(actor: Actor, request: OrderRequest): Promise<Order> {
      const buyer = buyerFrom(actor)
      if (buyer.kind === 'guest' && request.kind === 'post' && deps.guestPurchase?.() === false) throw commerceError('ORDER_GUESTS_DISABLED')
      const priced = await priceFor(buyer, request)
      const now = deps.now()
      const at = now.toISOString()
      const reusable = new Date(now.getTime() + 5 * 60_000).toISOString()
      let open = db.selectFrom('orders').selectAll().where('kind', '=', request.kind).where('state', '=', 'created').where('expires_at', '>', reusable).where('amount', '=', priced.amount)
      open = buyer.kind === 'member' ? open.where('member_id', '=', buyer.memberId) : open.where('guest_key', '=', buyer.guestKey).where('member_id', 'is', null)
      if (priced.postId !== null) open = open.where('post_id', '=', priced.postId)
      if (priced.planId !== null) open = open.where('plan_id', '=', priced.planId)
      const existing = await open.orderBy('id', 'desc').executeTakeFirst()
      if (existing) return toOrder(existing)
      const expiresAt = new Date(now.getTime() + deps.orderTtlMinutes * 60_000).toISOString()
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('orders')
          .values({
            order_no: newOrderNo(now),
            kind: request.kind,
            member_id: buyer.kind === 'member' ? buyer.memberId : null,
            guest_key: buyer.kind === 'guest' ? buyer.guestKey : null,
            post_id: priced.postId,
            plan_id: priced.planId,
            title: priced.title,
            amount: priced.amount,
            state: 'created',
            paid_attempt_id: null,
            flag: null,
            created_at: at,
            expires_at: expiresAt,
            paid_at: null,
            closed_at: null,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        await recordOrderEvent(trx, { orderId: row.id, action: 'created', to: 'created', actor: buyerActor(buyer), detail: formatYuan(priced.amount), at })
        return toOrder(row)
      })
    },

    /** The buyer's own order; someone else's number answers as unknown. */
    async findForBuyer(actor: Actor, orderNo: string): Promise<Order> {
      const buyer = buyerOrNone(actor)
      const order = buyer ? await findOrderByNo(db, orderNo) : undefined
      if (!order || !buyer || !owns(order, buyer)) throw commerceError('ORDER_NOT_FOUND')
      return order
    },

    /**
     * Pays from balance: debit, paid, fulfilment in one transaction. A debit
     * that would go below zero changes nothing.
     */
    async payWithBalance(actor: Actor, orderNo: string): Promise<Order> {
      const buyer = buyerFrom(actor)
      if (buyer.kind !== 'member') throw commerceError('ORDER_NEEDS_ACCOUNT')
      assertOffered('balance')
      const at = iso()
      return db
        .transaction()
        .execute(async (trx) => {
          // before anything is debited: an open order for a post bought since by another order is refused
          const order = await payableOrder(trx, orderNo, buyer, at)
          if (order.kind === 'topup') throw commerceError('ORDER_TOPUP_BY_BALANCE')
          const n = (await listAttempts(trx, order.id)).length + 1
          const attempt = toAttempt(
            await trx
              .insertInto('payment_attempts')
              .values(newAttempt(order, 'balance', 'balance', n, at))
              .returningAll()
              .executeTakeFirstOrThrow(),
          )
          const debit = await changeBalance(trx, { memberId: buyer.memberId, delta: -order.amount, kind: 'pay', orderId: order.id, note: order.title, at })
          if (!debit.ok) throw commerceError('ORDER_BALANCE_INSUFFICIENT')
          const outcome = await settleInTrx(trx, attempt, { txnId: attempt.outTradeNo, amount: order.amount, currency: order.currency, actor: buyerActor(buyer) })
          if (outcome !== 'paid') throw new Error(`balance payment of ${orderNo} ended as ${outcome}`)
          return (await findOrderById(trx, order.id)) as Order
        })
        .catch((error: unknown) => {
          // another payment for this post won the race (one running purchase per buyer): nothing was debited
          if (isUniqueViolation(error)) throw commerceError('ORDER_ALREADY_BOUGHT')
          throw error
        })
    },

    /**
     * Starts paying with an outside provider: a new attempt (a fresh provider
     * number), or the open one for the same provider and method, whose stored
     * action is shown again.
     */
    async startPayment(actor: Actor, orderNo: string, choice: { provider: string; method: string }, ctx: StartContext): Promise<{ order: Order; action: PaymentAction }> {
      const buyer = buyerFrom(actor)
      assertOffered(choice.provider)
      const p = provider(choice.provider)
      if (!p.methods(ctx.client).includes(choice.method)) throw commerceError('ORDER_METHOD_UNAVAILABLE')
      const at = iso()
      const { order, attempt, stored } = await db.transaction().execute(async (trx) => {
        const order = await payableOrder(trx, orderNo, buyer, at)
        const rows = await trx.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).orderBy('id').execute()
        const same = rows.find((r) => r.provider === p.id && r.method === choice.method && r.state === 'open')
        if (same) return { order, attempt: toAttempt(same), stored: same.action }
        const row = await trx
          .insertInto('payment_attempts')
          .values(newAttempt(order, p.id, choice.method, rows.length + 1, at))
          .returningAll()
          .executeTakeFirstOrThrow()
        await recordOrderEvent(trx, { orderId: order.id, action: 'attempt', actor: buyerActor(buyer), detail: `${p.id}/${choice.method} ${row.out_trade_no}`, at })
        return { order, attempt: toAttempt(row), stored: null }
      })
      if (stored) return { order, action: JSON.parse(stored) as PaymentAction }
      let started: PaymentAction & { ref?: string }
      try {
        started = await p.start(attempt, order, choice.method, ctx)
      } catch (error) {
        deps.log.warn({ err: error, outTradeNo: attempt.outTradeNo }, 'payment provider refused to start')
        throw commerceError('PAYMENT_PROVIDER_FAILED')
      }
      const { ref, ...action } = started
      await db
        .updateTable('payment_attempts')
        .set({ action: JSON.stringify(action), ...(ref ? { provider_ref: ref } : {}) })
        .where('id', '=', attempt.id)
        .execute()
      return { order, action }
    },

    /** An attempt's stored start answer (a QR code is shown again on reload). */
    async storedAction(attemptId: number): Promise<PaymentAction | undefined> {
      const r = await db.selectFrom('payment_attempts').select('action').where('id', '=', attemptId).executeTakeFirst()
      return r?.action ? (JSON.parse(r.action) as PaymentAction) : undefined
    },

    /** The sandbox's view of one of its attempts, for its payer page: only the order's own buyer sees it (and may "pay"). */
    async sandboxAttempt(actor: Actor, outTradeNo: string): Promise<{ outTradeNo: string; orderNo: string; title: string; amount: Cents; state: string }> {
      const buyer = buyerOrNone(actor)
      const r = await db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .select(['payment_attempts.out_trade_no', 'payment_attempts.amount', 'payment_attempts.state', 'orders.order_no', 'orders.title', 'orders.member_id', 'orders.guest_key'])
        .where('payment_attempts.provider', '=', 'sandbox')
        .where('payment_attempts.out_trade_no', '=', outTradeNo)
        .executeTakeFirst()
      const owner = r && (buyer?.kind === 'member' ? r.member_id === buyer.memberId : buyer?.kind === 'guest' && r.member_id === null && r.guest_key === buyer.guestKey)
      if (!r || !owner) throw commerceError('ORDER_NOT_FOUND')
      return { outTradeNo: r.out_trade_no, orderNo: r.order_no, title: r.title, amount: r.amount as Cents, state: r.state }
    },
  }
}
export type Checkout = ReturnType<typeof createCheckout>

/** The n-th attempt of an order, open, for the order's whole amount. */
function newAttempt(order: Order, provider: string, method: string, n: number, at: string) {
  return {
    order_id: order.id,
    provider,
    method,
    out_trade_no: outTradeNo(order.orderNo, n),
    amount: order.amount,
    currency: order.currency,
    state: 'open' as const,
    provider_txn_id: null,
    action: null,
    created_at: at,
    updated_at: at,
  }
}
