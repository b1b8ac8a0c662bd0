import { hash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** this route's successful answers are the same for every anonymous visitor and may be shared (JSON API) */
    shareable?: boolean
  }
}

/** What any answer carries unless its route says it may be shared (caching fails closed). */
export const NO_STORE = 'private, no-store'

/**
 * Every answer that says nothing about caching is private and not stored: a route
 * shares its answers only by saying so (`markShareable`). Registered on the root
 * instance, so no context can forget it.
 */
export function failClosedCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', NO_STORE)
  })
}

/**
 * An answer anyone may get, as an anonymous visitor gets it. Browsers revalidate
 * it every time (max-age=0): a reader who has just paid must not be shown the
 * copy from before. Shared caches may keep it `sharedSeconds`, but never give it
 * to a request with cookies (Vary: Cookie), whose answer may be its own.
 */
export function markShareable(reply: FastifyReply, sharedSeconds: number): void {
  reply.header('cache-control', `public, max-age=0, s-maxage=${sharedSeconds}`)
  addVary(reply, 'Cookie')
}

export function addVary(reply: FastifyReply, field: string): void {
  const current = String(reply.getHeader('vary') ?? '')
  const fields = current ? current.split(/\s*,\s*/) : []
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase())) reply.header('vary', [...fields, field].join(', '))
}

/** A strong validator for a body: the browser's revalidation answers 304 when the page has not changed. */
export function etagOf(body: Buffer): string {
  // the one-shot form: no Hash object per page
  return `"${hash('sha1', body, 'base64url').slice(0, 22)}"`
}

/** true when the browser already holds this version (If-None-Match names it). */
export function isFresh(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match']
  if (!header) return false
  return header.split(',').some((tag) => {
    const t = tag.trim()
    return t === etag || t === `W/${etag}` || t === '*'
  })
}
