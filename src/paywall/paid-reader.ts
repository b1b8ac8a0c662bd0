import type { FullDb } from '../platform/db/database.ts'
import type { Entitlement } from './entitlement.ts'
import { listPaidSegmentBytes, listPaidSegments } from './paid-segment.repository.ts'

export interface PaidSegment<H extends string | Uint8Array = string> {
  position: number
  html: H
}

/** `any` is assignable to every type: a door that took it would open for code that never checked anything. */
type NotAny<T> = 0 extends 1 & T ? never : T

/**
 * The one door to paid text: it takes an Entitlement, which only the entitlement
 * service can mint, and reads the paid segments of that entitlement's post only.
 */
export function createPaidReader(db: FullDb) {
  return {
    async readPaidSegments<E extends Entitlement>(entitlement: NotAny<E>, page?: number): Promise<PaidSegment[]> {
      const rows = await listPaidSegments(db, entitlement.postId, page)
      return rows.map((r) => ({ position: r.position, html: r.html }))
    },
    /** the same, one page, as UTF-8 bytes for a page that goes out as bytes */
    readPaidSegmentBytes<E extends Entitlement>(entitlement: NotAny<E>, page: number): Promise<Array<PaidSegment<Uint8Array>>> {
      return listPaidSegmentBytes(db, entitlement.postId, page)
    },
  }
}
export type PaidReader = ReturnType<typeof createPaidReader>
