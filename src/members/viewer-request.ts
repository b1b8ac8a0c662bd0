import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Member } from './member.ts'
import { SESSION_DAYS, type SessionService } from './session.service.ts'
import type { Viewer } from './viewer.ts'
import { ANONYMOUS } from './viewer.ts'

/**
 * What reading a request's viewer needs: the sessions, and whether cookies are
 * Secure. Each HTTP context (site, /api/v1, /api/admin) passes its own deps; they
 * only have to carry these two.
 */
export interface ViewerDeps {
  accounts: { sessions: SessionService }
  secureCookies: boolean
}

/** Cookie names. The session and guest cookies are HttpOnly and SameSite=Lax. */
export const SESSION_COOKIE = 'ig_sid'
/** the signed-in member's name, for the header's greeting (not HttpOnly; grants nothing) */
export const NAME_COOKIE = 'ig_name'
export const GUEST_COOKIE = 'ig_guest'
/** the reader's openid under our 公众号 (WeChat OAuth), signed; JSAPI payment needs it */
export const WECHAT_OPENID_COOKIE = 'ig_wxoid'
const GUEST_DAYS = 365

const resolved = new WeakMap<FastifyRequest, Promise<{ viewer: Viewer; member?: Member }>>()

/**
 * Who is asking, read once per request: the session cookie's member (role
 * read fresh from the database) and the signed guest cookie's key. A bad or
 * unknown cookie is simply no one.
 */
export function viewerOf(deps: ViewerDeps, request: FastifyRequest): Promise<{ viewer: Viewer; member?: Member }> {
  let p = resolved.get(request)
  if (!p) {
    p = resolve(deps, request)
    resolved.set(request, p)
  }
  return p
}

async function resolve(deps: ViewerDeps, request: FastifyRequest): Promise<{ viewer: Viewer; member?: Member }> {
  const cookies = request.cookies
  const guestKey = guestKeyOf(request)
  const token = cookies[SESSION_COOKIE]
  const member = token ? await deps.accounts.sessions.resolve(token) : undefined
  if (member) return { viewer: { kind: 'member', memberId: member.id, username: member.username, role: member.role, ...(guestKey ? { guestKey } : {}) }, member }
  return { viewer: guestKey ? { kind: 'anonymous', guestKey } : ANONYMOUS }
}

/** true when the request carries a cookie that may make its pages personal */
export function mayBePersonal(request: FastifyRequest): boolean {
  const c = request.cookies
  return c[SESSION_COOKIE] !== undefined || c[GUEST_COOKIE] !== undefined
}

export function guestKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.cookies[GUEST_COOKIE]
  if (!raw) return undefined
  const r = request.unsignCookie(raw)
  return r.valid && r.value && /^[\w-]{16,64}$/.test(r.value) ? r.value : undefined
}

/** This browser's guest key, made (and set as a signed cookie) when it has none. */
export function ensureGuestKey(deps: ViewerDeps, request: FastifyRequest, reply: FastifyReply): string {
  const known = guestKeyOf(request)
  if (known) return known
  const key = randomBytes(18).toString('base64url')
  reply.setCookie(GUEST_COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, signed: true, maxAge: GUEST_DAYS * 86_400 })
  return key
}

/**
 * The session's cookie, and beside it the member's name for the header's
 * 你好，… (NAME_COOKIE, readable by the page's script): public pages are one
 * cached copy for everyone, so the greeting is put in by the browser. The name
 * is no secret and grants nothing; only the HttpOnly session does.
 */
export function setSessionCookie(deps: ViewerDeps, reply: FastifyReply, token: string, username?: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, maxAge: SESSION_DAYS * 86_400 })
  if (username !== undefined) reply.setCookie(NAME_COOKIE, encodeURIComponent(username), { path: '/', sameSite: 'lax', secure: deps.secureCookies, maxAge: SESSION_DAYS * 86_400 })
}

export function clearSessionCookie(deps: ViewerDeps, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies })
  reply.clearCookie(NAME_COOKIE, { path: '/', sameSite: 'lax', secure: deps.secureCookies })
}

export function wechatOpenidOf(request: FastifyRequest): string | undefined {
  const raw = request.cookies[WECHAT_OPENID_COOKIE]
  if (!raw) return undefined
  const r = request.unsignCookie(raw)
  return r.valid && r.value && /^[\w-]{6,64}$/.test(r.value) ? r.value : undefined
}

export function setWechatOpenid(deps: ViewerDeps, reply: FastifyReply, openid: string): void {
  reply.setCookie(WECHAT_OPENID_COOKIE, openid, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, signed: true, maxAge: 30 * 86_400 })
}
