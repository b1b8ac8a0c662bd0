import { findIndexFields } from '../content/index.ts'
import type { IndexText } from '../paywall/index.ts'
import type { Trx } from '../platform/db/database.ts'
import { buildIndexDoc } from './index-doc.ts'
import { removeRelatedWords, saveRelatedWords } from './related-words.ts'
import type { SearchEngine } from './search-engine.ts'
import type { Segmenter } from './segmenter.ts'

export function createSearchIndexer(deps: { engine: SearchEngine; segmenter: () => Segmenter }) {
  return {
    /** the body writer's hook: runs in the post's save transaction, after title and tags are written */
    async indexText(trx: Trx, postId: number, text: IndexText): Promise<void> {
      const fields = (await findIndexFields(trx, [postId])).get(postId)
      if (!fields) return
      const doc = buildIndexDoc(deps.segmenter(), postId, fields, text)
      await deps.engine.upsert(trx, doc)
      await saveRelatedWords(trx, [doc])
    },
    /** the post service's delete hook */
    async remove(trx: Trx, postId: number): Promise<void> {
      await deps.engine.remove(trx, postId)
      await removeRelatedWords(trx, postId)
    },
  }
}
export type SearchIndexer = ReturnType<typeof createSearchIndexer>
