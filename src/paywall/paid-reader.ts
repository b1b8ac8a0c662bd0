import type { FullDb } from '../platform/db/database.ts'
import type { Entitlement } from './entitlement.ts'
import { htmlToText } from '../shared/text.ts'
import { listPaidSegmentBytes, listPaidSegments, listPaidSegmentsOf } from './paid-segment.repository.ts'
import type { IndexText } from './post-body.service.ts'

export interface PaidSegment<H extends string | Uint8Array = string> {
  position: number
  html: H
}

/**
 * The one door to paid text: it takes an Entitlement, which only the entitlement
 * service can mint, and reads the paid segments of that entitlement's post only.
 */
export function createPaidReader(db: FullDb) {
  return {
    async readPaidSegments(entitlement: Entitlement, page?: number): Promise<PaidSegment[]> {
      const rows = await listPaidSegments(db, entitlement.postId, page)
      return rows.map((r) => ({ position: r.position, html: r.html }))
    },
    /** the same, one page, as UTF-8 bytes for a page that goes out as bytes */
    readPaidSegmentBytes(entitlement: Entitlement, page: number): Promise<Array<PaidSegment<Uint8Array>>> {
      return listPaidSegmentBytes(db, entitlement.postId, page)
    },
  }
}
export type PaidReader = ReturnType<typeof createPaidReader>

/**
 * The search reindex's way to the text of stored posts: the same text the body
 * writer hands the index at save time. It returns to search/ only (a rule in
 * test/boundaries.test.ts), which turns it into tokens and never shows it.
 */
export function createIndexTextReader(db: FullDb) {
  return async function readIndexText(postIds: readonly number[]): Promise<Map<number, IndexText>> {
    const out = new Map<number, IndexText>(postIds.map((id) => [id, { free: '', paid: '' }]))
    if (!postIds.length) return out
    const free = await db.selectFrom('post_segments').select(['post_id', 'html']).where('post_id', 'in', postIds).where('kind', '=', 'free').orderBy('post_id').orderBy('position').execute()
    for (const row of free) {
      const t = out.get(row.post_id)
      if (t) t.free += (t.free ? '\n' : '') + htmlToText(row.html)
    }
    for (const row of await listPaidSegmentsOf(db, postIds)) {
      const t = out.get(row.post_id)
      if (t) t.paid += (t.paid ? '\n' : '') + htmlToText(row.html)
    }
    return out
  }
}
export type ReadIndexText = ReturnType<typeof createIndexTextReader>
