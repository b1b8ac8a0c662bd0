import { findPostBySlug } from '../content/index.ts'
import { findMemberForLogin } from '../members/index.ts'
import { actorLabel, type Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'

/**
 * Staff giving or taking the right to read a post by hand (a gift, a
 * complaint). Recorded with who did it; revoking ends every running purchase
 * of that post by that member, bought or granted.
 */
export function createGrantService(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  /** `member` is an id, a username or an e-mail */
  async function target(member: string, postSlug: string) {
    const found = /^\d+$/.test(member) ? await db.selectFrom('members').select('id').where('id', '=', Number(member)).executeTakeFirst() : await findMemberForLogin(db, member)
    if (!found) throw commerceError('GRANT_MEMBER_NOT_FOUND')
    const post = await findPostBySlug(db, postSlug)
    if (!post) throw commerceError('GRANT_POST_NOT_FOUND')
    return { memberId: found.id, post }
  }
  const checkReason = (raw: string) => {
    const reason = raw.trim()
    if (!reason) throw commerceError('GRANT_REASON_REQUIRED')
    return reason
  }
  return {
    async grantPurchase(actor: Actor, member: string, postSlug: string, reasonText: string): Promise<{ granted: boolean }> {
      authorize(actor, 'purchase.grant')
      const reason = checkReason(reasonText)
      const { memberId, post } = await target(member, postSlug)
      const now = deps.now()
      const at = now.toISOString()
      return db.transaction().execute(async (trx) => {
        const running = await trx.selectFrom('purchases').select('id').where('member_id', '=', memberId).where('post_id', '=', post.id).where('revoked_at', 'is', null).executeTakeFirst()
        if (running) return { granted: false }
        await trx
          .insertInto('purchases')
          .values({
            post_id: post.id,
            member_id: memberId,
            guest_key: null,
            order_id: null,
            granted_by: `${actorLabel(actor)}: ${reason}`.slice(0, 300),
            created_at: at,
            revoked_at: null,
            revoked_reason: null,
          })
          .execute()
        await recordAudit(trx, actor, now, { action: 'purchase.grant', target: `member:${memberId}`, detail: { post: post.slug, reason } })
        return { granted: true }
      })
    },
    async revokePurchase(actor: Actor, member: string, postSlug: string, reasonText: string): Promise<{ revoked: number }> {
      authorize(actor, 'purchase.grant')
      const reason = checkReason(reasonText)
      const { memberId, post } = await target(member, postSlug)
      const now = deps.now()
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('purchases')
          .set({ revoked_at: now.toISOString(), revoked_reason: `${actorLabel(actor)}: ${reason}`.slice(0, 300) })
          .where('member_id', '=', memberId)
          .where('post_id', '=', post.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
        const revoked = Number(r.numUpdatedRows)
        if (revoked) await recordAudit(trx, actor, now, { action: 'purchase.revoke', target: `member:${memberId}`, detail: { post: post.slug, reason, revoked } })
        return { revoked }
      })
    },
  }
}
export type GrantService = ReturnType<typeof createGrantService>
