import type { FastifyReply, FastifyRequest } from 'fastify'
import { ANONYMOUS, isAnonymous, type Viewer } from '../members/viewer.ts'
import type { SiteDeps } from './site-deps.ts'
import { mayBePersonal, viewerOf } from './viewer-request.ts'

export interface RenderedPage {
  html: string
  /** false when the page holds anything for this viewer only (paid text) */
  shareable: boolean
}

/**
 * Serves an HTML page through the in-process cache of anonymous pages. A page
 * that holds paid text is never cached here and is `private, no-store`.
 * With `personal`, a request whose cookies name a member or a guest buyer is
 * built for that viewer and never cached; everyone else shares the anonymous page.
 */
export async function servePage(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, build: (viewer: Viewer) => Promise<RenderedPage>, options: { personal?: boolean } = {}): Promise<FastifyReply> {
  if (options.personal && mayBePersonal(request)) {
    const { viewer } = await viewerOf(deps, request)
    if (!isAnonymous(viewer)) {
      const page = await build(viewer)
      return sendHtml(reply, page.html, false, 0)
    }
  }
  const key = request.url
  const now = deps.now().getTime()
  const hit = deps.pageCache.get(key)
  // kept no longer than a shared cache may keep it, so scheduled posts appear on time
  if (hit !== undefined && now - hit.at < deps.config.cacheMaxAge * 1000) return sendHtml(reply, hit.html, true, deps.config.cacheMaxAge, 'hit')
  const page = await build(ANONYMOUS)
  if (page.shareable) deps.pageCache.set(key, { html: page.html, at: now })
  return sendHtml(reply, page.html, page.shareable, deps.config.cacheMaxAge, 'miss')
}

export function sendHtml(reply: FastifyReply, html: string, shareable: boolean, maxAge: number, cache?: 'hit' | 'miss'): FastifyReply {
  reply.type('text/html; charset=utf-8')
  reply.header('cache-control', shareable ? `public, max-age=${maxAge}` : 'private, no-store')
  if (cache) reply.header('x-page-cache', cache)
  return reply.send(html)
}
