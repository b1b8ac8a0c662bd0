import { sql } from 'kysely'
import { compiledRead } from '../platform/db/compiled-read.ts'
import type { DbOrTrx } from '../platform/db/database.ts'
import { WORD_SEPARATOR, type IndexDoc } from './search-engine.ts'

const MAX_WORDS = 6

/**
 * The words a post's related posts are found by: its tags' words, then its
 * title's longest words (two characters or more, not bare numbers), six at
 * most. Taken from the index document at index time, so a post page never
 * segments text (and never loads the segmenter's dictionary).
 */
export function relatedWordsOf(doc: Pick<IndexDoc, 'title' | 'tags'>): string[] {
  const split = (packed: string) => (packed ? packed.split(WORD_SEPARATOR) : [])
  const words = new Set<string>()
  for (const w of split(doc.tags)) if (words.size < MAX_WORDS && [...w].length >= 2) words.add(w)
  const title = split(doc.title)
    .filter((w) => [...w].length >= 2 && !/^\d+$/.test(w))
    .sort((a, b) => b.length - a.length)
  for (const w of title) if (words.size < MAX_WORDS) words.add(w)
  return [...words]
}

/** Saves each post's words; a ranking made for other words is dropped (the refresh ranks them again). */
export async function saveRelatedWords(trx: DbOrTrx, docs: readonly IndexDoc[]): Promise<void> {
  if (!docs.length) return
  const rows = docs.map((d) => ({ post_id: d.postId, words: relatedWordsOf(d).join(WORD_SEPARATOR) }))
  const same = sql<boolean>`post_related_words.words = excluded.words`
  await trx
    .insertInto('post_related_words')
    .values(rows)
    .onConflict((oc) =>
      oc.column('post_id').doUpdateSet((eb) => ({
        words: eb.ref('excluded.words'),
        related_ids: sql<string | null>`CASE WHEN ${same} THEN post_related_words.related_ids ELSE NULL END`,
        related_at: sql<string>`CASE WHEN ${same} THEN post_related_words.related_at ELSE '' END`,
      })),
    )
    .execute()
}

export interface RelatedRow {
  words: string[]
  /** the words as stored: a ranking is saved only while they are still these */
  packed: string
  /** ranked ahead of time for these words, best first; undefined until then */
  ids: number[] | undefined
}

const relatedRow = compiledRead((db: DbOrTrx, postId: number) => db.selectFrom('post_related_words').select(['words', 'related_ids']).where('post_id', '=', postId), [0] as [number])

export async function findRelated(db: DbOrTrx, postId: number): Promise<RelatedRow | undefined> {
  const [row] = await relatedRow(db, postId)
  if (!row) return undefined
  return { words: splitWords(row.words), packed: row.words, ids: row.related_ids === null ? undefined : row.related_ids ? row.related_ids.split(',').map(Number) : [] }
}

/** Posts whose ranking is missing or was made before `before`, never-ranked first. */
export async function findStaleRelated(db: DbOrTrx, before: string, limit: number): Promise<Array<{ postId: number; words: string[]; packed: string }>> {
  const rows = await db.selectFrom('post_related_words').select(['post_id', 'words']).where('related_at', '<', before).orderBy('related_at').limit(limit).execute()
  return rows.map((r) => ({ postId: r.post_id, words: splitWords(r.words), packed: r.words }))
}

/** Posts never ranked yet (just imported or reindexed), in id order. */
export async function findUnranked(db: DbOrTrx, afterId: number, limit: number): Promise<Array<{ postId: number; words: string[]; packed: string }>> {
  const rows = await db.selectFrom('post_related_words').select(['post_id', 'words']).where('related_at', '=', '').where('post_id', '>', afterId).orderBy('post_id').limit(limit).execute()
  return rows.map((r) => ({ postId: r.post_id, words: splitWords(r.words), packed: r.words }))
}

/** Stores a ranking, unless the post's words changed since it was made (`packed`: the words it was made for). */
export async function saveRelatedIds(db: DbOrTrx, postId: number, packed: string, ids: readonly number[], at: string): Promise<void> {
  await db
    .updateTable('post_related_words')
    .set({ related_ids: ids.join(','), related_at: at })
    .where('post_id', '=', postId)
    .where('words', '=', packed)
    .execute()
}

const splitWords = (packed: string) => (packed ? packed.split(WORD_SEPARATOR) : [])

export async function removeRelatedWords(trx: DbOrTrx, postId: number): Promise<void> {
  await trx.deleteFrom('post_related_words').where('post_id', '=', postId).execute()
}
