import { listAttempts, recordOrderEvent, toAttempt, toOrder } from './order.repository.ts'
import type { OrderContext } from './order-context.ts'
import type { Settlement } from './settlement.service.ts'
import type { Refunds } from './refund.service.ts'

/**
 * The order jobs (run by one process of a cluster, under the jobs' lease): close
 * what expired, and ask providers about attempts whose notification may be lost.
 */
export function createOrderJobs(ctx: OrderContext, settlement: Pick<Settlement, 'settleAnswer' | 'reconcileAttempt'>, refunds: Pick<Refunds, 'sendRequestedRefunds'>) {
  const { deps, db, iso, provider } = ctx
  const { sendRequestedRefunds } = refunds

  return {
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
              await settlement.settleAnswer(attempt, q, 'query')
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
          if ((await settlement.reconcileAttempt(toAttempt(row), 'query')).state === 'paid') paid++
        } catch (error) {
          deps.log.warn({ err: error, outTradeNo: row.out_trade_no }, 'compensation query failed')
        }
      }
      await sendRequestedRefunds()
      return paid
    },
  }
}
export type OrderJobs = ReturnType<typeof createOrderJobs>
