import { findIndexFields, findPublishedByTitleLike, findPublishedPostsByIds, findTagsByIds, findTagsLike, listFreeTexts, type Post } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import { htmlToText } from '../shared/text.ts'
import { highlight, snippet } from './highlight.ts'
import { COUNT_CAP, FULL_SCOPE, type MatchScope, type SearchEngine, type SearchFilter, type SearchSort } from './search-engine.ts'
import { isPaidApart } from './reindex.ts'
import { searchError } from './search.errors.ts'
import { take, type RateCounter } from '../platform/rate-limit/counter.ts'
import { findRelated, findStaleRelated, saveRelatedIds } from './related-words.ts'
import { rankRelated } from './related-ranking.ts'
import { createSearchLog } from './search-log.ts'
import { isQueryProblem, parseSearchQuery, type ParsedQuery, type QueryProblem } from './search-query.ts'
import type { Segmenter } from './segmenter.ts'

export interface SearchRequest {
  q: string
  channelIds?: readonly number[]
  tagId?: number
  price?: 'free' | 'paid'
  sort?: SearchSort
  page?: number
  pageSize?: number
  /** searches by crawlers are answered but not logged */
  bot?: boolean
  /** channel and tag counts (default true) */
  facets?: boolean
  /** who asks: staff match paid text with every part of a query, everyone else with single words only (default public) */
  scope?: 'public' | 'staff'
  /** where a reader's search came from: searches are limited per address (visitors) and per member */
  by?: Searcher
}

/** A reader who searches: the client address, and the member when logged in. */
export interface Searcher {
  address: string
  memberId?: number
}

/** The site's searchPaidText setting: readers' single words may match paid text, or nothing paid is matched. */
export type SearchPaidText = 'words' | 'off'

export interface SearchHit {
  post: Post
  /** the title, escaped, matches in <mark> */
  titleHtml: string
  /** from free text only: a window around the matches, escaped, matches in <mark> */
  snippetHtml: string
  /** matched by paid text alone: the snippet is the post's free description, unmarked */
  paidOnly: boolean
}

export interface SearchOutcome {
  /** the query as understood ('' when there was none) */
  query: string
  problem?: QueryProblem
  total: number
  /** more than `total` matched (totals are counted up to COUNT_CAP) */
  capped: boolean
  page: number
  pageCount: number
  hits: SearchHit[]
  facets: { channels: Array<{ channelId: number; count: number }>; tags: Array<{ id: number; name: string; slug: string; count: number }>; sampled: boolean }
  /** when nothing matched: parts of the query that do find posts on their own */
  alternatives: string[]
}

export interface SearchServiceDeps {
  db: Db
  engine: SearchEngine
  segmenter: () => Segmenter
  now: () => Date
  logFlushMs: number
  /** the site setting, read on every search */
  paidText: () => SearchPaidText
  counter: RateCounter
  /** searches a minute: a visitor per address, a member per account; suggestions get SUGGEST_FACTOR times as many */
  perMinute: { visitor: number; member: number }
}

/** Typeahead asks once per pause in typing: it gets this many times the search budget. */
const SUGGEST_FACTOR = 4

/** How long the index format read from settings is trusted (a reindex in another process shows within this). */
const FORMAT_TTL_MS = 60_000

const HOT_TTL_MS = 60_000
const MIN_HOT_SEARCHES = 2

/** A ranking older than this is made again, so newer posts come into older posts' lists. */
export const RELATED_MAX_AGE_MS = 6 * 3600_000

/**
 * Search as readers see it. Whatever the engine matched on (paid text included,
 * so buyers find what they will read), everything shown comes from titles, tags,
 * descriptions and free segments: the engines return ids, never text.
 */
export function createSearchService(deps: SearchServiceDeps) {
  const { db, engine } = deps
  const log = createSearchLog(db, deps.now, deps.logFlushMs)
  let hotCache: { at: number; list: string[] } | undefined
  let format: { at: number; paidApart: Promise<boolean> } | undefined

  function paidApart(): Promise<boolean> {
    if (!format || Date.now() - format.at > FORMAT_TTL_MS) format = { at: Date.now(), paidApart: isPaidApart(db).catch(() => false) }
    return format.paidApart
  }

  /**
   * Counts a search against its reader's budget. Paid text answers single words
   * only, but every answer is still a yes or no about a word: the budget bounds
   * how fast anyone can ask.
   */
  async function admit(by: Searcher | undefined, kind: 'search' | 'suggest'): Promise<void> {
    if (!by) return
    const perMinute = (by.memberId !== undefined ? deps.perMinute.member : deps.perMinute.visitor) * (kind === 'suggest' ? SUGGEST_FACTOR : 1)
    const who = by.memberId !== undefined ? `m${by.memberId}` : `a${by.address}`
    const wait = await take(deps.counter, `s:${kind}:${who}`, { max: perMinute, windowMs: 60_000 })
    if (wait) throw searchError('SEARCH_RATE_LIMITED', { seconds: Math.ceil(wait / 1000) })
  }

  async function scopeOf(r: SearchRequest): Promise<MatchScope> {
    if (r.scope === 'staff') return FULL_SCOPE
    return { paidWords: deps.paidText() === 'words', paidPhrases: false, paidApart: await paidApart() }
  }

  const baseFilter = (r: { channelIds?: readonly number[] | undefined; tagId?: number | undefined; price?: 'free' | 'paid' | undefined }): SearchFilter => ({
    now: deps.now().toISOString(),
    ...(r.channelIds?.length ? { channelIds: r.channelIds } : {}),
    ...(r.tagId !== undefined ? { tagId: r.tagId } : {}),
    ...(r.price ? { price: r.price } : {}),
  })

  async function toHits(ids: number[], q: ParsedQuery, now: string): Promise<SearchHit[]> {
    const [posts, free, fields] = await Promise.all([findPublishedPostsByIds(db, ids, now), listFreeTexts(db, ids), findIndexFields(db, ids)])
    return posts.map((post) => {
      const freeText = (free.get(post.id) ?? []).map(htmlToText).join('\n')
      const title = highlight(post.title, q.marks)
      const body = snippet(freeText, q.marks)
      const tagHits = highlight((fields.get(post.id)?.tags ?? []).join(' '), q.marks).hits
      const paidOnly = title.hits + body.hits + tagHits === 0 && highlight(post.description, q.marks).hits === 0
      return {
        post,
        titleHtml: title.html,
        snippetHtml: paidOnly ? snippet(post.description, []).html : body.html,
        paidOnly,
      }
    })
  }

  async function search(r: SearchRequest): Promise<SearchOutcome> {
    const pageSize = Math.min(50, Math.max(1, r.pageSize ?? 10))
    const page = Math.max(1, Math.floor(r.page ?? 1))
    const empty = { total: 0, capped: false, page, pageCount: 0, hits: [], facets: { channels: [], tags: [], sampled: false }, alternatives: [] }
    await admit(r.by, 'search')
    const parsed = parseSearchQuery(r.q, deps.segmenter())
    if (isQueryProblem(parsed)) return { query: '', problem: parsed.problem, ...empty }
    const filter = baseFilter(r)
    const sort = r.sort ?? 'relevance'
    const scope = await scopeOf(r)
    let found = await engine.search(db, parsed, { filter, scope, sort, limit: pageSize, offset: (page - 1) * pageSize })
    if (found.total === 0 && isOneShortWord(parsed)) {
      // one Chinese character (党) is rarely a token of its own: look in titles instead
      const all = await findPublishedByTitleLike(db, parsed.groups[0]?.[0]?.words[0] ?? '', filter.now, COUNT_CAP)
      found = { total: all.length, capped: false, ids: all.slice((page - 1) * pageSize, page * pageSize) }
    }
    if (!r.bot && page === 1) log.record(parsed.normalized, found.total)
    const hits = await toHits(found.ids, parsed, filter.now)
    const facets = found.total && r.facets !== false ? await facetsOf(parsed, filter, scope) : empty.facets
    const alternatives = found.total ? [] : await alternativesOf(parsed, filter, scope)
    return { query: parsed.normalized, total: found.total, capped: found.capped, page, pageCount: Math.ceil(found.total / pageSize), hits, facets, alternatives }
  }

  async function facetsOf(q: ParsedQuery, filter: SearchFilter, scope: MatchScope): Promise<SearchOutcome['facets']> {
    // facets ignore the facet filters themselves, so a reader can switch between channels
    const f = await engine.facets(db, q, { now: filter.now, ...(filter.price ? { price: filter.price } : {}) }, scope)
    const tags = await findTagsByIds(
      db,
      f.tags.map((t) => t.tagId),
    )
    const byId = new Map(tags.map((t) => [t.id, t]))
    return {
      channels: f.channels,
      tags: f.tags.flatMap((t) => {
        const tag = byId.get(t.tagId)
        return tag ? [{ ...tag, count: t.count }] : []
      }),
      sampled: f.sampled,
    }
  }

  async function alternativesOf(q: ParsedQuery, filter: SearchFilter, scope: MatchScope): Promise<string[]> {
    if (q.typed.length < 2) return []
    const out: string[] = []
    for (const term of q.typed.slice(0, 6)) {
      const single: ParsedQuery = { groups: term.groups, excluded: [], marks: [], normalized: '', typed: [] }
      const r = await engine.search(db, single, { filter, scope, sort: 'newest', limit: 1, offset: 0 })
      if (r.total) out.push(term.text)
    }
    return out.slice(0, 3)
  }

  return {
    search,

    /** typeahead: titles and tag names for what has been typed so far */
    async suggest(text: string, by?: Searcher, limit = 8): Promise<{ titles: Array<{ post: Post; titleHtml: string }>; tags: Array<{ name: string; slug: string }> }> {
      await admit(by, 'suggest')
      const typed = text.trim().slice(0, 40)
      if (!typed) return { titles: [], tags: [] }
      const words = deps.segmenter().words(typed)
      const now = deps.now().toISOString()
      const ids = await engine.suggest(db, words, { now }, limit)
      const posts = await findPublishedPostsByIds(db, ids, now)
      const tags = await findTagsLike(db, typed, 5)
      return {
        titles: posts.map((post) => ({ post, titleHtml: highlight(post.title, words).html })),
        tags: tags.map((t) => ({ name: t.name, slug: t.slug })),
      }
    },

    /** the most searched queries of the week that match a published title or tag */
    async hot(limit = 10): Promise<string[]> {
      if (hotCache && Date.now() - hotCache.at < HOT_TTL_MS) return hotCache.list.slice(0, limit)
      const now = deps.now().toISOString()
      const list: string[] = []
      for (const row of await log.top(7, 40)) {
        if (row.searches < MIN_HOT_SEARCHES || list.length >= 20) continue
        const q = parseSearchQuery(row.query, deps.segmenter())
        // a query only a paid region answers stays out: hot searches are shown to everyone
        if (!isQueryProblem(q) && (await engine.inTitles(db, q, { now }, 1)).length) list.push(row.query)
      }
      hotCache = { at: Date.now(), list }
      return list.slice(0, limit)
    },

    /**
     * The ids of posts sharing this post's words (tags' words, then its title's longest),
     * best first, as ranked ahead of time by refreshRelated; ranked here and now, and
     * kept, when they are not yet (a post just indexed). Not filtered: the caller reads
     * which are published now (a hidden one drops out at once).
     */
    async relatedIds(post: Post): Promise<number[]> {
      const row = await findRelated(db, post.id)
      if (!row?.words.length) return []
      if (row.ids) return row.ids
      // not ranked yet (the job has not reached it): ranked now, and kept, so the next page is cheap
      const now = deps.now().toISOString()
      const ids = await rankRelated(db, engine, post.id, row.words, now)
      await saveRelatedIds(db, post.id, row.packed, ids, now)
      return ids
    },

    /**
     * Ranks the related posts of up to `max` posts whose ranking is missing or older
     * than RELATED_MAX_AGE_MS (never-ranked first), letting requests run between
     * posts. Run by a job (app.ts); returns how many it ranked.
     */
    async refreshRelated(max: number): Promise<number> {
      const now = deps.now()
      const stale = await findStaleRelated(db, new Date(now.getTime() - RELATED_MAX_AGE_MS).toISOString(), max)
      for (const row of stale) {
        const ids = await rankRelated(db, engine, row.postId, row.words, now.toISOString())
        await saveRelatedIds(db, row.postId, row.packed, ids, now.toISOString())
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      return stale.length
    },

    /** after a reindex: read the index format again on the next search */
    indexChanged(): void {
      format = undefined
    },

    /** writes the pending log now (tests, shutdown) and lets hot searches be recomputed */
    async flushLog(): Promise<void> {
      await log.flush()
      hotCache = undefined
    },
    close: () => log.close(),
  }
}
export type SearchService = ReturnType<typeof createSearchService>

function isOneShortWord(q: ParsedQuery): boolean {
  const only = q.groups.length === 1 && q.groups[0]?.length === 1 ? q.groups[0][0] : undefined
  return !!only && only.words.length === 1 && [...(only.words[0] as string)].length === 1 && q.excluded.length === 0
}
