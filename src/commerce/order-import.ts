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
