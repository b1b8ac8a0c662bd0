import { findIndexFields } from '../content/index.ts'
import { readIndexText, type IndexTextGrant } from '../paywall/index.ts'
import type { Db } from '../platform/db/database.ts'
import { buildIndexDoc } from './index-doc.ts'
import { saveRelatedWords } from './related-words.ts'
import type { SearchEngine } from './search-engine.ts'
import type { Segmenter } from './segmenter.ts'

const BATCH = 200

/**
 * Indexes some posts again from what is stored (their title, tags and compiled
 * text), a batch per transaction: after a change that touched many posts but not
 * their bodies (a tag renamed or merged). A post gone meanwhile is skipped.
 */
export async function indexPosts(deps: { db: Db; engine: SearchEngine; segmenter: () => Segmenter; indexText: IndexTextGrant }, postIds: readonly number[]): Promise<number> {
  let indexed = 0
  for (let i = 0; i < postIds.length; i += BATCH) {
    const ids = postIds.slice(i, i + BATCH)
    const [fields, texts] = await Promise.all([findIndexFields(deps.db, ids), readIndexText(deps.indexText, ids)])
    const segmenter = deps.segmenter()
    const docs = ids.flatMap((id) => {
      const f = fields.get(id)
      const text = texts.get(id)
      return f && text ? [buildIndexDoc(segmenter, id, f, text)] : []
    })
    await deps.db.transaction().execute(async (trx) => {
      await deps.engine.upsertMany(trx, docs)
      await saveRelatedWords(trx, docs)
    })
    indexed += docs.length
  }
  return indexed
}
