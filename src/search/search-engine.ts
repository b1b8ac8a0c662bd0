import type { Db, Trx } from '../platform/db/database.ts'
import type { ParsedQuery } from './search-query.ts'

/**
 * The seam between search and whatever indexes posts. SQLite (FTS5) and
 * PostgreSQL (tsvector + GIN) implement it here; a distributed engine
 * (OpenSearch) would too — see CONTEXT.md for what it needs. Every engine:
 * stores tokens, never returns text; ANDs groups, ORs inside a group, matches
 * phrases in order; filters by status and publish time at query time.
 */
/**
 * A post as the index sees it. Each field is its words joined with U+001F (a
 * separator for FTS5's unicode61 and never part of a word): five strings
 * instead of a few thousand cross threads and reach SQLite unchanged.
 */
export interface IndexDoc {
  postId: number
  /** precise-mode words per field, in order */
  title: string
  tags: string
  free: string
  /** the paid words in order, then the paid text's sub-words */
  paid: string
  /** sub-words of title, tags and free text that precise mode did not emit (学习 inside 认真学习), in no particular order */
  extras: string
}

/**
 * Which text each part of a query may match (DESIGN.md, the invariant, point 3).
 * For everyone but staff, paid text answers single words only: a phrase says the
 * words stand together and an exclusion says a word is absent, and from such
 * yes/no answers a script could rebuild a paid region.
 */
export interface MatchScope {
  /** single words may match paid text (the site's searchPaidText = words, or staff) */
  paidWords: boolean
  /** phrases and exclusions may match paid text: staff only */
  paidPhrases: boolean
  /**
   * the index keeps paid words apart from free ones (index format 2). An index
   * built before that mixes them: until it is rebuilt, whatever may not match
   * paid text looks at titles and tags only.
   */
  paidApart: boolean
}

/** Staff: every part of a query may match everything. */
export const FULL_SCOPE: MatchScope = Object.freeze({ paidWords: true, paidPhrases: true, paidApart: true })

export const WORD_SEPARATOR = '\u001f'

export interface SearchFilter {
  /** ISO time: only posts published at or before it */
  now: string
  channelIds?: readonly number[]
  tagId?: number
  price?: 'free' | 'paid'
  excludePostId?: number
}

export type SearchSort = 'relevance' | 'newest' | 'views'

export interface EngineSearch {
  filter: SearchFilter
  scope: MatchScope
  sort: SearchSort
  limit: number
  offset: number
}

export interface EngineResult {
  /** matching published posts, counted up to COUNT_CAP */
  total: number
  /** true when there are more than `total` */
  capped: boolean
  ids: number[]
}

export interface Facets {
  channels: Array<{ channelId: number; count: number }>
  tags: Array<{ tagId: number; count: number }>
  /** counted over the first FACET_SAMPLE matches only */
  sampled: boolean
}

export interface SearchEngine {
  readonly kind: 'sqlite' | 'postgres'
  upsert(trx: Trx | Db, doc: IndexDoc): Promise<void>
  /** many docs at once (the reindex) */
  upsertMany(trx: Trx | Db, docs: readonly IndexDoc[]): Promise<void>
  remove(trx: Trx | Db, postId: number): Promise<void>
  /** empties the index (a reindex from scratch: rewriting rows one by one would leave a tombstone each) */
  clear(db: Db): Promise<void>
  search(db: Db, query: ParsedQuery, options: EngineSearch): Promise<EngineResult>
  facets(db: Db, query: ParsedQuery, filter: SearchFilter, scope: MatchScope): Promise<Facets>
  /** published posts whose title or tags match the query (newest first): hot searches must be about something public */
  inTitles(db: Db, query: ParsedQuery, filter: SearchFilter, limit: number): Promise<number[]>
  /** published posts whose title or tags hold words starting with the last word typed */
  suggest(db: Db, words: string[], filter: SearchFilter, limit: number): Promise<number[]>
  /**
   * Candidates for related posts: for each word, the newest posts with it in
   * their title or tags (about `perWord` each; the caller keeps the published ones). No ranking here: ranking needs
   * each word's document count, which means reading its whole list; the caller
   * ranks the few candidates by the words their titles share.
   */
  relatedCandidates(db: Db, words: string[], filter: SearchFilter, perWord: number): Promise<number[]>
  /** ids of posts that have an index row, from `afterId` on, for the reindex sweep */
  indexedIds(db: Db, afterId: number, limit: number): Promise<number[]>
  /** bytes the index takes on disk */
  size(db: Db): Promise<number>
  /** merges index segments after a bulk load */
  optimize(db: Db): Promise<void>
  /** settings for a bulk load (a larger cache); returns the function that restores them */
  bulkMode(db: Db): Promise<() => Promise<void>>
}

/** Counting stops here: "1,000+ results" is as useful as the exact figure and costs far less. */
export const COUNT_CAP = 1000
/** Above COUNT_CAP matches, ranking every match costs more than it tells (see CONTEXT.md). */
export const FACET_SAMPLE = 2000
