import { createPostService, type BodyWriter, type PostService } from './content/index.ts'
import { createBodyWriter } from './paywall/index.ts'
import type { DbHandle } from './platform/db/create-db.ts'
import { createSearchEngine, createSearchIndexer, getSegmenter, type SearchEngine, type Segmenter } from './search/index.ts'

export interface WriteStack {
  posts: PostService
  /** the paywall's body writer, for the jobs that compile stored posts again (a new preview share) */
  writeBody: BodyWriter
  engine: SearchEngine
  segmenter: () => Segmenter
  /** the site dictionary as set now (settings.searchTerms) */
  siteTerms: () => string
}

/**
 * How a post is written, shared by the server and the CLI so that an import is
 * compiled, split and indexed exactly like a save in the server: the paywall's
 * body writer stores both sides and hands the compiled text to the search
 * indexer inside the same transaction.
 */
export function createWriteStack(deps: {
  handle: Pick<DbHandle, 'db' | 'dialect'>
  previewShare: () => number
  siteTerms: () => string
  now: () => Date
  onChange: () => void | Promise<void>
  /**
   * false: saves leave the search index alone, for a bulk write that builds the
   * index once at its end (`runReindex`, both cores): a migration of a whole site.
   * Indexing each post as it is saved took half the time and slowed as the index grew.
   */
  index?: boolean
}): WriteStack {
  const engine = createSearchEngine(deps.handle.dialect)
  const segmenter = () => getSegmenter(deps.siteTerms() ? [deps.siteTerms()] : [])
  const indexer = createSearchIndexer({ engine, segmenter })
  const writeBody = createBodyWriter({ previewShare: deps.previewShare, ...(deps.index === false ? {} : { indexText: indexer.indexText }) })
  const posts = createPostService({
    db: deps.handle.db,
    writeBody,
    now: deps.now,
    onChange: deps.onChange,
    onDelete: indexer.remove,
  })
  return { posts, writeBody, engine, segmenter, siteTerms: deps.siteTerms }
}
