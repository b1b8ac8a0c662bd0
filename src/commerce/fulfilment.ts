import type { Trx } from '../platform/db/database.ts'
import { changeBalance } from './balance.ts'
import { commerceError } from './commerce.errors.ts'
import type { Order } from './order.ts'
import { findPlan, vipQueueEnd } from './vip.repository.ts'

/**
 * What a paid order gives, written in the transaction that marks it paid.
 * Each row is unique per order (purchases.order_id, vip_grants.order_id,
 * balance_ledger (order, kind, ref)), so even a bug that called this twice
 * would fail the transaction instead of granting twice.
 */
export async function fulfil(trx: Trx, order: Order, at: string): Promise<void> {
  switch (order.kind) {
    case 'post':
      await trx
        .insertInto('purchases')
        .values({
          post_id: order.postId as number,
          member_id: order.memberId,
          guest_key: order.memberId === null ? order.guestKey : null,
          order_id: order.id,
          granted_by: null,
          created_at: at,
          revoked_at: null,
          revoked_reason: null,
        })
        .execute()
      return
    case 'vip': {
      const plan = await findPlan(trx, order.planId as number)
      if (!plan || order.memberId === null) throw new Error(`VIP order ${order.orderNo} has no plan or member`)
      const startsAt = await vipQueueEnd(trx, order.memberId, at)
      const endsAt = new Date(Date.parse(startsAt) + plan.days * 86_400_000).toISOString()
      await trx
        .insertInto('vip_grants')
        .values({
          member_id: order.memberId,
          plan_id: plan.id,
          order_id: order.id,
          level: plan.level,
          benefit: plan.benefit,
          discount_percent: plan.discountPercent,
          starts_at: startsAt,
          ends_at: endsAt,
          granted_by: null,
          created_at: at,
          revoked_at: null,
        })
        .execute()
      return
    }
    case 'topup': {
      const r = await changeBalance(trx, { memberId: order.memberId as number, delta: order.amount, kind: 'topup', orderId: order.id, note: order.title, at })
      if (!r.ok) throw new Error(`top-up ${order.orderNo} could not be credited`)
      return
    }
  }
}

/**
 * Takes back what an order gave, at the moment of a refund (DESIGN.md: a
 * refund removes the right immediately). A top-up's refund takes the money back
 * out of the balance; if it was spent, the refund is refused.
 */
export async function unfulfil(trx: Trx, order: Order, refund: { amount: number; refundNo: string }, at: string, reason: string): Promise<void> {
  switch (order.kind) {
    case 'post':
      await trx.updateTable('purchases').set({ revoked_at: at, revoked_reason: reason }).where('order_id', '=', order.id).where('revoked_at', 'is', null).execute()
      return
    case 'vip':
      await trx.updateTable('vip_grants').set({ revoked_at: at }).where('order_id', '=', order.id).where('revoked_at', 'is', null).execute()
      return
    case 'topup': {
      const r = await changeBalance(trx, { memberId: order.memberId as number, delta: -refund.amount, kind: 'refund', orderId: order.id, ref: refund.refundNo, note: reason, at })
      if (!r.ok) throw commerceError('REFUND_BALANCE_SPENT')
      return
    }
  }
}
