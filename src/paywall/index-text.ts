import type { FullDb } from '../platform/db/database.ts'
import { htmlToText } from '../shared/text.ts'
import { listPaidSegmentsOf } from './paid-segment.repository.ts'
import type { IndexText } from './post-body.service.ts'

declare const grantBrand: unique symbol

/**
 * The capability to read stored posts' text, free and paid, for the search index.
 * Made from the full database handle by a composition root (the command line's
 * reindex; the server never needs it) and handed to the indexer only. Without one
 * there is no way to `readIndexText`: the function holds no handle of its own.
 */
export interface IndexTextGrant {
  readonly [grantBrand]: true
}

const handles = new WeakMap<object, FullDb>()

export function grantIndexText(db: FullDb): IndexTextGrant {
  const grant = Object.freeze({}) as IndexTextGrant
  handles.set(grant, db)
  return grant
}

/**
 * The text of stored posts as the body writer hands it to the index at save time.
 * It goes to search/ only (an ESLint rule), which turns it into tokens and never shows it.
 */
export async function readIndexText(grant: IndexTextGrant, postIds: readonly number[]): Promise<Map<number, IndexText>> {
  const db = handles.get(grant)
  if (!db) throw new Error('readIndexText: not a grant')
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
