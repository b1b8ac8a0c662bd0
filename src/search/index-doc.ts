import type { IndexText } from '../paywall/index.ts'
import { WORD_SEPARATOR, type IndexDoc } from './search-engine.ts'
import type { Segmenter } from './segmenter.ts'

/**
 * Turns a post's title, tags and compiled text into index tokens. Paid text
 * arrives here from the paywall (at save time, or through its index-text reader
 * for a reindex) and leaves as tokens only: nothing in search/ stores or shows it.
 */
export function buildIndexDoc(segmenter: Segmenter, postId: number, fields: { title: string; tags: readonly string[] }, text: IndexText): IndexDoc {
  const title = segmenter.indexForm(fields.title)
  const tags = segmenter.indexForm(fields.tags.join('\n'))
  const free = segmenter.indexForm(text.free)
  const paid = segmenter.indexForm(text.paid)
  const freeWords = new Set([...title.words, ...tags.words, ...free.words])
  const extras = [...new Set([...title.extras, ...tags.extras, ...free.extras])].filter((w) => !freeWords.has(w))
  // paid sub-words go with the paid words, after them (phrases never look at them): the
  // free fields must hold nothing that only paid text says, or a phrase or an exclusion
  // over them would answer a question about paid text
  const known = new Set([...freeWords, ...extras, ...paid.words])
  const paidExtras = [...new Set(paid.extras)].filter((w) => !known.has(w))
  const pack = (words: string[]) => words.join(WORD_SEPARATOR)
  return { postId, title: pack(title.words), tags: pack(tags.words), free: pack(free.words), paid: pack([...paid.words, ...paidExtras]), extras: pack(extras) }
}
