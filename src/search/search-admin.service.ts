import { countPosts, readSetting, writeSetting } from '../content/index.ts'
import type { IndexTextGrant } from '../paywall/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { reindex, indexStatus, REINDEX_STATE_KEY } from './reindex.ts'
import { rankUnranked } from './related-ranking.ts'
import { searchError } from './search.errors.ts'
import type { SearchEngine } from './search-engine.ts'
import { parseTerms } from './segmenter.ts'

/** the most words a site dictionary holds */
export const MAX_TERMS = 5000

export interface SearchIndexStatus {
  /** the site dictionary, a word per entry */
  terms: string[]
  /** the index was built with another dictionary (or an older format): a reindex is due */
  stale: boolean
  /** a reindex stopped part way (here or in another process) */
  unfinished: boolean
  /** a reindex is running in this process */
  running: boolean
  done: number
  total: number
  /** why the last reindex run here failed, if it did */
  error: string | null
}

/**
 * The search index as the owner runs it from the console (settings.manage): the
 * site dictionary (words the segmenter must keep whole, e.g. 两学一做) and a
 * reindex in the background with its progress. A run resumes where a stopped one
 * left off (reindex.ts keeps its cursor in settings), searching keeps working all
 * along, and the posts' related rankings are redone after it. One run at a time
 * in a process; another process sees it as unfinished with its count.
 */
export function createSearchAdmin(deps: {
  db: Db
  engine: SearchEngine
  indexText: IndexTextGrant
  siteTerms: () => string
  now: () => Date
  onDone: () => Promise<void>
  onError: (error: unknown) => void
}) {
  const { db } = deps
  let run: { done: number; total: number; promise: Promise<void> } | undefined
  let lastError: string | null = null

  async function status(actor: Actor): Promise<SearchIndexStatus> {
    authorize(actor, 'settings.manage')
    const terms = parseTerms(deps.siteTerms())
    const s = await indexStatus(db, terms)
    if (run) return { terms, stale: s.stale, unfinished: true, running: true, done: run.done, total: run.total, error: null }
    const saved = (await readSetting(db, REINDEX_STATE_KEY)) as { done?: number } | undefined
    return { terms, stale: s.stale, unfinished: s.unfinished, running: false, done: saved?.done ?? 0, total: await countPosts(db), error: lastError }
  }

  return {
    status,

    /** Replaces the site dictionary (one word per line, or separated by spaces or commas); posts are indexed with it from the next save, all of them after a reindex. */
    async setTerms(actor: Actor, text: string): Promise<SearchIndexStatus> {
      authorize(actor, 'settings.manage')
      const terms = parseTerms(text)
      if (terms.length > MAX_TERMS) throw searchError('SEARCH_TERMS_TOO_MANY', { max: MAX_TERMS })
      const before = parseTerms(deps.siteTerms())
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        await writeSetting(trx, 'searchTerms', terms.join('\n'))
        await recordAudit(trx, actor, now, {
          action: 'search.terms',
          target: 'settings:searchTerms',
          detail: { added: terms.filter((t) => !before.includes(t)).slice(0, 100), removed: before.filter((t) => !terms.includes(t)).slice(0, 100), count: terms.length },
        })
      })
      await deps.onDone()
      return status(actor)
    },

    /** Starts a reindex in the background (or says one is running); the status shows its progress. */
    async startReindex(actor: Actor): Promise<SearchIndexStatus> {
      authorize(actor, 'settings.manage')
      if (run) throw searchError('SEARCH_REINDEX_RUNNING')
      await recordAudit(db, actor, deps.now(), { action: 'search.reindex', target: 'search:index' })
      const current = { done: 0, total: await countPosts(db), promise: Promise.resolve() }
      lastError = null
      current.promise = reindex({
        db,
        engine: deps.engine,
        indexText: deps.indexText,
        siteTerms: parseTerms(deps.siteTerms()),
        // one segmenting thread: the server keeps a core for its readers
        workers: 1,
        onProgress: (done, total) => {
          current.done = done
          current.total = total
        },
      })
        .then(() => rankUnranked(db, deps.engine, deps.now()))
        .then(() => deps.onDone())
        .catch((error: unknown) => {
          lastError = error instanceof Error ? error.message : String(error)
          deps.onError(error)
        })
        .finally(() => {
          run = undefined
        })
      run = current
      return status(actor)
    },

    /** waits for a running reindex (tests, shutdown) */
    async idle(): Promise<void> {
      await run?.promise
    },
  }
}
export type SearchAdmin = ReturnType<typeof createSearchAdmin>
