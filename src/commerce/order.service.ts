import { findPublishedPostsByIds } from '../content/index.ts'
import type { Db, Trx } from '../platform/db/database.ts'
import { isUniqueViolation } from '../platform/db/unique-violation.ts'
import { cents, formatYuan, type Cents } from '../shared/money.ts'
import { changeBalance } from './balance.ts'
import { commerceError } from './commerce.errors.ts'
import { fulfil, unfulfil } from './fulfilment.ts'
import type { ActorLabel, Buyer, Order, PaymentAttempt } from './order.ts'
import { actorLabel, type Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import { newOrderNo, outTradeNo, refundNo } from './order-number.ts'
import { findAttemptById, findAttemptByOutTradeNo, findOrderById, findOrderByNo, flagOrder, listAttempts, recordOrderEvent, toAttempt, toOrder } from './order.repository.ts'
import type { PaymentAction, PaymentProvider, ProviderQuery, StartContext } from './providers/provider.ts'
import { findBuyerPurchase } from './purchase.repository.ts'
import { discountedPrice, findPlan, findVipStatus } from './vip.repository.ts'

export type OrderRequest = { kind: 'post'; postId: number } | { kind: 'vip'; planId: number } | { kind: 'topup'; amount: Cents }

/** What became of a verified payment, for the inbox and the provider's answer. */
export type SettleOutcome = 'paid' | 'paid_late' | 'duplicate' | 'paid_twice' | 'bought_twice' | 'amount_mismatch' | 'unknown_attempt'

export interface SettleInput {
  provider: string
  outTradeNo: string
  txnId: string
  amount: number
  currency: string
  /** the inbox key: a notification's id, or `query:<out_trade_no>` */
  eventKey: string
  source: 'notify' | 'query' | 'return'
  payload: string
}

export const TOPUP_MIN = 100 as Cents
export const TOPUP_MAX = 1_000_000 as Cents

export interface OrderServiceDeps {
  db: Db
  now: () => Date
  providers: ReadonlyMap<string, PaymentProvider>
  /** minutes an unpaid order stays open */
  orderTtlMinutes: number
  log: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void }
  /** test builds only: a pause inside the settle transaction, so a test can kill the process there */
  pauseInSettle?: () => Promise<void>
}

const buyerActor = (b: Buyer): ActorLabel => (b.kind === 'member' ? `member:${b.memberId}` : 'guest')
const buyerOf = (order: Order): Buyer => (order.memberId !== null ? { kind: 'member', memberId: order.memberId } : { kind: 'guest', guestKey: order.guestKey ?? '' })

/** Whether the buyer of a post order already holds that post (bought by another order, or granted). */
async function holdsOrderedPost(trx: Trx, order: Order): Promise<boolean> {
  return order.kind === 'post' && order.postId !== null && (await findBuyerPurchase(trx, buyerOf(order), order.postId)) !== undefined
}

/** A refund the system asks for by itself (money that should not have come), sent after commit. */
async function requestSystemRefund(trx: Trx, order: Order, attempt: PaymentAttempt, reason: string, at: string): Promise<void> {
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
const owns = (order: Order, b: Buyer) => (b.kind === 'member' ? order.memberId === b.memberId : order.memberId === null && order.guestKey === b.guestKey)

/**
 * The order state machine of DESIGN.md and payments/reference 5.3. Every
 * transition is one UPDATE … WHERE state = <expected> inside a transaction
 * with its fulfilment and its journal row; zero rows changed means another
 * request won, and the caller re-reads. Provider calls happen outside
 * transactions (on SQLite all writes share one connection).
 */
export function createOrderService(deps: OrderServiceDeps) {
  const { db } = deps
  const iso = () => deps.now().toISOString()

  function provider(id: string): PaymentProvider {
    const p = deps.providers.get(id)
    if (!p) throw commerceError('ORDER_METHOD_UNAVAILABLE')
    return p
  }

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

  /**
   * Moves an order to paid for a verified success of one of its attempts, or
   * records why not. Runs inside the caller's transaction with the inbox row.
   */
  async function settleInTrx(trx: Trx, attempt: PaymentAttempt, input: { txnId: string; amount: number; currency: string; actor: ActorLabel }): Promise<SettleOutcome> {
    const at = iso()
    const order = await findOrderById(trx, attempt.orderId)
    if (!order) throw new Error(`attempt ${attempt.id} has no order`)
    if (input.amount !== attempt.amount || input.currency !== attempt.currency) {
      await flagOrder(trx, order.id, 'amount_mismatch', at)
      await recordOrderEvent(trx, {
        orderId: order.id,
        action: 'amount_mismatch',
        actor: input.actor,
        detail: `paid ${input.amount} ${input.currency}, expected ${attempt.amount} ${attempt.currency}`,
        at,
      })
      return 'amount_mismatch'
    }
    for (const from of ['created', 'closed'] as const) {
      if (order.state !== from) continue
      const moved = await trx
        .updateTable('orders')
        .set({ state: 'paid', paid_attempt_id: attempt.id, paid_at: at, updated_at: at, ...(from === 'closed' ? { paid_late: 1, flag: 'paid_late' } : {}) })
        .where('id', '=', order.id)
        .where('state', '=', from)
        .executeTakeFirst()
      if (Number(moved.numUpdatedRows) !== 1) break
      await trx.updateTable('payment_attempts').set({ state: 'succeeded', provider_txn_id: input.txnId, updated_at: at }).where('id', '=', attempt.id).execute()
      await recordOrderEvent(trx, { orderId: order.id, action: from === 'closed' ? 'paid_late' : 'paid', from, to: 'paid', actor: input.actor, detail: `${attempt.provider} ${input.txnId}`, at })
      // the buyer holds the post already (another order of theirs was paid first): the money goes back, nothing is granted twice
      if (await holdsOrderedPost(trx, order)) {
        await trx.updateTable('orders').set({ state: 'refunded', refunded_amount: order.amount, flag: 'bought_twice', updated_at: at }).where('id', '=', order.id).where('state', '=', 'paid').execute()
        await requestSystemRefund(trx, order, attempt, '已购买过该文档，自动退款', at)
        await recordOrderEvent(trx, { orderId: order.id, action: 'bought_twice', from: 'paid', to: 'refunded', actor: 'system', detail: `${formatYuan(order.amount)}: refund requested`, at })
        return 'bought_twice'
      }
      await fulfil(trx, { ...order, state: 'paid' }, at)
      return from === 'closed' ? 'paid_late' : 'paid'
    }
    // another request moved it first: re-read (a new statement sees what it committed)
    const current = await trx.selectFrom('orders').select(['state', 'paid_attempt_id']).where('id', '=', order.id).executeTakeFirstOrThrow()
    if (current.paid_attempt_id === attempt.id) return 'duplicate'
    if (current.state === 'created' || current.state === 'closed') throw new Error(`order ${order.orderNo} changed under a settle`)
    // paid already by another attempt: this money goes back by itself
    if (attempt.state === 'succeeded') return 'duplicate'
    await trx.updateTable('payment_attempts').set({ state: 'succeeded', provider_txn_id: input.txnId, updated_at: at }).where('id', '=', attempt.id).execute()
    await requestSystemRefund(trx, order, attempt, '重复支付自动退款', at)
    await flagOrder(trx, order.id, 'paid_twice', at)
    await recordOrderEvent(trx, { orderId: order.id, action: 'paid_twice', actor: input.actor, detail: `${attempt.provider} ${input.txnId}: refund requested`, at })
    return 'paid_twice'
  }

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

  /** The inbox row and the transition, in one transaction: the same event twice is a duplicate. */
  async function settleOnce(input: SettleInput): Promise<SettleOutcome> {
    const at = iso()
    return db.transaction().execute(async (trx): Promise<SettleOutcome> => {
      const attempt = await findAttemptByOutTradeNo(trx, input.provider, input.outTradeNo)
      const inserted = await trx
        .insertInto('provider_events')
        .values({
          provider: input.provider,
          event_key: input.eventKey,
          source: input.source,
          kind: 'paid',
          out_trade_no: input.outTradeNo,
          attempt_id: attempt?.id ?? null,
          amount: input.amount,
          outcome: 'pending',
          payload: input.payload,
          received_at: at,
        })
        .onConflict((oc) => oc.columns(['provider', 'event_key']).doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) return 'duplicate'
      const result: SettleOutcome = attempt
        ? await settleInTrx(trx, attempt, { txnId: input.txnId, amount: input.amount, currency: input.currency, actor: `provider:${input.provider}` })
        : 'unknown_attempt'
      await trx.updateTable('provider_events').set({ outcome: result }).where('id', '=', inserted.id).execute()
      await deps.pauseInSettle?.()
      return result
    })
  }

  return {
    /** A new order, or the buyer's open one for the same thing at the same price (a reload does not make two). */
    async create(buyer: Buyer, request: OrderRequest): Promise<Order> {
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
    async findForBuyer(orderNo: string, buyer: Buyer): Promise<Order> {
      const order = await findOrderByNo(db, orderNo)
      if (!order || !owns(order, buyer)) throw commerceError('ORDER_NOT_FOUND')
      return order
    },

    /**
     * Pays from balance: debit, paid, fulfilment in one transaction. A debit
     * that would go below zero changes nothing.
     */
    async payWithBalance(orderNo: string, buyer: Buyer): Promise<Order> {
      if (buyer.kind !== 'member') throw commerceError('ORDER_NEEDS_ACCOUNT')
      const at = iso()
      return db
        .transaction()
        .execute(async (trx) => {
          const order = await findOrderByNo(trx, orderNo)
          if (!order || !owns(order, buyer)) throw commerceError('ORDER_NOT_FOUND')
          if (order.kind === 'topup') throw commerceError('ORDER_TOPUP_BY_BALANCE')
          if (order.state !== 'created') throw commerceError(order.state === 'closed' ? 'ORDER_EXPIRED' : 'ORDER_NOT_PAYABLE')
          if (order.expiresAt <= at) throw commerceError('ORDER_EXPIRED')
          // before anything is debited: an open order for a post bought since by another order
          if (await holdsOrderedPost(trx, order)) throw commerceError('ORDER_ALREADY_BOUGHT')
          const n = (await listAttempts(trx, order.id)).length + 1
          const attempt = toAttempt(
            await trx
              .insertInto('payment_attempts')
              .values({
                order_id: order.id,
                provider: 'balance',
                method: 'balance',
                out_trade_no: outTradeNo(order.orderNo, n),
                amount: order.amount,
                currency: order.currency,
                state: 'open',
                provider_txn_id: null,
                action: null,
                created_at: at,
                updated_at: at,
              })
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
    async startPayment(orderNo: string, buyer: Buyer, choice: { provider: string; method: string }, ctx: StartContext): Promise<{ order: Order; action: PaymentAction }> {
      const p = provider(choice.provider)
      if (!p.methods(ctx.client).includes(choice.method)) throw commerceError('ORDER_METHOD_UNAVAILABLE')
      const at = iso()
      const { order, attempt, stored } = await db.transaction().execute(async (trx) => {
        const order = await findOrderByNo(trx, orderNo)
        if (!order || !owns(order, buyer)) throw commerceError('ORDER_NOT_FOUND')
        if (order.state !== 'created') throw commerceError(order.state === 'closed' ? 'ORDER_EXPIRED' : 'ORDER_NOT_PAYABLE')
        if (order.expiresAt <= at) throw commerceError('ORDER_EXPIRED')
        if (await holdsOrderedPost(trx, order)) throw commerceError('ORDER_ALREADY_BOUGHT')
        const rows = await trx.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).orderBy('id').execute()
        const same = rows.find((r) => r.provider === p.id && r.method === choice.method && r.state === 'open')
        if (same) return { order, attempt: toAttempt(same), stored: same.action }
        const row = await trx
          .insertInto('payment_attempts')
          .values({
            order_id: order.id,
            provider: p.id,
            method: choice.method,
            out_trade_no: outTradeNo(order.orderNo, rows.length + 1),
            amount: order.amount,
            currency: order.currency,
            state: 'open',
            provider_txn_id: null,
            action: null,
            created_at: at,
            updated_at: at,
          })
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

    /**
     * A verified success from a provider (notification, query or return page):
     * stored once in the inbox, then the transition. The same event again is a
     * duplicate and changes nothing.
     */
    async settle(input: SettleInput): Promise<SettleOutcome> {
      let outcome: SettleOutcome
      try {
        outcome = await settleOnce(input)
      } catch (error) {
        // another order of this buyer for this post was granted at the same moment: read again, it is bought twice now
        if (!isUniqueViolation(error)) throw error
        outcome = await settleOnce(input)
      }
      if (outcome === 'unknown_attempt') deps.log.warn({ provider: input.provider, outTradeNo: input.outTradeNo }, 'payment for an unknown attempt recorded')
      if (outcome === 'amount_mismatch') deps.log.warn({ provider: input.provider, outTradeNo: input.outTradeNo }, 'payment amount mismatch flagged')
      if (outcome === 'bought_twice') deps.log.warn({ provider: input.provider, outTradeNo: input.outTradeNo }, 'payment for a post the buyer holds: refunded and flagged')
      if (outcome === 'paid_twice' || outcome === 'bought_twice') await sendRequestedRefunds()
      return outcome
    },

    /** Records a notification that was authentic but not a payment (refund notices, closes). */
    async recordEvent(e: { provider: string; eventKey: string; kind: string; outTradeNo: string | null; payload: string; outcome: string }): Promise<void> {
      await db
        .insertInto('provider_events')
        .values({
          provider: e.provider,
          event_key: e.eventKey,
          source: 'notify',
          kind: e.kind,
          out_trade_no: e.outTradeNo,
          attempt_id: null,
          amount: null,
          outcome: e.outcome,
          payload: e.payload,
          received_at: iso(),
        })
        .onConflict((oc) => oc.columns(['provider', 'event_key']).doNothing())
        .execute()
    },

    /** Asks the provider about one attempt and settles it if paid (compensation, return pages). */
    async reconcileAttempt(attempt: PaymentAttempt, source: 'query' | 'return'): Promise<ProviderQuery> {
      const q = await provider(attempt.provider).query(attempt)
      if (q.state === 'paid')
        await this.settle({
          provider: attempt.provider,
          outTradeNo: attempt.outTradeNo,
          txnId: q.txnId,
          amount: q.amount,
          currency: q.currency,
          eventKey: `query:${attempt.outTradeNo}`,
          source,
          payload: JSON.stringify(q),
        })
      return q
    },

    /**
     * The expiry job: orders past their deadline are closed, after each open
     * attempt is closed at its provider. A provider that says "paid" wins: the
     * order is settled instead. A failed close leaves the order for the next run.
     */
    async closeExpired(graceMs = 0): Promise<{ closed: number; paid: number }> {
      const cutoff = new Date(deps.now().getTime() - graceMs).toISOString()
      const due = await db.selectFrom('orders').selectAll().where('state', '=', 'created').where('expires_at', '<=', cutoff).orderBy('id').limit(200).execute()
      let closed = 0
      let paid = 0
      for (const row of due) {
        const order = toOrder(row)
        let settled = false
        let failed = false
        for (const attempt of await listAttempts(db, order.id)) {
          if (attempt.state !== 'open' || attempt.provider === 'balance') continue
          try {
            const q = await provider(attempt.provider).close(attempt)
            if (q.state === 'paid') {
              await this.settle({
                provider: attempt.provider,
                outTradeNo: attempt.outTradeNo,
                txnId: q.txnId,
                amount: q.amount,
                currency: q.currency,
                eventKey: `query:${attempt.outTradeNo}`,
                source: 'query',
                payload: JSON.stringify(q),
              })
              settled = true
            }
          } catch (error) {
            deps.log.warn({ err: error, outTradeNo: attempt.outTradeNo }, 'closing an attempt failed; the order stays open for the next run')
            failed = true
          }
        }
        if (settled) {
          paid++
          continue
        }
        if (failed) continue
        const at = iso()
        await db.transaction().execute(async (trx) => {
          const moved = await trx.updateTable('orders').set({ state: 'closed', closed_at: at, updated_at: at }).where('id', '=', order.id).where('state', '=', 'created').executeTakeFirst()
          if (Number(moved.numUpdatedRows) !== 1) return
          await trx.updateTable('payment_attempts').set({ state: 'closed', updated_at: at }).where('order_id', '=', order.id).where('state', '=', 'open').execute()
          await recordOrderEvent(trx, { orderId: order.id, action: 'closed', from: 'created', to: 'closed', actor: 'system', detail: 'expired', at })
          closed++
        })
      }
      return { closed, paid }
    },

    /**
     * The compensation job: attempts still open some minutes after they began,
     * whose notification may have been lost, are queried.
     */
    async compensate(olderThanMs = 2 * 60_000): Promise<number> {
      const before = new Date(deps.now().getTime() - olderThanMs).toISOString()
      const rows = await db
        .selectFrom('payment_attempts')
        .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
        .selectAll('payment_attempts')
        .where('payment_attempts.state', '=', 'open')
        .where('payment_attempts.provider', '<>', 'balance')
        .where('payment_attempts.created_at', '<=', before)
        .where('orders.state', 'in', ['created', 'closed'])
        .orderBy('payment_attempts.id')
        .limit(200)
        .execute()
      let paid = 0
      for (const row of rows) {
        try {
          if ((await this.reconcileAttempt(toAttempt(row), 'query')).state === 'paid') paid++
        } catch (error) {
          deps.log.warn({ err: error, outTradeNo: row.out_trade_no }, 'compensation query failed')
        }
      }
      await sendRequestedRefunds()
      return paid
    },

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
        if (order.state !== 'paid') throw commerceError('REFUND_NOT_ALLOWED', { state: order.state })
        const left = order.amount - order.refundedAmount
        const amount = input.amount ?? left
        if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left) throw commerceError('REFUND_AMOUNT', { max: formatYuan(left) })
        const attempt = await trx.selectFrom('payment_attempts').selectAll().where('order_id', '=', order.id).where('state', '=', 'succeeded').orderBy('id').executeTakeFirstOrThrow()
        const full = order.refundedAmount + amount === order.amount
        const moved = await trx
          .updateTable('orders')
          .set({ refunded_amount: order.refundedAmount + amount, state: full ? 'refunded' : 'paid', updated_at: at })
          .where('id', '=', order.id)
          .where('state', '=', 'paid')
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

    /** An attempt's stored start answer (a QR code is shown again on reload). */
    async storedAction(attemptId: number): Promise<PaymentAction | undefined> {
      const r = await db.selectFrom('payment_attempts').select('action').where('id', '=', attemptId).executeTakeFirst()
      return r?.action ? (JSON.parse(r.action) as PaymentAction) : undefined
    },

    /** The sandbox's view of one of its attempts, for its payer page: only the order's own buyer sees it (and may "pay"). */
    async sandboxAttempt(outTradeNo: string, buyer: Buyer | undefined): Promise<{ outTradeNo: string; orderNo: string; title: string; amount: Cents; state: string }> {
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

    /** The state of an attempt as our records have it (the sandbox provider's "remote" state). */
    async attemptState(id: number): Promise<ProviderQuery> {
      const a = await findAttemptById(db, id)
      if (!a) return { state: 'missing' }
      if (a.state === 'succeeded') return { state: 'paid', txnId: a.providerTxnId ?? a.outTradeNo, amount: a.amount, currency: a.currency }
      return { state: a.state === 'closed' ? 'closed' : 'open' }
    },
  }
}
export type OrderService = ReturnType<typeof createOrderService>
