import type { FastifyReply, FastifyRequest } from 'fastify'
import { addVary, etagOf, isFresh, markShareable, NO_STORE } from '../platform/http/cache-control.ts'
import { compressedFor } from '../platform/http/compression.ts'
import { ANONYMOUS, type Viewer } from '../members/viewer.ts'
import type { SiteDeps } from './site-deps.ts'

export interface RenderedPage {
  /** the page, as text or already as UTF-8 (see views/html-bodies.ts) */
  html: string | Buffer
  /** false when the page holds anything for this viewer only (paid text) */
  shareable: boolean
}

/**
 * An anonymous page as kept in the in-process cache: its bytes, its validator,
 * when it was made, and its compressed forms once a client asked for them, so a
 * cache hit costs no compression.
 */
export interface CachedPage {
  html: Buffer
  etag: string
  at: number
  br?: Buffer
  gzip?: Buffer
}

/**
 * Serves an HTML page through the in-process cache of anonymous pages. A page
 * that holds paid text is never cached here and is `private, no-store`.
 * (The post page serves members and guest buyers itself: post-page.route.ts.)
 */
export async function servePage(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, build: (viewer: Viewer) => Promise<RenderedPage>): Promise<FastifyReply> {
  const page = await anonymousPage(deps, request, build)
  if (!page.cached) return sendPrivateHtml(reply, page.html)
  return sendSharedHtml(request, reply, page.cached, deps.config.cacheMaxAge, page.hit ? 'hit' : 'miss')
}

/** The anonymous page for this URL if the in-process cache holds a fresh one. */
export function cachedAnonymousPage(deps: SiteDeps, request: FastifyRequest): CachedPage | undefined {
  const hit = deps.pageCache.get(request.url)
  // kept no longer than a shared cache may keep it, so scheduled posts appear on time
  return hit !== undefined && deps.now().getTime() - hit.at < deps.config.cacheMaxAge * 1000 ? hit : undefined
}

/** The anonymous page for this URL, from the in-process cache or built (and kept, when shareable) now. */
export async function anonymousPage(deps: SiteDeps, request: FastifyRequest, build: (viewer: Viewer) => Promise<RenderedPage>): Promise<{ html: string | Buffer; cached?: CachedPage; hit: boolean }> {
  const hit = cachedAnonymousPage(deps, request)
  if (hit !== undefined) return { html: hit.html, cached: hit, hit: true }
  const page = await build(ANONYMOUS)
  if (!page.shareable) return { html: page.html, hit: false }
  // kept as UTF-8: a hit is then sent without encoding, and the bytes live outside the V8 heap
  const cached = toCachedPage(deps, page.html)
  // only a page asked for again is kept (platform/cache/doorkeeper.ts says why)
  if (deps.pageDoor.admit(request.url)) deps.pageCache.set(request.url, cached)
  return { html: cached.html, cached, hit: false }
}

export function toCachedPage(deps: SiteDeps, html: string | Buffer): CachedPage {
  const bytes = typeof html === 'string' ? Buffer.from(html) : html
  return { html: bytes, etag: etagOf(bytes), at: deps.now().getTime() }
}

/** A page anyone may get: revalidated by browsers (304 when unchanged), kept by shared caches for a while. */
export function sendSharedHtml(request: FastifyRequest, reply: FastifyReply, page: CachedPage, sharedSeconds: number, cache?: 'hit' | 'miss'): FastifyReply {
  reply.type('text/html; charset=utf-8').header('etag', page.etag)
  markShareable(reply, sharedSeconds)
  addVary(reply, 'Accept-Encoding')
  if (cache) reply.header('x-page-cache', cache)
  if (isFresh(request, page.etag)) return reply.code(304).send()
  const packed = compressedFor(request, page)
  if (!packed) return reply.send(page.html)
  return reply.header('content-encoding', packed.encoding).send(packed.body)
}

/** A page for this viewer only (paid text, a form with their token, an error): never stored anywhere. */
export function sendPrivateHtml(reply: FastifyReply, html: string | Buffer): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', NO_STORE).send(html)
}
