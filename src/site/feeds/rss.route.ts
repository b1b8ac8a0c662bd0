import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, listPublishedPosts, type Post } from '../../content/index.ts'
import { formatYuan } from '../../shared/money.ts'
import { ANONYMOUS } from '../../members/viewer.ts'
import type { SiteDeps } from '../site-deps.ts'
import { SlugParams } from '../site.schemas.ts'
import { absolute, urls } from '../urls.ts'
import { xmlEscape } from './xml.ts'

const ITEMS = 20

/** RSS 2.0 of the latest posts; an item carries free segments only, and a note where a paid region is. */
export const rssRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get('/rss.xml', async (_request, reply) => {
    const state = deps.catalog.get()
    const posts = await listPublishedPosts(deps.db, { now: deps.now().toISOString(), limit: ITEMS, offset: 0 })
    return sendFeed(reply, await renderFeed(deps, state.settings.name, state.settings.description, urls.home(), posts))
  })

  app.get('/c/:slug/rss.xml', { schema: { params: SlugParams } }, async (request, reply) => {
    const state = deps.catalog.get()
    const channel = state.tree.bySlug.get(request.params.slug)
    if (!channel || channel.kind === 'link') throw contentError('CHANNEL_NOT_FOUND', { slug: request.params.slug })
    const posts = await listPublishedPosts(deps.db, { channelIds: state.tree.descendantIds(channel.id), now: deps.now().toISOString(), limit: ITEMS, offset: 0 })
    return sendFeed(reply, await renderFeed(deps, `${channel.name} - ${state.settings.name}`, channel.seoDescription || state.settings.description, urls.channel(channel.slug), posts))
  })
}

function sendFeed(reply: import('fastify').FastifyReply, xml: string) {
  return reply.type('application/rss+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml)
}

async function renderFeed(deps: SiteDeps, title: string, description: string, link: string, posts: Post[]): Promise<string> {
  const site = deps.config.siteUrl
  const items: string[] = []
  for (const post of posts) {
    const readable = await deps.reader.readPage(ANONYMOUS, post)
    const body = readable.segments
      .map((s) => (s.kind === 'free' ? s.html : s.kind === 'locked' ? `<p>【付费内容 ${s.charCount} 字${post.price > 0 ? `，${formatYuan(post.price)}` : ''}，请到网站阅读】</p>` : ''))
      .join('\n')
    const url = absolute(site, urls.post(post.slug))
    items.push(
      `<item><title>${xmlEscape(post.title)}</title><link>${xmlEscape(url)}</link><guid isPermaLink="true">${xmlEscape(url)}</guid>` +
        `<pubDate>${new Date(post.publishedAt ?? post.createdAt).toUTCString()}</pubDate>` +
        `<description>${xmlEscape(body)}</description></item>`,
    )
  }
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>` +
    `<title>${xmlEscape(title)}</title><link>${xmlEscape(absolute(site, link))}</link><description>${xmlEscape(description)}</description>` +
    `<language>zh-CN</language>${items.join('')}</channel></rss>\n`
  )
}
