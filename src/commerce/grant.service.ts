import { findPostBySlug } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'
import type { Actor } from './order.ts'

/**
 * Staff giving or taking the right to read a post by hand (a gift, a
 * complaint). Recorded with who did it; revoking ends every running purchase
 * of that post by that member, bought or granted.
 */
export function createGrantService(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  async function target(memberId: number, postSlug: string) {
    const member = await db.selectFrom('members').select('id').where('id', '=', memberId).executeTakeFirst()
    if (!member) throw commerceError('GRANT_MEMBER_NOT_FOUND')
    const post = await findPostBySlug(db, postSlug)
    if (!post) throw commerceError('GRANT_POST_NOT_FOUND')
    return post
  }
  return {
    async grantPurchase(memberId: number, postSlug: string, actor: Actor, reason: string): Promise<{ granted: boolean }> {
      const post = await target(memberId, postSlug)
      const at = deps.now().toISOString()
      return db.transaction().execute(async (trx) => {
        const running = await trx.selectFrom('purchases').select('id').where('member_id', '=', memberId).where('post_id', '=', post.id).where('revoked_at', 'is', null).executeTakeFirst()
        if (running) return { granted: false }
        await trx
          .insertInto('purchases')
          .values({ post_id: post.id, member_id: memberId, guest_key: null, order_id: null, granted_by: `${actor}: ${reason}`.slice(0, 300), created_at: at, revoked_at: null, revoked_reason: null })
          .execute()
        return { granted: true }
      })
    },
    async revokePurchase(memberId: number, postSlug: string, actor: Actor, reason: string): Promise<{ revoked: number }> {
      const post = await target(memberId, postSlug)
      const r = await db
        .updateTable('purchases')
        .set({ revoked_at: deps.now().toISOString(), revoked_reason: `${actor}: ${reason}`.slice(0, 300) })
        .where('member_id', '=', memberId)
        .where('post_id', '=', post.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return { revoked: Number(r.numUpdatedRows) }
    },
  }
}
export type GrantService = ReturnType<typeof createGrantService>
