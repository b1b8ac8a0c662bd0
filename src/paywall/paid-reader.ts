import type { FullDb } from '../platform/db/database.ts'
import type { Entitlement } from './entitlement.ts'
import { findCustomFields, findRevision, findSource, listPaidSegmentBytes, listPaidSegments, listRevisions, putCustomFields, type CustomField } from './paid-segment.repository.ts'
import type { PostSourceTable } from './paid-segment.table.ts'

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
    /**
     * The source a post was saved from, paid regions and all, for its editor: with an
     * entitlement to that post, or for a post that holds no paid text (`paidRegionCount`
     * 0, as stored with its segments: then nothing in the source is paid).
     */
    async readSource<E extends Entitlement>(post: { id: number; paidRegionCount: number }, entitlement: NotAny<E> | undefined): Promise<PostSource | undefined> {
      if (post.paidRegionCount > 0 && entitlement?.postId !== post.id) return undefined
      return findSource(db, post.id)
    },
    /**
     * The columns another engine kept beside the post: to its editors only (an
     * entitlement from `editorOf`), whatever the post holds today, as they were
     * never redacted where they came from.
     */
    async readCustomFields<E extends Entitlement>(post: { id: number }, entitlement: NotAny<E> | undefined): Promise<{ source: string; fields: CustomField[] } | undefined> {
      if (entitlement?.postId !== post.id) return undefined
      return findCustomFields(db, post.id)
    },
    /** The post's earlier sources, newest first (no text): to whom may read its source. */
    async listRevisions<E extends Entitlement>(post: { id: number; paidRegionCount: number }, entitlement: NotAny<E> | undefined) {
      if (post.paidRegionCount > 0 && entitlement?.postId !== post.id) return undefined
      return listRevisions(db, post.id)
    },
    /**
     * One earlier source. An earlier source may hold paid text although the post has
     * none now: it takes an entitlement whatever the post holds today.
     */
    async readRevision<E extends Entitlement>(post: { id: number }, entitlement: NotAny<E> | undefined, id: number) {
      if (entitlement?.postId !== post.id) return undefined
      return findRevision(db, post.id, id)
    },
  }
}
export interface PostSource {
  format: PostSourceTable['format']
  source: string
}

export type PaidReader = ReturnType<typeof createPaidReader>

/**
 * The capability to keep another engine's columns beside the posts it brought
 * (a migration), made where the full handle is (the command, the composition
 * root) and handed to migrate/.
 */
export function grantCustomFieldsWriter(db: FullDb): (postId: number, source: string, fields: CustomField[], at: string) => Promise<void> {
  return (postId, source, fields, at) => putCustomFields(db, postId, source, fields, at)
}
export type { CustomField }
