import { listPostSegmentBytes, listPostSegments, type Post, type PostSegment } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import type { Viewer } from '../members/viewer.ts'
import type { Entitlement, EntitlementReason } from './entitlement.ts'
import type { EntitlementService } from './entitlement.service.ts'
import type { PaidReader, PaidSegment, PostSource } from './paid-reader.ts'

/** A piece of a page as a viewer may see it: HTML as text, or as UTF-8 bytes for a page that goes out as bytes. */
export type ReadableSegment<H extends string | Uint8Array = string> =
  { kind: 'free'; position: number; html: H; charCount: number } | { kind: 'locked'; position: number; charCount: number } | { kind: 'unlocked'; position: number; html: H; charCount: number }

export interface ReadablePage<H extends string | Uint8Array = string> {
  segments: Array<ReadableSegment<H>>
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
  /** the rule, whatever form the HTML is read in */
  async function read<H extends string | Uint8Array>(
    viewer: Viewer,
    post: Post,
    free: () => Promise<Array<PostSegment<H>>>,
    paidOf: (entitlement: Entitlement) => Promise<Array<PaidSegment<H>>>,
  ): Promise<ReadablePage<H>> {
    const [segments, entitlement] = await Promise.all([free(), deps.entitlements.check(viewer, post)])
    if (!entitlement) {
      return {
        segments: segments.map((s): ReadableSegment<H> =>
          s.kind === 'free' ? { kind: 'free', position: s.position, html: s.html, charCount: s.charCount } : { kind: 'locked', position: s.position, charCount: s.charCount },
        ),
        hasPaidText: false,
      }
    }
    const paid = new Map((await paidOf(entitlement)).map((p) => [p.position, p.html]))
    return {
      segments: segments.map((s): ReadableSegment<H> => {
        if (s.kind === 'free') return { kind: 'free', position: s.position, html: s.html, charCount: s.charCount }
        const html = paid.get(s.position)
        return html === undefined ? { kind: 'locked', position: s.position, charCount: s.charCount } : { kind: 'unlocked', position: s.position, html, charCount: s.charCount }
      }),
      hasPaidText: paid.size > 0,
      reason: entitlement.reason,
    }
  }

  return {
    /** whether this viewer may read the post's paid regions (the cashier asks before selling) */
    async canRead(viewer: Viewer, post: Post): Promise<boolean> {
      return (await deps.entitlements.check(viewer, post)) !== undefined
    },

    readPage(viewer: Viewer, post: Post, page?: number): Promise<ReadablePage> {
      return read(
        viewer,
        post,
        () => listPostSegments(deps.db, post.id, page),
        (e) => deps.paid.readPaidSegments(e, page),
      )
    },

    /**
     * A post's source for its editor. The caller has checked that the actor may write
     * the post; this door checks again that they may read its paid regions (staff, or
     * its author), and refuses otherwise.
     */
    async readSource(viewer: Viewer, post: Post): Promise<PostSource | undefined> {
      return deps.paid.readSource(post, await deps.entitlements.check(viewer, post))
    },

    /** The columns another engine kept beside the post (a migration): to its editors only (staff, its author). */
    readCustomFields(viewer: Viewer, post: Post) {
      return deps.paid.readCustomFields(post, deps.entitlements.editorOf(viewer, post))
    },

    /** A post's earlier sources (without text), and one of them: to its editors only (staff, its author). */
    listRevisions(viewer: Viewer, post: Post) {
      const entitlement = deps.entitlements.editorOf(viewer, post)
      return entitlement ? deps.paid.listRevisions(post, entitlement) : Promise.resolve(undefined)
    },
    readRevision(viewer: Viewer, post: Post, id: number) {
      return deps.paid.readRevision(post, deps.entitlements.editorOf(viewer, post), id)
    },

    /** the same page with its HTML as UTF-8 bytes, for an HTML page that is sent as bytes */
    readPageBytes(viewer: Viewer, post: Post, page: number): Promise<ReadablePage<Uint8Array>> {
      return read(
        viewer,
        post,
        () => listPostSegmentBytes(deps.db, post.id, page),
        (e) => deps.paid.readPaidSegmentBytes(e, page),
      )
    },
  }
}
export type PostReader = ReturnType<typeof createPostReader>
