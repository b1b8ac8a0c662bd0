import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { listPopularTags } from '../../content/index.ts'
import { Type } from 'typebox'
import { t } from '../../platform/i18n/t.ts'
import { MAX_QUERY_CHARS, type SearchOutcome } from '../../search/index.ts'
import { sendSharedHtml, toCachedPage } from '../page-response.ts'
import { logSearch, toSearchRequest } from '../search-request.ts'
import type { SiteDeps } from '../site-deps.ts'
import { absolute, urls } from '../urls.ts'
import { buildMeta } from '../views/chrome.view.ts'
import { buildChrome } from '../views/chrome-fragments.ts'
import { buildPager } from '../views/pager.view.ts'
import { toPostCard } from '../views/post-card.view.ts'

const SearchPageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 400 })),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  price: Type.Optional(Type.Union([Type.Literal('free'), Type.Literal('paid')])),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest'), Type.Literal('views')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})

/**
 * /search: results with highlighted titles and snippets from free text, channel
 * and tag facets, price filter, sort, pagination; hot searches when there is no
 * query or no result. Not kept in the page cache (each search is logged) and
 * marked noindex, as search result pages should be.
 */
export const searchPageRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/search', { schema: { querystring: SearchPageQuery } }, async (request, reply) => {
    const query = request.query
    const q = query.q ?? ''
    const params = { channel: query.channel, tag: query.tag, price: query.price, sort: query.sort ?? 'relevance' }
    const state = deps.catalog.get()
    const locale = state.settings.locale
    const theme = deps.theme(locale)
    let outcome: SearchOutcome | undefined
    if (q.trim()) {
      const req = await toSearchRequest(deps, { ...query, q }, request)
      outcome = await deps.search.search(req)
      if (req.by) logSearch(request, req.by, { query: outcome.query || q, total: outcome.total, page: outcome.page })
    }
    const lost = !outcome || !!outcome.problem || outcome.total === 0
    const hot = lost ? await deps.search.hot(10) : []
    // nothing found (or nothing asked): somewhere to go next, even on a site too new to have hot searches
    const browse = lost ? await listPopularTags(deps.db, 12) : []
    const link = (over: Record<string, string | number | undefined>) => urls.search(q, { ...params, ...over })
    const problem = outcome?.problem ? t(locale, `SEARCH_QUERY_${outcome.problem.toUpperCase().replace(/-/g, '_')}`, { max: MAX_QUERY_CHARS }) : ''
    const html = theme.render('search', {
      ...buildChrome(deps),
      meta: {
        ...buildMeta({
          title: q ? t(locale, 'SEARCH_TITLE', { q }) : t(locale, 'SEARCH_TITLE_EMPTY'),
          siteName: state.settings.name,
          description: state.settings.description,
          keywords: '',
          canonical: absolute(deps.config.siteUrl, link({ page: query.page })),
        }),
        robots: 'noindex,follow',
      },
      search: {
        q,
        problem,
        searched: !!outcome && !outcome.problem,
        total: outcome?.total ?? 0,
        capped: outcome?.capped ?? false,
        sort_links: (['relevance', 'newest', 'views'] as const).map((s) => ({ label_key: `search.sort.${s}`, url: link({ sort: s, page: undefined }), active: params.sort === s })),
        price_links: ([undefined, 'free', 'paid'] as const).map((p) => ({ label_key: `search.price.${p ?? 'all'}`, url: link({ price: p, page: undefined }), active: params.price === p })),
        channels: [
          { name: t(locale, 'SEARCH_ALL_CHANNELS'), count: '', url: link({ channel: undefined, page: undefined }), active: !params.channel },
          ...(outcome?.facets.channels ?? []).flatMap((c) => {
            const channel = state.tree.byId.get(c.channelId)
            return channel ? [{ name: channel.name, count: String(c.count), url: link({ channel: channel.slug, page: undefined }), active: params.channel === channel.slug }] : []
          }),
        ],
        tags: (outcome?.facets.tags ?? []).map((tag) => ({ name: tag.name, count: String(tag.count), url: link({ tag: tag.slug, page: undefined }), active: params.tag === tag.slug })),
        tag_filter: params.tag ? { name: params.tag, clear_url: link({ tag: undefined, page: undefined }) } : null,
        alternatives: (outcome?.alternatives ?? []).map((a) => ({ text: a, url: urls.search(a) })),
        hot: hot.map((h) => ({ text: h, url: urls.search(h) })),
        browse_tags: browse.map((tag) => ({ name: tag.name, url: urls.tag(tag.slug) })),
        browse_channels: lost
          ? state.tree
              .children(null)
              .filter((c) => c.kind !== 'link')
              .map((c) => ({ name: c.name, url: urls.channel(c.slug) }))
          : [],
        results: (outcome?.hits ?? []).map((h) => ({
          card: toPostCard(h.post, state.tree, state.settings),
          title_html: h.titleHtml,
          snippet_html: h.snippetHtml,
          paid_only: h.paidOnly,
        })),
      },
      pager: buildPager(outcome?.page ?? 1, Math.max(1, outcome?.pageCount ?? 1), (n) => link({ page: n })),
    })
    // the same for everyone who asks this (readers' searches all have the same scope); never kept in the page cache: each search is counted
    return sendSharedHtml(request, reply, toCachedPage(deps, html), deps.config.cacheMaxAge)
  })
}
