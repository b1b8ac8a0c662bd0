import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, countPublishedPosts, listAllTagSlugs, listSitemapPosts } from '../../content/index.ts'
import type { SiteDeps } from '../site-deps.ts'
import { absolute, urls } from '../urls.ts'
import { xmlEscape } from './xml.ts'

const PER_FILE = 10_000

/** A sitemap index: one file of channels and tags, then the posts in files of 10,000. */
export const sitemapRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const site = deps.config.siteUrl
  const loc = (path: string, lastmod?: string) => `<url><loc>${xmlEscape(absolute(site, path))}</loc>${lastmod ? `<lastmod>${lastmod.slice(0, 10)}</lastmod>` : ''}</url>`

  app.get('/sitemap.xml', async (_request, reply) => {
    const total = await countPublishedPosts(deps.db, { now: deps.now().toISOString() })
    const files = ['/sitemap-pages.xml']
    for (let n = 1; n <= Math.max(1, Math.ceil(total / PER_FILE)); n++) files.push(`/sitemap-posts-${n}.xml`)
    const body = files.map((f) => `<sitemap><loc>${xmlEscape(absolute(site, f))}</loc></sitemap>`).join('')
    return sendXml(reply, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</sitemapindex>`)
  })

  app.get('/sitemap-pages.xml', async (_request, reply) => {
    const state = deps.catalog.get()
    const paths = [loc(urls.home())]
    for (const c of state.tree.all) if (c.kind !== 'link') paths.push(loc(urls.channel(c.slug)))
    for (const slug of await listAllTagSlugs(deps.db)) paths.push(loc(urls.tag(slug)))
    return sendXml(reply, urlset(paths))
  })

  app.get<{ Params: { n: string } }>('/sitemap-posts-:n.xml', async (request, reply) => {
    const n = Number(request.params.n)
    if (!/^\d{1,6}$/.test(request.params.n) || n < 1) throw contentError('PAGE_OUT_OF_RANGE', { pages: 1 })
    const posts = await listSitemapPosts(deps.db, deps.now().toISOString(), PER_FILE, (n - 1) * PER_FILE)
    if (!posts.length && n > 1) throw contentError('PAGE_OUT_OF_RANGE', { pages: n - 1 })
    return sendXml(reply, urlset(posts.map((p) => loc(urls.post(p.slug), p.updatedAt))))
  })

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(`User-agent: *\nAllow: /\nDisallow: /api/\n\nSitemap: ${absolute(site, '/sitemap.xml')}\n`),
  )
}

function urlset(entries: string[]): string {
  return `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries.join('')}</urlset>`
}

function sendXml(reply: import('fastify').FastifyReply, body: string) {
  return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=600').send(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`)
}
