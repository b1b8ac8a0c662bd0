import type { FastifyReply, FastifyRequest } from 'fastify'
import { ANONYMOUS, type Viewer } from '../members/viewer.ts'
import type { SiteDeps } from './site-deps.ts'

export interface RenderedPage {
  /** the page, as text or already as UTF-8 (see views/html-bodies.ts) */
  html: string | Buffer
  /** false when the page holds anything for this viewer only (paid text) */
  shareable: boolean
}

/**
 * Serves an HTML page through the in-process cache of anonymous pages. A page
 * that holds paid text is never cached here and is `private, no-store`.
 * (The post page serves members and guest buyers itself: post-page.route.ts.)
 */
export async function servePage(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, build: (viewer: Viewer) => Promise<RenderedPage>): Promise<FastifyReply> {
  const page = await anonymousPage(deps, request, build)
  return sendHtml(reply, page.html, page.shareable, deps.config.cacheMaxAge, page.hit ? 'hit' : 'miss')
}

/** The anonymous page for this URL (UTF-8) if the in-process cache holds a fresh one. */
export function cachedAnonymousPage(deps: SiteDeps, request: FastifyRequest): Buffer | undefined {
  const hit = deps.pageCache.get(request.url)
  // kept no longer than a shared cache may keep it, so scheduled posts appear on time
  return hit !== undefined && deps.now().getTime() - hit.at < deps.config.cacheMaxAge * 1000 ? hit.html : undefined
}

/** The anonymous page for this URL, from the in-process cache or built (and kept) now. */
export async function anonymousPage(deps: SiteDeps, request: FastifyRequest, build: (viewer: Viewer) => Promise<RenderedPage>): Promise<RenderedPage & { hit: boolean }> {
  const cached = cachedAnonymousPage(deps, request)
  if (cached !== undefined) return { html: cached, shareable: true, hit: true }
  const page = await build(ANONYMOUS)
  if (!page.shareable) return { ...page, hit: false }
  // kept as UTF-8: a hit is then sent without encoding, and the bytes live outside the V8 heap
  const html = typeof page.html === 'string' ? Buffer.from(page.html) : page.html
  deps.pageCache.set(request.url, { html, at: deps.now().getTime() })
  return { html, shareable: true, hit: false }
}

export function sendHtml(reply: FastifyReply, html: string | Buffer, shareable: boolean, maxAge: number, cache?: 'hit' | 'miss'): FastifyReply {
  reply.type('text/html; charset=utf-8')
  reply.header('cache-control', shareable ? `public, max-age=${maxAge}` : 'private, no-store')
  if (cache) reply.header('x-page-cache', cache)
  return reply.send(html)
}
