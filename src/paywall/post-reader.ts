import { listPostSegments, type Post } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import type { Viewer } from '../members/viewer.ts'
import type { EntitlementReason } from './entitlement.ts'
import type { EntitlementService } from './entitlement.service.ts'
import type { PaidReader } from './paid-reader.ts'

/** A piece of a page as a viewer may see it. */
export type ReadableSegment =
  | { kind: 'free'; position: number; html: string; charCount: number }
  | { kind: 'locked'; position: number; charCount: number }
  | { kind: 'unlocked'; position: number; html: string; charCount: number }

export interface ReadablePage {
  segments: ReadableSegment[]
  /** true when paid text is in `segments`: the response must be private and uncached */
  hasPaidText: boolean
  /** why this viewer reads the paid regions, when they do */
  reason?: EntitlementReason
}

/**
 * Puts one page of a post together for a viewer: free segments always, paid
 * ones only through an entitlement. Every public surface (pages, API, feeds)
 * asks here, so the rule is applied in one place.
 */
export function createPostReader(deps: { db: Db; paid: PaidReader; entitlements: EntitlementService }) {
  return {
    /** whether this viewer may read the post's paid regions (the cashier asks before selling) */
    async canRead(viewer: Viewer, post: Post): Promise<boolean> {
      return (await deps.entitlements.check(viewer, post)) !== undefined
    },

    async readPage(viewer: Viewer, post: Post, page?: number): Promise<ReadablePage> {
      const [segments, entitlement] = await Promise.all([listPostSegments(deps.db, post.id, page), deps.entitlements.check(viewer, post)])
      if (!entitlement) {
        return { segments: segments.map((s) => (s.kind === 'free' ? { kind: 'free', position: s.position, html: s.html, charCount: s.charCount } : { kind: 'locked', position: s.position, charCount: s.charCount })), hasPaidText: false }
      }
      const paid = new Map((await deps.paid.readPaidSegments(entitlement, page)).map((p) => [p.position, p.html]))
      return {
        segments: segments.map((s): ReadableSegment => {
          if (s.kind === 'free') return { kind: 'free', position: s.position, html: s.html, charCount: s.charCount }
          const html = paid.get(s.position)
          return html === undefined ? { kind: 'locked', position: s.position, charCount: s.charCount } : { kind: 'unlocked', position: s.position, html, charCount: s.charCount }
        }),
        hasPaidText: paid.size > 0,
        reason: entitlement.reason,
      }
    },
  }
}
export type PostReader = ReturnType<typeof createPostReader>
