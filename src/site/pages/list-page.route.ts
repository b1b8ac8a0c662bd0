import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, countPublishedPosts, findTagBySlug, listPublishedPosts, type PostListFilter } from '../../content/index.ts'
import { absolute, urls } from '../urls.ts'
import { servePage } from '../page-response.ts'
import type { SiteDeps } from '../site-deps.ts'
import { PageQuery, SlugParams } from '../site.schemas.ts'
import { buildMeta } from '../views/chrome.view.ts'
import { buildChrome } from '../views/chrome-fragments.ts'
import { buildPager } from '../views/pager.view.ts'
import { toPostCard } from '../views/post-card.view.ts'

const TAG_PAGE_SIZE = 20

/** Channel pages (/c/:slug) and tag pages (/t/:slug): a paginated list of posts. */
export const listPageRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/c/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const state = deps.catalog.get()
    const channel = state.tree.bySlug.get(request.params.slug)
    if (!channel || channel.kind === 'link') throw contentError('CHANNEL_NOT_FOUND', { slug: request.params.slug })
    const filter = { channelIds: state.tree.descendantIds(channel.id), now: deps.now().toISOString() }
    return servePage(deps, request, reply, () =>
      renderList(deps, request.query.page ?? 1, channel.pageSize, filter, {
        title: channel.seoTitle || channel.name,
        heading: channel.name,
        description: channel.seoDescription,
        keywords: channel.seoKeywords,
        urlFor: (n) => urls.channel(channel.slug, n),
        activeChannelId: channel.id,
        children: state.tree.children(channel.id).map((c) => ({ name: c.name, url: c.kind === 'link' ? (c.linkUrl ?? '#') : urls.channel(c.slug) })),
        rssUrl: urls.channelRss(channel.slug),
        breadcrumbs: state.tree.ancestry(channel.id).map((c) => ({ name: c.name, url: urls.channel(c.slug) })),
      }),
    )
  })

  app.get('/t/:slug', { schema: { params: SlugParams, querystring: PageQuery } }, async (request, reply) => {
    const tag = await findTagBySlug(deps.db, request.params.slug)
    if (!tag) throw contentError('TAG_NOT_FOUND')
    return servePage(deps, request, reply, () =>
      renderList(
        deps,
        request.query.page ?? 1,
        TAG_PAGE_SIZE,
        { tagId: tag.id, now: deps.now().toISOString() },
        {
          title: tag.name,
          heading: tag.name,
          description: '',
          keywords: tag.name,
          urlFor: (n) => urls.tag(tag.slug, n),
          children: [],
          rssUrl: '',
          breadcrumbs: [],
          isTag: true,
        },
      ),
    )
  })
}

interface ListPageText {
  title: string
  heading: string
  description: string
  keywords: string
  urlFor: (page: number) => string
  activeChannelId?: number
  children: Array<{ name: string; url: string }>
  rssUrl: string
  breadcrumbs: Array<{ name: string; url: string }>
  isTag?: boolean
}

async function renderList(deps: SiteDeps, page: number, pageSize: number, filter: Omit<PostListFilter, 'limit' | 'offset'>, text: ListPageText) {
  const state = deps.catalog.get()
  const locale = state.settings.locale
  const total = await countPublishedPosts(deps.db, filter)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (page > pages) throw contentError('PAGE_OUT_OF_RANGE', { pages })
  const posts = await listPublishedPosts(deps.db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize })
  const theme = deps.theme(locale)
  const description = text.description || `${text.heading} - ${state.settings.description}`
  const html = theme.render('list', {
    ...buildChrome(deps, text.activeChannelId),
    meta: buildMeta({
      title: page > 1 ? `${text.title} (${page})` : text.title,
      siteName: state.settings.name,
      description,
      keywords: text.keywords,
      canonical: absolute(deps.config.siteUrl, text.urlFor(page)),
    }),
    list: {
      heading: text.heading,
      is_tag: text.isTag === true,
      total,
      children: text.children,
      rss_url: text.rssUrl,
      breadcrumbs: text.breadcrumbs,
    },
    posts: posts.map((p) => toPostCard(p, state.tree, state.settings)),
    pager: buildPager(page, pages, text.urlFor),
  })
  return { html, shareable: true }
}
