import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { actorOf, clearSessionCookie, SESSION_COOKIE, setSessionCookie, type Member } from '../../members/index.ts'
import type { Actor } from '../../platform/access/actor.ts'
import { authorize, can, permissionsOf } from '../../platform/access/permissions.ts'
import { issueCsrfToken } from '../../platform/http/csrf.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, SessionResponse, SetupBody, MeResponse, SignedOutResponse, SignInBody } from '../contract/admin.schemas.ts'
import { staffOf } from '../staff-guard.ts'

const asActor = (m: Member, ip: string): Actor => ({ kind: 'member', memberId: m.id, username: m.username, role: m.role, via: 'admin', ip })

/**
 * Signing in to the console: the console asks who it is talking to (and gets its
 * CSRF token), signs a staff member in with their member account, signs out, and
 * on a fresh site offers the one-time owner set-up. The same session cookie as the
 * site: a staff member signed in here is signed in there too.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  const { members, sessions } = deps.accounts

  async function startSession(request: FastifyRequest, reply: FastifyReply, token: string) {
    // a sign-in rotates the session: the browser's old one ends
    await sessions.end(request.cookies[SESSION_COOKIE])
    setSessionCookie(deps, reply, token)
  }

  app.get(
    '/session',
    {
      config: { adminPublic: true },
      schema: { tags: ['session'], summary: 'who the console talks to, its CSRF token, and whether the site needs its owner', response: { 200: SessionResponse, ...ERRORS } },
    },
    async (request, reply) => {
      const actor = await actorOf(deps, request, 'admin')
      const staff = actor.kind === 'member' && can(actor, 'console.enter') ? actor : undefined
      return {
        csrfToken: issueCsrfToken(request, reply, deps.cookieSecret, deps.secureCookies),
        setupNeeded: await members.needsOwner(),
        staff: staff ? { id: staff.memberId, username: staff.username, role: staff.role } : null,
        permissions: staff ? permissionsOf(staff) : [],
      }
    },
  )

  app.post(
    '/session',
    { config: { adminPublic: true }, schema: { tags: ['session'], summary: 'sign a staff member in', body: SignInBody, response: { 200: MeResponse, ...ERRORS } } },
    async (request, reply) => {
      const session = await members.logIn(request.body.login, request.body.password, { address: request.ip }, request.body.code)
      const actor = asActor(session.member, request.ip)
      if (!can(actor, 'console.enter')) {
        // a reader's password is right, but the console is not theirs: no session is left behind
        await sessions.end(session.token)
        authorize(actor, 'console.enter')
      }
      await startSession(request, reply, session.token)
      request.log.info({ memberId: session.member.id }, 'staff signed in to the console')
      return { staff: { id: session.member.id, username: session.member.username, role: session.member.role }, permissions: permissionsOf(actor) }
    },
  )

  app.delete('/session', { schema: { tags: ['session'], summary: 'sign out', response: { 200: SignedOutResponse, ...ERRORS } } }, async (request, reply) => {
    staffOf(request)
    await sessions.end(request.cookies[SESSION_COOKIE])
    clearSessionCookie(deps, reply)
    return { signedOut: true }
  })

  app.post(
    '/setup',
    {
      config: { adminPublic: true },
      schema: { tags: ['session'], summary: "a fresh site's owner: the first admin account, signed in", body: SetupBody, response: { 201: MeResponse, ...ERRORS } },
    },
    async (request, reply) => {
      const b = request.body
      const session = await members.setUpOwner({ username: b.username, password: b.password, ...(b.email ? { email: b.email } : {}) }, { address: request.ip })
      await startSession(request, reply, session.token)
      request.log.info({ memberId: session.member.id }, 'the site owner was set up')
      return reply.code(201).send({ staff: { id: session.member.id, username: session.member.username, role: session.member.role }, permissions: permissionsOf(asActor(session.member, request.ip)) })
    },
  )
}
