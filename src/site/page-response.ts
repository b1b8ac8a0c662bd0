import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SiteDeps } from './site-deps.ts'

export interface RenderedPage {
  html: string
  /** false when the page holds anything for this viewer only (paid text) */
  shareable: boolean
}

/**
 * Serves an HTML page through the in-process cache of anonymous pages. A page
 * that holds paid text is never cached here and is `private, no-store`.
 */
export async function servePage(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, build: () => Promise<RenderedPage>): Promise<FastifyReply> {
  const key = request.url
  const hit = deps.pageCache.get(key)
  if (hit !== undefined) return sendHtml(reply, hit, true, deps.config.cacheMaxAge, 'hit')
  const page = await build()
  if (page.shareable) deps.pageCache.set(key, page.html)
  return sendHtml(reply, page.html, page.shareable, deps.config.cacheMaxAge, 'miss')
}

export function sendHtml(reply: FastifyReply, html: string, shareable: boolean, maxAge: number, cache?: 'hit' | 'miss'): FastifyReply {
  reply.type('text/html; charset=utf-8')
  reply.header('cache-control', shareable ? `public, max-age=${maxAge}` : 'private, no-store')
  if (cache) reply.header('x-page-cache', cache)
  return reply.send(html)
}
