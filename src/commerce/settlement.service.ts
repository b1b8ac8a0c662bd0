import type { Trx } from '../platform/db/database.ts'
import { isUniqueViolation } from '../platform/db/unique-violation.ts'
import { formatYuan } from '../shared/money.ts'
import { fulfil } from './fulfilment.ts'
import type { ActorLabel, OrderState, PaymentAttempt } from './order.ts'
import { findAttemptById, findAttemptByOutTradeNo, findOrderById, flagOrder, recordOrderEvent } from './order.repository.ts'
import type { ProviderQuery } from './providers/provider.ts'
import { holdsOrderedPost, requestSystemRefund, type OrderContext } from './order-context.ts'
import type { Refunds } from './refund.service.ts'
import { nextState, sourcesOf } from './order-state.ts'

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

/**
 * Settlement: a verified success from a provider (notification, query or return
 * page) stored once in the inbox and turned into the order's transition, with its
 * fulfilment and journal, in one transaction. Also the paths where the money
 * should not have come (a second payment, a post the buyer holds already, a wrong
 * amount): flagged, and refunded through `refunds`.
 */
export function createSettlement(ctx: OrderContext, refunds: Pick<Refunds, 'sendRequestedRefunds'>) {
  const { deps, db, iso, provider } = ctx
  const { sendRequestedRefunds } = refunds

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
    for (const from of sourcesOf('pay')) {
      if (order.state !== from) continue
      const moved = await trx
        .updateTable('orders')
        .set({ state: nextState(from, 'pay') as OrderState, paid_attempt_id: attempt.id, paid_at: at, updated_at: at, ...(from === 'closed' ? { paid_late: 1, flag: 'paid_late' } : {}) })
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

  const api = {
    settleInTrx,
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

    /** Settles an attempt a provider answered "paid" when asked (a query, a close, a return page). */
    async settleAnswer(attempt: PaymentAttempt, q: ProviderQuery & { state: 'paid' }, source: 'query' | 'return'): Promise<SettleOutcome> {
      return api.settle({
        provider: attempt.provider,
        outTradeNo: attempt.outTradeNo,
        txnId: q.txnId,
        amount: q.amount,
        currency: q.currency,
        eventKey: `query:${attempt.outTradeNo}`,
        source,
        payload: JSON.stringify(q),
      })
    },

    /** Asks the provider about one attempt and settles it if paid (compensation, return pages). */
    async reconcileAttempt(attempt: PaymentAttempt, source: 'query' | 'return'): Promise<ProviderQuery> {
      const q = await provider(attempt.provider).query(attempt)
      if (q.state === 'paid') await api.settleAnswer(attempt, q, source)
      return q
    },

    /** The state of an attempt as our records have it (the sandbox provider's "remote" state). */
    async attemptState(id: number): Promise<ProviderQuery> {
      const a = await findAttemptById(db, id)
      if (!a) return { state: 'missing' }
      if (a.state === 'succeeded') return { state: 'paid', txnId: a.providerTxnId ?? a.outTradeNo, amount: a.amount, currency: a.currency }
      return { state: a.state === 'closed' ? 'closed' : 'open' }
    },
  }
  return api
}
export type Settlement = ReturnType<typeof createSettlement>
