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
  const title = split(doc.title).filter((w) => [...w].length >= 2 && !/^\d+$/.test(w)).sort((a, b) => b.length - a.length)
  for (const w of title) if (words.size < MAX_WORDS) words.add(w)
  return [...words]
}

export async function saveRelatedWords(trx: DbOrTrx, docs: readonly IndexDoc[]): Promise<void> {
  if (!docs.length) return
  const rows = docs.map((d) => ({ post_id: d.postId, words: relatedWordsOf(d).join(WORD_SEPARATOR) }))
  await trx
    .insertInto('post_related_words')
    .values(rows)
    .onConflict((oc) => oc.column('post_id').doUpdateSet((eb) => ({ words: eb.ref('excluded.words') })))
    .execute()
}

const relatedWordsRow = compiledRead((db: DbOrTrx, postId: number) => db.selectFrom('post_related_words').select('words').where('post_id', '=', postId), [0] as [number])

export async function findRelatedWords(db: DbOrTrx, postId: number): Promise<string[] | undefined> {
  const [row] = await relatedWordsRow(db, postId)
  return row ? (row.words ? row.words.split(WORD_SEPARATOR) : []) : undefined
}

export async function removeRelatedWords(trx: DbOrTrx, postId: number): Promise<void> {
  await trx.deleteFrom('post_related_words').where('post_id', '=', postId).execute()
}
