import type { DbOrTrx } from '../platform/db/database.ts'

/** Records a file a reader took (DOCX, PDF) of a post they may read. */
export async function recordDownload(db: DbOrTrx, d: { postId: number; memberId: number | null; guestKey: string | null; format: string; ip: string; at: string }): Promise<void> {
  await db.insertInto('downloads').values({ post_id: d.postId, member_id: d.memberId, guest_key: d.guestKey, format: d.format, ip: d.ip, at: d.at }).execute()
}
