import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, findPublishedPostBySlug, listPublishedPosts, type Post } from '../../content/index.ts'
import type { Viewer } from '../../members/viewer.ts'
import { isAnonymous } from '../../members/viewer.ts'
import { cachedAnonymousPage, sendPrivateHtml, servePage, type RenderedPage } from '../page-response.ts'
import { mayBePersonal, viewerOf } from '../viewer-request.ts'
import { spliceUnlocked } from '../views/paid-splice.ts'
import type { SiteDeps } from '../site-deps.ts'
import { PageQuery, SlugParams } from '../site.schemas.ts'
import { shared } from '../shared-cache.ts'
import { buildChromeInto } from '../views/chrome-fragments.ts'
import { toPostCard } from '../views/post-card.view.ts'
import { buildPostPage } from '../views/post-page.view.ts'
import { PageBodies } from '../views/html-bodies.ts'

const RELATED = 6

export const postPageRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/p/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1
    const now = deps.now()
    const post = await findPublishedPostBySlug(deps.db, request.params.slug, now.toISOString())
    if (!post) throw contentError('POST_NOT_FOUND')
    if (page > post.pageCount) throw contentError('POST_PAGE_NOT_FOUND', { page })
    deps.views.record(post.id)
    const build = async (viewer: Viewer): Promise<RenderedPage> => {
      const state = deps.catalog.get()
      const locale = state.settings.locale
      const theme = deps.theme(locale)
      const readable = await deps.reader.readPageBytes(viewer, post, page)
      const related = await relatedPosts(deps, post, now)
      const bodies = new PageBodies()
      const view = buildPostPage({
        post,
        page,
        readable: bodies.slotted(readable),
        ancestry: state.tree.ancestry(post.channelId),
        related: related.map((p) => ({
          card_html: bodies.slot(shared(deps, `card-utf8:${locale}:${p.id}`, () => Buffer.from(theme.render('post-card', { card: toPostCard(p, state.tree, locale) })))),
        })),
        siteName: state.settings.name,
        siteUrl: deps.config.siteUrl,
        locale,
        pendingViews: deps.views.pendingFor(post.id),
      })
      const html = bodies.join(theme.render('post', { ...buildChromeInto(deps, bodies, post.channelId), ...view }))
      return { html, shareable: !readable.hasPaidText }
    }
    if (mayBePersonal(request)) {
      const { viewer } = await viewerOf(deps, request)
      if (!isAnonymous(viewer)) {
        // a member or guest buyer: when the shared anonymous page is cached, it with the paid regions
        // this viewer may read put in; otherwise the page rendered for them (never cached)
        const shared = cachedAnonymousPage(deps, request)?.html
        if (shared === undefined) return sendPrivateHtml(reply, (await build(viewer)).html)
        const readable = await deps.reader.readPageBytes(viewer, post, page)
        if (!readable.hasPaidText) return sendPrivateHtml(reply, shared)
        const theme = deps.theme(deps.catalog.get().settings.locale)
        const summary = theme.render('paid-summary', { post: { unlocked_by: readable.reason ?? '', unlocked_key: `post.unlocked_by.${readable.reason}`, is_paid: true } })
        return sendPrivateHtml(reply, spliceUnlocked(shared, readable, summary) ?? (await build(viewer)).html)
      }
    }
    return servePage(deps, request, reply, build)
  })
}

/** The newest posts of a channel, shared by every post page of that channel. */
function latestInChannel(deps: SiteDeps, channelId: number, now: Date): Promise<Post[]> {
  return shared(deps, `latest:${channelId}`, () => listPublishedPosts(deps.db, { channelIds: [channelId], now: now.toISOString(), limit: RELATED + 1, offset: 0, order: 'latest' }))
}

/** Posts sharing this one's telling title words and tags (from the search index), topped up with the channel's newest. */
async function relatedPosts(deps: SiteDeps, post: Post, now: Date): Promise<Post[]> {
  const found = await deps.search.related(post, RELATED)
  if (found.length >= RELATED) return found
  const seen = new Set([post.id, ...found.map((p) => p.id)])
  const more = (await latestInChannel(deps, post.channelId, now)).filter((p) => !seen.has(p.id))
  return [...found, ...more].slice(0, RELATED)
}
