import { findPublishedTitles } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import { foldText } from './fold.ts'
import { findUnranked, saveRelatedIds } from './related-words.ts'
import type { SearchEngine } from './search-engine.ts'

/** How many newest posts per related word are candidates (the page shows six). */
const RELATED_PER_WORD = 6
/** How many ranked related posts are kept, so a few can be unpublished and six remain. */
export const RELATED_KEPT = 12

/**
 * Candidates from the index (the newest few per word, in a title or tag), ranked by
 * how much of the words their titles share, longer words counting more (a cheap
 * stand-in for rarity); ties go to the newer post.
 */
export async function rankRelated(db: Db, engine: SearchEngine, postId: number, words: readonly string[], now: string, keep = RELATED_KEPT): Promise<number[]> {
  if (!words.length) return []
  const candidates = await engine.relatedCandidates(db, [...words], { now, excludePostId: postId }, RELATED_PER_WORD)
  const score = (title: string) => {
    const text = foldText(title)
    let s = 0
    for (const w of words) if (text.includes(w)) s += [...w].length
    return s
  }
  return (
    await findPublishedTitles(
      db,
      candidates.filter((id) => id !== postId),
      now,
    )
  )
    .map((c) => ({ id: c.id, s: score(c.title) }))
    .sort((a, b) => b.s - a.s || b.id - a.id)
    .slice(0, keep)
    .map((c) => c.id)
}

/**
 * Ranks every post that has never been ranked (an import or a reindex leaves its
 * posts so): run when they finish, so the site is at full speed at once instead of
 * ranking live on every page of every such post until the background job gets to it
 * (two hours for 100,000 posts at its pace; about 13 s all at once).
 */
export async function rankUnranked(db: Db, engine: SearchEngine, now: Date, onProgress?: (done: number) => void): Promise<number> {
  let done = 0
  for (let after = 0; ;) {
    const batch = await findUnranked(db, after, 500)
    if (!batch.length) return done
    const at = now.toISOString()
    for (const row of batch) {
      await saveRelatedIds(db, row.postId, row.packed, await rankRelated(db, engine, row.postId, row.words, at), at)
      done++
    }
    after = batch[batch.length - 1]?.postId ?? after
    onProgress?.(done)
  }
}
