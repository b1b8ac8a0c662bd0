import { sql } from 'kysely'
import type { Db, DbOrTrx } from '../platform/db/database.ts'
import { compiledRead } from '../platform/db/compiled-read.ts'
import type { Buyer } from './order.ts'

/** A running (not revoked) purchase of a post by this buyer, if any. */
export async function findBuyerPurchase(db: DbOrTrx, buyer: Buyer, postId: number): Promise<{ id: number } | undefined> {
  let q = db.selectFrom('purchases').select('id').where('post_id', '=', postId).where('revoked_at', 'is', null)
  q = buyer.kind === 'member' ? q.where('member_id', '=', buyer.memberId) : q.where('guest_key', '=', buyer.guestKey).where('member_id', 'is', null)
  return q.limit(1).executeTakeFirst()
}

/**
 * Whether a viewer holds a running purchase of a post: as a member, or on
 * this browser as a guest (a guest key that was claimed into an account no
 * longer counts as a guest's; the account holds it).
 */
const memberHolds = compiledRead(
  (db: Db, postId: number, memberId: number) =>
    db.selectFrom('purchases').select('id').where('post_id', '=', postId).where('revoked_at', 'is', null).where('member_id', '=', memberId).limit(sql.lit(1)),
  [0, 0] as [number, number],
)

export async function holdsPurchase(db: Db, who: { memberId?: number; guestKey?: string }, postId: number): Promise<boolean> {
  if (who.memberId === undefined && who.guestKey === undefined) return false
  // the common case, a member with no guest cookie: the reader's page pays for every microsecond
  if (who.guestKey === undefined) return (await memberHolds(db, postId, who.memberId as number)).length > 0
  const row = await db
    .selectFrom('purchases')
    .select('id')
    .where('post_id', '=', postId)
    .where('revoked_at', 'is', null)
    .where((eb) => {
      const ors = []
      if (who.memberId !== undefined) ors.push(eb('member_id', '=', who.memberId))
      if (who.guestKey !== undefined) ors.push(eb.and([eb('guest_key', '=', who.guestKey), eb('member_id', 'is', null)]))
      return eb.or(ors)
    })
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function listMemberPurchases(db: DbOrTrx, memberId: number, limit: number) {
  return db
    .selectFrom('purchases')
    .innerJoin('posts', 'posts.id', 'purchases.post_id')
    .select(['posts.title', 'posts.slug', 'purchases.created_at', 'purchases.revoked_at', 'purchases.granted_by'])
    .where('purchases.member_id', '=', memberId)
    .orderBy('purchases.id', 'desc')
    .limit(limit)
    .execute()
}

/**
 * The posts that at least `min` people bought and still hold (paid orders only: a
 * staff grant is no sale), with how many: for 已有 N 人购买, read for all posts at once.
 */
export async function listBuyerCounts(db: DbOrTrx, min: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('purchases')
    .select(['post_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('revoked_at', 'is', null)
    .where('order_id', 'is not', null)
    .groupBy('post_id')
    .having((eb) => eb.fn.countAll(), '>=', min)
    .execute()
  return new Map(rows.map((r) => [r.post_id, Number(r.n)]))
}
