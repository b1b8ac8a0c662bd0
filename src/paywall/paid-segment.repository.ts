import { sql, type Transaction } from 'kysely'
import { compiledRead } from '../platform/db/compiled-read.ts'
import { utf8Bytes } from '../platform/db/utf8-bytes.ts'
import type { Database, FullDb, Trx } from '../platform/db/database.ts'
import type { PaidSegmentRow, PostSourceTable } from './paid-segment.table.ts'

/**
 * The only module that names the paywall tables. Reads go through paid-reader.ts;
 * writes happen inside the post's save transaction.
 */
type FullTrx = Transaction<Database>
const widen = (trx: Trx): FullTrx => trx as unknown as FullTrx

/** The paid segments of one page of a post (the page's paid positions are in post_segments). */
const ofPage = (db: FullDb, postId: number, postId2: number, page: number) =>
  db
    .selectFrom('post_paid_segments')
    .where('post_id', '=', postId)
    .where('position', 'in', (sub) => sub.selectFrom('post_segments').select('position').where('post_id', '=', postId2).where('page', '=', page).where('kind', '=', sql.lit('paid')))
    .orderBy('position')

const paidOfPage = compiledRead((db: FullDb, postId: number, postId2: number, page: number) => ofPage(db, postId, postId2, page).selectAll(), [0, 0, 0] as [number, number, number])
const paidBytesOfPage = compiledRead((db: FullDb, postId: number, postId2: number, page: number) => ofPage(db, postId, postId2, page).select(['position', utf8Bytes(db, 'html').as('html')]), [
  0, 0, 0,
] as [number, number, number])

/** One page's paid segments as UTF-8 bytes (see utf8-bytes.ts). */
export function listPaidSegmentBytes(db: FullDb, postId: number, page: number): Promise<Array<{ position: number; html: Uint8Array }>> {
  return paidBytesOfPage(db, postId, postId, page)
}

export async function listPaidSegments(db: FullDb, postId: number, page?: number): Promise<PaidSegmentRow[]> {
  // a buyer's every page view reads this: compiled once
  if (page !== undefined) return paidOfPage(db, postId, postId, page)
  return db.selectFrom('post_paid_segments').selectAll().where('post_id', '=', postId).orderBy('position').execute()
}

export async function replacePaidSegments(trx: Trx, postId: number, rows: Array<{ position: number; html: string; charCount: number }>): Promise<void> {
  const t = widen(trx)
  await t.deleteFrom('post_paid_segments').where('post_id', '=', postId).execute()
  if (rows.length) {
    await t
      .insertInto('post_paid_segments')
      .values(rows.map((r) => ({ post_id: postId, position: r.position, html: r.html, char_count: r.charCount })))
      .execute()
  }
}

/** revisions kept per post: the newest this many */
export const REVISIONS_KEPT = 50

/**
 * Stores a post's source; the one it replaces, when different, becomes a
 * revision (the newest REVISIONS_KEPT are kept).
 */
export async function putSource(trx: Trx, postId: number, format: PostSourceTable['format'], source: string, saved: { at: string; by: string }): Promise<void> {
  const t = widen(trx)
  const before = await t.selectFrom('post_sources').select(['format', 'source']).where('post_id', '=', postId).executeTakeFirst()
  if (before && (before.source !== source || before.format !== format)) {
    await t.insertInto('post_revisions').values({ post_id: postId, format: before.format, source: before.source, saved_at: saved.at, saved_by: saved.by }).execute()
    const old = await t.selectFrom('post_revisions').select('id').where('post_id', '=', postId).orderBy('id', 'desc').offset(REVISIONS_KEPT).limit(1000).execute()
    if (old.length)
      await t
        .deleteFrom('post_revisions')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .execute()
  }
  await t
    .insertInto('post_sources')
    .values({ post_id: postId, format, source })
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ format, source }))
    .execute()
}

/** A post's source inside a write transaction (the preview-share recompile). */
export async function findSourceIn(trx: Trx, postId: number): Promise<{ format: PostSourceTable['format']; source: string } | undefined> {
  return widen(trx).selectFrom('post_sources').select(['format', 'source']).where('post_id', '=', postId).executeTakeFirst()
}

export async function findSource(db: FullDb, postId: number): Promise<{ format: PostSourceTable['format']; source: string } | undefined> {
  return db.selectFrom('post_sources').select(['format', 'source']).where('post_id', '=', postId).executeTakeFirst()
}

/** A name and its value, as another engine kept it beside a post. */
export interface CustomField {
  name: string
  value: string
}

export async function findCustomFields(db: FullDb, postId: number): Promise<{ source: string; fields: CustomField[] } | undefined> {
  const row = await db.selectFrom('post_custom_fields').select(['source', 'fields']).where('post_id', '=', postId).executeTakeFirst()
  return row ? { source: row.source, fields: JSON.parse(row.fields) as CustomField[] } : undefined
}

/** Keeps (or replaces; none: drops) a post's custom fields. */
export async function putCustomFields(db: FullDb, postId: number, source: string, fields: CustomField[], at: string): Promise<void> {
  if (!fields.length) {
    await db.deleteFrom('post_custom_fields').where('post_id', '=', postId).execute()
    return
  }
  const row = { post_id: postId, source, fields: JSON.stringify(fields), updated_at: at }
  await db
    .insertInto('post_custom_fields')
    .values(row)
    .onConflict((oc) => oc.column('post_id').doUpdateSet({ source, fields: row.fields, updated_at: at }))
    .execute()
}

/** A post's revisions, newest first, without their text. */
export async function listRevisions(db: FullDb, postId: number): Promise<Array<{ id: number; savedAt: string; savedBy: string; format: string; length: number }>> {
  const rows = await db.selectFrom('post_revisions').select(['id', 'saved_at', 'saved_by', 'format', 'source']).where('post_id', '=', postId).orderBy('id', 'desc').execute()
  return rows.map((r) => ({ id: r.id, savedAt: r.saved_at, savedBy: r.saved_by, format: r.format, length: r.source.length }))
}

export async function findRevision(db: FullDb, postId: number, id: number): Promise<{ format: PostSourceTable['format']; source: string; savedAt: string } | undefined> {
  const r = await db.selectFrom('post_revisions').select(['format', 'source', 'saved_at']).where('post_id', '=', postId).where('id', '=', id).executeTakeFirst()
  return r && { format: r.format, source: r.source, savedAt: r.saved_at }
}

/** Paid html of many posts at once, for the search reindex (see paid-reader.ts). */
export async function listPaidSegmentsOf(db: FullDb, postIds: readonly number[]): Promise<PaidSegmentRow[]> {
  if (!postIds.length) return []
  return db.selectFrom('post_paid_segments').selectAll().where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute()
}

/** A staff member's autosaved draft of a post ('' for a new one). */
export async function findDraft(db: FullDb, memberId: number, postKey: string): Promise<{ fields: string; format: PostSourceTable['format']; source: string; savedAt: string } | undefined> {
  const row = await db.selectFrom('post_drafts').select(['fields', 'format', 'source', 'saved_at']).where('member_id', '=', memberId).where('post_key', '=', postKey).executeTakeFirst()
  return row ? { fields: row.fields, format: row.format, source: row.source, savedAt: row.saved_at } : undefined
}

export async function putDraft(db: FullDb, row: { memberId: number; postKey: string; fields: string; format: PostSourceTable['format']; source: string; savedAt: string }): Promise<void> {
  const values = { member_id: row.memberId, post_key: row.postKey, fields: row.fields, format: row.format, source: row.source, saved_at: row.savedAt }
  await db
    .insertInto('post_drafts')
    .values(values)
    .onConflict((oc) => oc.columns(['member_id', 'post_key']).doUpdateSet({ fields: values.fields, format: values.format, source: values.source, saved_at: values.saved_at }))
    .execute()
}

export async function deleteDraft(db: FullDb, memberId: number, postKey: string): Promise<void> {
  await db.deleteFrom('post_drafts').where('member_id', '=', memberId).where('post_key', '=', postKey).execute()
}
