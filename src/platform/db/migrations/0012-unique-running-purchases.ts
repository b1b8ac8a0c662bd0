import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * One running purchase per post and buyer (a member, or a guest's browser), kept by
 * the database: two payments for one post settling at the same moment cannot both
 * grant it; the second is refunded (commerce/order.service.ts, `bought_twice`).
 *
 * A site that ran the first release may hold such doubles already (the review paid
 * for one post twice). The first purchase stays; each later one is ended and its
 * order flagged `bought_twice` with a note, for a person to refund: money is never
 * moved by a migration.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const at = new Date().toISOString()
  const doubles = await sql<{ id: number; order_id: number | null }>`
    SELECT p.id, p.order_id FROM purchases p
    WHERE p.revoked_at IS NULL AND EXISTS (
      SELECT 1 FROM purchases q
      WHERE q.revoked_at IS NULL AND q.post_id = p.post_id AND q.id < p.id
        AND ((p.member_id IS NOT NULL AND q.member_id = p.member_id)
          OR (p.member_id IS NULL AND q.member_id IS NULL AND q.guest_key = p.guest_key)))
    ORDER BY p.id`.execute(db)
  for (const d of doubles.rows) {
    await db.updateTable('purchases').set({ revoked_at: at, revoked_reason: '重复购买：同一文档已有购买记录，请人工退款' }).where('id', '=', d.id).execute()
    if (d.order_id === null) continue
    await db.updateTable('orders').set({ flag: 'bought_twice', updated_at: at }).where('id', '=', d.order_id).execute()
    await db
      .insertInto('order_events')
      .values({
        order_id: d.order_id,
        action: 'bought_twice',
        from_state: null,
        to_state: null,
        actor: 'system',
        detail: 'found by migration 0012: the buyer held the post already; refund by hand',
        at,
      })
      .execute()
  }
  await sql`CREATE UNIQUE INDEX purchases_running_by_member ON purchases (post_id, member_id) WHERE revoked_at IS NULL AND member_id IS NOT NULL`.execute(db)
  await sql`CREATE UNIQUE INDEX purchases_running_by_guest ON purchases (post_id, guest_key) WHERE revoked_at IS NULL AND member_id IS NULL`.execute(db)
}
