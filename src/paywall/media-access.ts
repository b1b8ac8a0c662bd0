import { findPostsByIds, type Post } from '../content/index.ts'
import { listMediaRefs } from '../media/index.ts'
import type { Viewer } from '../members/viewer.ts'
import { can } from '../platform/access/permissions.ts'
import type { Db } from '../platform/db/database.ts'
import type { EntitlementService } from './entitlement.service.ts'

/**
 * Who may have an uploaded file's bytes, decided from the posts that use it:
 * - `paid`: a paid region of some post uses it. Only a viewer entitled to one of
 *   those posts (or staff) gets it, through a short-lived signed URL; whatever
 *   else uses it, the paid use wins (failing closed).
 * - `public`: free text or the cover of a published post uses it, or the site
 *   shows it (the logo): anyone, from any cache.
 * - otherwise it is not yet anywhere public (just uploaded, in a draft, a
 *   scheduled post): the console's people only (an author uploads before saving).
 */
export type MediaAccess = { kind: 'public' } | { kind: 'signed' } | { kind: 'locked' } | { kind: 'absent' }

export function createMediaAccess(deps: { db: Db; entitlements: EntitlementService; now: () => Date; siteKeys: () => ReadonlySet<string> }) {
  const mayUseConsole = (viewer: Viewer) => viewer.kind === 'member' && can({ kind: 'member', memberId: viewer.memberId, username: viewer.username, role: viewer.role, via: 'site' }, 'console.enter')
  const isOut = (post: Post, now: string) => post.status === 'published' && post.publishedAt !== null && post.publishedAt <= now
  return {
    async decide(viewer: Viewer, key: string): Promise<MediaAccess> {
      const refs = await listMediaRefs(deps.db, key)
      const paidIds = refs.filter((r) => r.paid).map((r) => r.postId)
      if (paidIds.length) {
        const posts = await findPostsByIds(deps.db, paidIds)
        // staff and each post's author are entitled there too; another author is not
        for (const post of posts) if (await deps.entitlements.check(viewer, post)) return { kind: 'signed' }
        return { kind: 'locked' }
      }
      if (deps.siteKeys().has(key)) return { kind: 'public' }
      const freeIds = refs.map((r) => r.postId)
      if (freeIds.length) {
        const now = deps.now().toISOString()
        if ((await findPostsByIds(deps.db, freeIds)).some((p) => isOut(p, now))) return { kind: 'public' }
      }
      return mayUseConsole(viewer) ? { kind: 'signed' } : { kind: 'absent' }
    },
  }
}

export type MediaAccessService = ReturnType<typeof createMediaAccess>
