import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { AppError } from './app-error.ts'

/**
 * CSRF protection for every state-changing form and JSON call: a random,
 * HttpOnly cookie seeds the browser; the token a page embeds is its HMAC
 * under the site's secret, sent back as the `_csrf` field or the
 * `x-csrf-token` header. A forged request from another site has neither the
 * cookie's value nor the secret. An Origin header naming another site is
 * refused too. (SameSite=Lax cookies are a third fence.)
 */
export const CSRF_COOKIE = 'ig_csrf'

const tokenFor = (secret: string, seed: string) => createHmac('sha256', secret).update(`csrf:${seed}`).digest('base64url')

export function csrfError(): AppError {
  return new AppError('CSRF_FAILED', 403)
}

/** The token for this browser, setting its seed cookie when it has none. */
export function issueCsrfToken(request: FastifyRequest, reply: FastifyReply, secret: string, secure: boolean): string {
  let seed = request.cookies[CSRF_COOKIE]
  if (!seed || !/^[\w-]{20,64}$/.test(seed)) {
    seed = randomBytes(18).toString('base64url')
    reply.setCookie(CSRF_COOKIE, seed, { path: '/', httpOnly: true, sameSite: 'lax', secure })
    // the page being built may read it again (two forms on one page)
    request.cookies[CSRF_COOKIE] = seed
  }
  return tokenFor(secret, seed)
}

/** Throws CSRF_FAILED unless the request carries this browser's token and comes from our origin. */
export function verifyCsrf(request: FastifyRequest, secret: string, siteUrl: string): void {
  const origin = request.headers.origin
  if (origin && origin !== 'null') {
    const host = request.headers.host
    let allowed = false
    try {
      const o = new URL(origin)
      allowed = o.origin === new URL(siteUrl).origin || (host !== undefined && o.host === host)
    } catch {}
    if (!allowed) throw csrfError()
  }
  const seed = request.cookies[CSRF_COOKIE]
  const body = request.body as Record<string, unknown> | undefined
  const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? (typeof request.headers['x-csrf-token'] === 'string' ? request.headers['x-csrf-token'] : undefined)
  if (!seed || !sent) throw csrfError()
  const expected = Buffer.from(tokenFor(secret, seed))
  const given = Buffer.from(sent)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw csrfError()
}
