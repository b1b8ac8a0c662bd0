import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { findLegacyHomeTarget, LEGACY_HOME_KEYS, listPopularTags, listPublishedPosts } from '../../content/index.ts'
import { servePage } from '../page-response.ts'
import type { SiteDeps } from '../site-deps.ts'
import { absolute, urls } from '../urls.ts'
import { buildMeta } from '../views/chrome.view.ts'
import { buildChrome } from '../views/chrome-fragments.ts'
import { toPostCard } from '../views/post-card.view.ts'

const BLOCK_POSTS = 6

export const homePageRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/', async (request, reply) => {
    // an old site's plain links (WordPress's /?p=12) land here: a 301 to where the post lives now
    const query = request.query as Record<string, unknown>
    if (LEGACY_HOME_KEYS.some((k) => k in query)) {
      const target = await findLegacyHomeTarget(deps.db, query)
      if (target) return reply.redirect(target, 301)
    }
    return servePage(deps, request, reply, async () => {
      const state = deps.catalog.get()
      const locale = state.settings.locale
      const now = deps.now().toISOString()
      const card = (p: Parameters<typeof toPostCard>[0]) => toPostCard(p, state.tree, state.settings)
      const blocksOf = state.tree
        .children(null)
        .filter((c) => c.kind !== 'link')
        .slice(0, 8)
      const [recommended, latest, hot, tags, ...blocks] = await Promise.all([
        listPublishedPosts(deps.db, { flag: 'recommend', now, limit: 6, offset: 0 }),
        listPublishedPosts(deps.db, { now, limit: 12, offset: 0 }),
        listPublishedPosts(deps.db, { flag: 'hot', now, limit: 8, offset: 0 }),
        listPopularTags(deps.db, 24),
        ...blocksOf.map((c) => listPublishedPosts(deps.db, { channelIds: state.tree.descendantIds(c.id), now, limit: BLOCK_POSTS, offset: 0 })),
      ])
      const theme = deps.theme(locale)
      const html = theme.render('home', {
        ...buildChrome(deps),
        meta: buildMeta({
          title: '',
          siteName: `${state.settings.name} - ${state.settings.tagline}`,
          description: state.settings.description,
          keywords: state.settings.keywords,
          canonical: absolute(deps.config.siteUrl, urls.home()),
          jsonLd: { '@context': 'https://schema.org', '@type': 'WebSite', name: state.settings.name, url: deps.config.siteUrl },
        }),
        recommended: recommended.map(card),
        latest: latest.map(card),
        hot: hot.map(card),
        tags: tags.map((t) => ({ name: t.name, url: urls.tag(t.slug), count: t.postCount })),
        blocks: blocksOf.map((c, i) => ({ name: c.name, url: urls.channel(c.slug), posts: (blocks[i] ?? []).map(card) })).filter((b) => b.posts.length > 0),
      })
      return { html, shareable: true }
    })
  })
}
