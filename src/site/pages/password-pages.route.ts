import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { memberError, RESET_MINUTES, type PasswordResets } from '../../members/index.ts'
import { SIGNUP_RULES as RULES } from '../views/signup.view.ts'
import { AppError } from '../../platform/http/app-error.ts'
import type { SiteDeps } from '../site-deps.ts'
import { urls } from '../urls.ts'
import { guestKeyOf, SESSION_COOKIE, setSessionCookie } from '../../members/index.ts'
import { claimGuestPurchases } from '../../commerce/index.ts'
import { formError, renderPrivate } from './private-page.ts'

const ForgotBody = Type.Object({ email: Type.String({ maxLength: 254 }), _csrf: Type.String({ maxLength: 100 }) })
const Token = Type.String({ maxLength: 200 })
const ResetQuery = Type.Object({ token: Type.Optional(Token) })
const ResetBody = Type.Object({
  token: Token,
  password: Type.String({ maxLength: 200 }),
  password2: Type.String({ maxLength: 200 }),
  _csrf: Type.String({ maxLength: 100 }),
})

/**
 * 找回密码: asking for a link by e-mail and setting a new password through it
 * (members/password-reset.ts). Registered only when the site sends mail; without
 * SMTP_URL these addresses are 404s and no form mentions a reset. The page a link
 * opens keeps its token out of any Referer.
 */
export function passwordPageRoutes(resets: PasswordResets): FastifyPluginAsyncTypebox<SiteDeps> {
  return async (app, deps) => {
    const invalid = () => formError(deps, memberError('MEMBER_RESET_INVALID'))

    app.get('/password/forgot', async (request, reply) => renderPrivate(deps, request, reply, 'password-forgot', 'PAGE_PASSWORD_FORGOT', { form: { email: '', error: '' }, login_url: urls.login() }))

    app.post('/password/forgot', { schema: { body: ForgotBody } }, async (request, reply) => {
      const email = request.body.email.trim()
      try {
        await resets.request(email, { address: request.ip })
        request.log.info('password reset asked for')
        return renderPrivate(deps, request, reply, 'password-forgot', 'PAGE_PASSWORD_FORGOT', { sent: true, minutes: RESET_MINUTES, form: { email, error: '' }, login_url: urls.login() })
      } catch (error) {
        const e = formError(deps, error)
        if (e.status === 429 && error instanceof AppError) reply.header('retry-after', String(60 * Number(error.params?.minutes ?? 60)))
        return renderPrivate(deps, request, reply, 'password-forgot', 'PAGE_PASSWORD_FORGOT', { form: { email, error: e.message }, login_url: urls.login() }, e.status)
      }
    })

    app.get('/password/reset', { schema: { querystring: ResetQuery } }, async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer')
      const token = request.query.token ?? ''
      const usable = await resets.isUsable(token)
      return renderPrivate(
        deps,
        request,
        reply,
        'password-reset',
        'PAGE_PASSWORD_RESET',
        { usable, rules: RULES, form: { token: usable ? token : '', error: usable ? '' : invalid().message } },
        usable ? 200 : 410,
      )
    })

    app.post('/password/reset', { schema: { body: ResetBody } }, async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer')
      const b = request.body
      try {
        if (b.password !== b.password2) throw memberError('MEMBER_PASSWORD_MISMATCH')
        const member = await resets.reset(b.token, b.password)
        // every session of the member has ended; this browser starts a new one, unless the account
        // signs in with a second factor: a mailbox alone must not get past it
        await deps.accounts.sessions.end(request.cookies[SESSION_COOKIE])
        if (await deps.accounts.members.hasSecondFactor(member.id)) {
          request.log.info({ memberId: member.id }, 'password reset by mail; two-factor account, not signed in')
          return renderPrivate(deps, request, reply, 'password-reset', 'PAGE_PASSWORD_RESET', { done: true, needs_code: true, usable: false, rules: RULES, form: { token: '', error: '' } })
        }
        const session = await deps.accounts.sessions.start(member.id)
        setSessionCookie(deps, reply, session.token, member.username)
        const guestKey = guestKeyOf(request)
        if (guestKey) await claimGuestPurchases(deps.db, guestKey, member.id, deps.now().toISOString())
        request.log.info({ memberId: member.id }, 'password reset by mail')
        return renderPrivate(deps, request, reply, 'password-reset', 'PAGE_PASSWORD_RESET', { done: true, usable: false, rules: RULES, form: { token: '', error: '' } })
      } catch (error) {
        const e = formError(deps, error)
        const usable = await resets.isUsable(b.token)
        return renderPrivate(deps, request, reply, 'password-reset', 'PAGE_PASSWORD_RESET', { usable, rules: RULES, form: { token: usable ? b.token : '', error: e.message } }, e.status)
      }
    })
  }
}
