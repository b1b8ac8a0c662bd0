import type { Trx } from '../platform/db/database.ts'
import type { Cents } from '../shared/money.ts'
import { changeBalance } from './balance.ts'
import { newOrderNo } from './order-number.ts'

/**
 * What another site sold, brought in as it happened: a paid order of a post
 * by a member, with its amount and time, and the purchase it gave (unless the
 * member already holds the post: then the order alone, as a record). Its
 * journal says where it came from; no provider is asked about it.
 */
export async function importPaidOrder(
  trx: Trx,
  o: { memberId: number; postId: number; title: string; amount: Cents; createdAt: string; paidAt: string; source: string; sourceRef: string },
): Promise<{ orderId: number; purchased: boolean }> {
  const row = await trx
    .insertInto('orders')
    .values({
      order_no: newOrderNo(new Date(o.paidAt)),
      kind: 'post',
      member_id: o.memberId,
      guest_key: null,
      post_id: o.postId,
      plan_id: null,
      title: o.title,
      amount: o.amount,
      state: 'paid',
      paid_attempt_id: null,
      flag: null,
      created_at: o.createdAt,
      expires_at: o.createdAt,
      paid_at: o.paidAt,
      closed_at: null,
      updated_at: o.paidAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('order_events')
    .values({ order_id: row.id, action: 'import', from_state: null, to_state: 'paid', actor: `migration:${o.source}`, detail: JSON.stringify({ source: o.source, ref: o.sourceRef }), at: o.paidAt })
    .execute()
  const held = await trx.selectFrom('purchases').select('id').where('post_id', '=', o.postId).where('member_id', '=', o.memberId).where('revoked_at', 'is', null).executeTakeFirst()
  if (held) return { orderId: row.id, purchased: false }
  await trx
    .insertInto('purchases')
    .values({ post_id: o.postId, member_id: o.memberId, guest_key: null, order_id: row.id, granted_by: null, created_at: o.paidAt, revoked_at: null, revoked_reason: null })
    .execute()
  return { orderId: row.id, purchased: true }
}

/** A member's balance on the old site, as the first line of their ledger here (once: `ref` names it). */
export async function importOpeningBalance(trx: Trx, memberId: number, amount: Cents, ref: string, note: string, at: string): Promise<boolean> {
  if (amount <= 0) return false
  const done = await trx.selectFrom('balance_ledger').select('id').where('member_id', '=', memberId).where('ref', '=', ref).executeTakeFirst()
  if (done) return false
  const r = await changeBalance(trx, { memberId, delta: amount, kind: 'adjust', orderId: null, ref, note, at })
  return r.ok
}

/**
 * A subscription another site sold or gave (Ghost's paid and complimentary
 * members), as a grant of free reading that ends when it ended there. It is a
 * grant of a plan standing for the old site's subscription (made inactive, so
 * never offered for sale); `ref` names it, so a second run moves its end.
 */
export async function importVipGrant(trx: Trx, g: { memberId: number; planName: string; startsAt: string; endsAt: string; ref: string; at: string }): Promise<'created' | 'updated'> {
  let plan = await trx.selectFrom('vip_plans').select(['id', 'level']).where('name', '=', g.planName).executeTakeFirst()
  if (!plan) {
    plan = await trx
      .insertInto('vip_plans')
      .values({ name: g.planName, level: 1, days: 30, price: 0, benefit: 'free', discount_percent: 0, active: 0, recommended: 0, created_at: g.at, updated_at: g.at })
      .returning(['id', 'level'])
      .executeTakeFirstOrThrow()
  }
  const held = await trx.selectFrom('vip_grants').select('id').where('member_id', '=', g.memberId).where('granted_by', '=', g.ref).executeTakeFirst()
  if (held) {
    await trx.updateTable('vip_grants').set({ ends_at: g.endsAt, revoked_at: null }).where('id', '=', held.id).execute()
    return 'updated'
  }
  await trx
    .insertInto('vip_grants')
    .values({
      member_id: g.memberId,
      plan_id: plan.id,
      order_id: null,
      level: plan.level,
      benefit: 'free',
      discount_percent: 0,
      starts_at: g.startsAt,
      ends_at: g.endsAt,
      granted_by: g.ref,
      created_at: g.at,
      revoked_at: null,
    })
    .execute()
  return 'created'
}
