import type { DbOrTrx, Trx } from '../platform/db/database.ts'

/** Replaces the files a post uses (called by the paywall as it stores a compiled body, in its transaction). */
export async function replaceMediaRefs(trx: Trx, postId: number, refs: { free: readonly string[]; paid: readonly string[] }): Promise<void> {
  await trx.deleteFrom('media_refs').where('post_id', '=', postId).execute()
  const rows = [...refs.free.map((key) => ({ post_id: postId, media_key: key, paid: 0 })), ...refs.paid.map((key) => ({ post_id: postId, media_key: key, paid: 1 }))]
  if (rows.length) await trx.insertInto('media_refs').values(rows).execute()
}

/** Who uses a file: each post, and whether from a paid region. */
export async function listMediaRefs(db: DbOrTrx, key: string): Promise<Array<{ postId: number; paid: boolean }>> {
  const rows = await db.selectFrom('media_refs').select(['post_id', 'paid']).where('media_key', '=', key).orderBy('paid', 'desc').limit(200).execute()
  return rows.map((r) => ({ postId: r.post_id, paid: Number(r.paid) === 1 }))
}
