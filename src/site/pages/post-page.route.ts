import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, findPublishedPostBySlug, findPublishedPostsByIds, findViewCount, listPublishedPosts, type Post } from '../../content/index.ts'
import type { Viewer } from '../../members/viewer.ts'
import { isAnonymous } from '../../members/viewer.ts'
import { cachedAnonymousPage, sendPrivateHtml, servePage, type RenderedPage } from '../page-response.ts'
import { mayBePersonal, viewerOf } from '../../members/index.ts'
import { spliceUnlocked } from '../views/paid-splice.ts'
import type { SiteDeps } from '../site-deps.ts'
import { PageQuery, SlugParams } from '../site.schemas.ts'
import { shared } from '../shared-cache.ts'
import { buildChromeInto } from '../views/chrome-fragments.ts'
import { toPostCard } from '../views/post-card.view.ts'
import { buildPostPage } from '../views/post-page.view.ts'
import { PageBodies } from '../views/html-bodies.ts'
import { offered } from '../files/download-formats.ts'
import { urls } from '../urls.ts'

const RELATED = 6

export const postPageRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/p/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const page = request.query.page ?? 1
    const now = deps.now()
    const post = await publishedPost(deps, request.params.slug, now)
    if (!post) throw contentError('POST_NOT_FOUND')
    if (page > post.pageCount) throw contentError('POST_PAGE_NOT_FOUND', { page })
    deps.views.record(post.id)
    const build = async (viewer: Viewer): Promise<RenderedPage> => {
      const state = deps.catalog.get()
      const locale = state.settings.locale
      const theme = deps.theme(locale)
      const readable = await deps.reader.readPageBytes(viewer, post, page)
      const related = await relatedCards(deps, post, now, (p) => theme.render('post-card', { card: toPostCard(p, state.tree, state.settings) }), locale)
      const bodies = new PageBodies()
      const buyers = post.price > 0 ? deps.buyers.of(post.id, state.settings.purchasesShownFrom) : 0
      const view = buildPostPage({
        post,
        page,
        readable: bodies.slotted(readable),
        ancestry: state.tree.ancestry(post.channelId),
        related: related.map((card) => ({ card_html: bodies.slot(card) })),
        siteName: state.settings.name,
        siteUrl: deps.config.siteUrl,
        locale,
        pendingViews: deps.views.pendingFor(post.id),
        // counted only where it may be shown: a priced post, and the owner shows such counts
        buyers: typeof buyers === 'number' ? buyers : await buyers,
        viewsShownFrom: state.settings.viewsShownFrom,
        downloads: { docx: offered(deps, 'docx'), pdf: offered(deps, 'pdf') },
        purchasesShownFrom: state.settings.purchasesShownFrom,
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
        const summary = theme.render('paid-summary', {
          post: {
            unlocked_by: readable.reason ?? '',
            unlocked_key: `post.unlocked_by.${readable.reason}`,
            is_paid: true,
            download_url: offered(deps, 'docx') ? urls.download(post.slug) : '',
            pdf_url: offered(deps, 'pdf') ? urls.downloadPdf(post.slug) : '',
          },
        })
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

/** The published post at this slug, held between pages (post-parts-cache.ts) with its view count read fresh. */
async function publishedPost(deps: SiteDeps, slug: string, now: Date): Promise<Post | undefined> {
  const held = deps.parts.posts.get(slug)
  if (held) return { ...held, viewCount: await findViewCount(deps.db, held.id) }
  const post = await findPublishedPostBySlug(deps.db, slug, now.toISOString())
  return post && deps.parts.posts.set(slug, post)
}

/**
 * The cards of posts sharing this one's telling title words and tags (ranked ahead of
 * time from the search index), published ones only, in rank order, topped up with
 * the channel's newest; held between pages. A held card means a published post
 * (post-parts-cache.ts), so only the cards not held are read, together, and a ranked
 * post no longer published is passed over for the next.
 */
async function relatedCards(deps: SiteDeps, post: Post, now: Date, render: (p: Post) => string, locale: string): Promise<Buffer[]> {
  const key = `${locale}:${post.id}`
  const held = deps.parts.related.get(key)
  if (held) return held
  const at = now.toISOString()
  const ranked = (await deps.search.relatedIds(post)).filter((id) => id !== post.id)
  const picked: Array<{ id: number; card?: Buffer }> = []
  let next = 0
  while (picked.length < RELATED && next < ranked.length) {
    const ask: number[] = []
    while (picked.length < RELATED && next < ranked.length) {
      const id = ranked[next++] as number
      const card = deps.parts.card(locale, id)
      picked.push(card ? { id, card } : { id })
      if (!card) ask.push(id)
    }
    if (!ask.length) break
    const found = new Map((await findPublishedPostsByIds(deps.db, ask, at)).map((p) => [p.id, p]))
    for (let k = picked.length - 1; k >= 0; k--) {
      const entry = picked[k] as { id: number; card?: Buffer }
      if (entry.card) continue
      const p = found.get(entry.id)
      if (p) entry.card = deps.parts.keepCard(locale, p.id, render(p))
      else picked.splice(k, 1)
    }
  }
  const cards = picked.flatMap((entry) => entry.card ?? [])
  if (cards.length < RELATED) {
    const seen = new Set([post.id, ...picked.map((entry) => entry.id)])
    for (const p of (await latestInChannel(deps, post.channelId, now)).filter((x) => !seen.has(x.id)).slice(0, RELATED - cards.length)) {
      cards.push(deps.parts.card(locale, p.id) ?? deps.parts.keepCard(locale, p.id, render(p)))
    }
  }
  return deps.parts.related.set(key, cards)
}
