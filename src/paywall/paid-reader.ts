import type { FullDb } from '../platform/db/database.ts'
import type { Entitlement } from './entitlement.ts'
import { listPaidSegments } from './paid-segment.repository.ts'

export interface PaidSegment {
  position: number
  html: string
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
  }
}
export type PaidReader = ReturnType<typeof createPaidReader>
