import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MAX_QUERY_CHARS, searchError, type QueryProblem } from '../../search/index.ts'
import { logSearch, searcherOf, toSearchRequest } from '../search-request.ts'
import type { SiteDeps } from '../site-deps.ts'
import { urls } from '../urls.ts'
import { toSummary } from './post-summary.ts'
import { ErrorResponse, HotResponse, SearchQuery, SearchResponse, SuggestQuery, SuggestResponse } from './v1.schemas.ts'

const errors = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse }
const PROBLEM_CODES = { empty: 'SEARCH_QUERY_EMPTY', 'too-long': 'SEARCH_QUERY_TOO_LONG', 'too-many-terms': 'SEARCH_QUERY_TOO_MANY_TERMS' } as const satisfies Record<QueryProblem, string>

/**
 * /api/v1/search and its helpers. Results carry titles, free descriptions and
 * snippets cut from free text only; a post matched by paid text alone says so
 * and shows its free description.
 */
export const searchApiRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/search', { config: { shareable: true }, schema: { tags: ['search'], querystring: SearchQuery, response: { 200: SearchResponse, ...errors } } }, async (request) => {
    const req = await toSearchRequest(deps, request.query, request)
    const r = await deps.search.search(req)
    if (req.by) logSearch(request, req.by, { query: r.query || request.query.q, total: r.total, page: r.page })
    if (r.problem) throw searchError(PROBLEM_CODES[r.problem], { max: MAX_QUERY_CHARS })
    const { tree } = deps.catalog.get()
    return {
      query: r.query,
      total: r.total,
      totalIsLowerBound: r.capped,
      page: r.page,
      pages: r.pageCount,
      results: r.hits.map((h) => ({ post: toSummary(deps, h.post), titleHtml: h.titleHtml, snippetHtml: h.snippetHtml, matchedPaidContent: h.paidOnly })),
      facets: {
        channels: r.facets.channels.flatMap((c) => {
          const channel = tree.byId.get(c.channelId)
          return channel ? [{ slug: channel.slug, name: channel.name, count: c.count }] : []
        }),
        tags: r.facets.tags.map((t) => ({ slug: t.slug, name: t.name, count: t.count })),
        sampled: r.facets.sampled,
      },
      alternatives: r.alternatives,
    }
  })

  app.get('/search/suggest', { config: { shareable: true }, schema: { tags: ['search'], querystring: SuggestQuery, response: { 200: SuggestResponse, ...errors } } }, async (request) => {
    const s = await deps.search.suggest(request.query.q, await searcherOf(deps, request))
    return {
      titles: s.titles.map((t) => ({ title: t.post.title, titleHtml: t.titleHtml, url: urls.post(t.post.slug) })),
      tags: s.tags.map((t) => ({ name: t.name, url: urls.tag(t.slug) })),
    }
  })

  app.get('/search/hot', { config: { shareable: true }, schema: { tags: ['search'], response: { 200: HotResponse, ...errors } } }, async () => {
    return { queries: (await deps.search.hot(10)).map((query) => ({ query, url: urls.search(query) })) }
  })
}
