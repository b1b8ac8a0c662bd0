export { createSqliteEngine } from './sqlite-engine.ts'
export { createPostgresEngine } from './postgres-engine.ts'
export type { SearchEngine, SearchFilter, SearchSort, IndexDoc, EngineResult, Facets } from './search-engine.ts'
export { COUNT_CAP } from './search-engine.ts'
export { createSearchIndexer, type SearchIndexer } from './search-indexer.ts'
export { getSegmenter, parseTerms, type Segmenter } from './segmenter.ts'
export { parseSearchQuery, isQueryProblem, MAX_QUERY_CHARS, type ParsedQuery, type QueryProblem } from './search-query.ts'
export { reindex, indexStatus, type ReindexResult } from './reindex.ts'
export { indexPosts } from './index-posts.ts'
export { createSearchAdmin, MAX_TERMS, type SearchAdmin, type SearchIndexStatus } from './search-admin.service.ts'
export { rankUnranked } from './related-ranking.ts'
export { createSearchService, type SearchService, type SearchOutcome, type SearchHit, type SearchRequest, type SearchPaidText, type Searcher } from './search.service.ts'
export { searchError, type SearchErrorCode } from './search.errors.ts'

import type { Dialect } from '../platform/db/database.ts'
import { createPostgresEngine } from './postgres-engine.ts'
import type { SearchEngine } from './search-engine.ts'
import { createSqliteEngine } from './sqlite-engine.ts'

export function createSearchEngine(dialect: Dialect): SearchEngine {
  return dialect === 'sqlite' ? createSqliteEngine() : createPostgresEngine()
}
