import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { claimGuestPurchases, clientKind, findVipStatus, listLedger, listMemberPurchases, listOrdersOfMember, readBalance, TOPUP_MAX, TOPUP_MIN } from '../../commerce/index.ts'
import { memberError, type Member } from '../../members/index.ts'
import { SIGNUP_RULES as RULES } from '../views/signup.view.ts'
import { policyVersion } from '../../content/index.ts'
import { formatYuan } from '../../shared/money.ts'
import { AppError } from '../../platform/http/app-error.ts'
import type { SiteDeps } from '../site-deps.ts'
import { urls } from '../urls.ts'
import { formatDate, formatDiscount } from '../views/format.ts'
import { clearSessionCookie, guestKeyOf, setSessionCookie, SESSION_COOKIE, viewerOf } from '../../members/index.ts'
import { offered } from '../files/download-formats.ts'
import { formError, renderPrivate, safeNext } from './private-page.ts'

const Next = Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) })
const LoginBody = Type.Object({
  login: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 200 }),
  /** for an account with two-factor sign-in, asked for after the right password */
  code: Type.Optional(Type.String({ maxLength: 20 })),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.String({ maxLength: 100 }),
})
const RegisterBody = Type.Object({
  username: Type.String({ maxLength: 100 }),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  password: Type.String({ maxLength: 200 }),
  password2: Type.String({ maxLength: 200 }),
  /** the 用户协议 and 隐私政策 checkbox: '1' when ticked (an unticked box sends nothing) */
  agree: Type.Optional(Type.String({ maxLength: 10 })),
  next: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.String({ maxLength: 100 }),
})
const PasswordBody = Type.Object({
  current: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
  password2: Type.String({ maxLength: 200 }),
  _csrf: Type.String({ maxLength: 100 }),
})
const CsrfOnly = Type.Object({ _csrf: Type.String({ maxLength: 100 }) })

/**
 * Logging in and out, registering, and the member centre (/user): purchases,
 * orders, VIP, balance and its ledger, password change. Every POST carries the
 * CSRF token (checked by the site plugin's hook). A login rotates the session:
 * the browser's old token is ended and a new one set. Logging in or
 * registering on a browser that bought as a guest claims those purchases.
 */
export const accountPageRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { members, sessions } = deps.accounts
  // the forms promise a reset only where one can be made (mail goes out)
  const canReset = deps.passwordResets !== undefined

  async function startSession(request: FastifyRequest, reply: FastifyReply, member: Member, token: string) {
    await sessions.end(request.cookies[SESSION_COOKIE])
    setSessionCookie(deps, reply, token, member.username)
    const guestKey = guestKeyOf(request)
    if (guestKey) await claimGuestPurchases(deps.db, guestKey, member.id, deps.now().toISOString())
  }

  app.get('/login', { schema: { querystring: Next } }, async (request, reply) => {
    if ((await viewerOf(deps, request)).member) return reply.redirect(safeNext(request.query.next), 303)
    return renderPrivate(deps, request, reply, 'login', 'PAGE_LOGIN', {
      form: { login: '', next: safeNext(request.query.next, '/'), error: '' },
      register_url: urls.register(request.query.next),
      can_reset: canReset,
    })
  })

  app.post('/login', { schema: { body: LoginBody } }, async (request, reply) => {
    const { login, password, code } = request.body
    const next = safeNext(request.body.next, '/')
    // after the right password of an account with two-factor on, the form asks for the code too (and the password again: it is never sent back)
    const show = (error: { message: string; status: number }, needCode: boolean) =>
      renderPrivate(
        deps,
        request,
        reply,
        'login',
        'PAGE_LOGIN',
        { form: { login, next, error: error.message, need_code: needCode }, register_url: urls.register(next), can_reset: canReset },
        error.status,
      )
    try {
      const session = await members.logIn(login, password, { address: request.ip }, code)
      await startSession(request, reply, session.member, session.token)
      request.log.info({ memberId: session.member.id }, 'member logged in')
      return reply.redirect(next, 303)
    } catch (error) {
      const needCode = error instanceof AppError && (error.code === 'MEMBER_TOTP_REQUIRED' || error.code === 'MEMBER_TOTP_WRONG')
      return show(formError(deps, error), needCode)
    }
  })

  app.get('/register', { schema: { querystring: Next } }, async (request, reply) => {
    if ((await viewerOf(deps, request)).member) return reply.redirect(safeNext(request.query.next), 303)
    return renderPrivate(deps, request, reply, 'register', 'PAGE_REGISTER', {
      form: { username: '', email: '', next: safeNext(request.query.next, '/'), error: '' },
      rules: RULES,
      login_url: urls.login(request.query.next),
      can_reset: canReset,
    })
  })

  app.post('/register', { schema: { body: RegisterBody } }, async (request, reply) => {
    const b = request.body
    const next = safeNext(b.next, '/')
    try {
      if (b.password !== b.password2) throw memberError('MEMBER_PASSWORD_MISMATCH')
      const consent = { agreed: b.agree === '1', version: policyVersion(deps.catalog.get().settings) }
      const member = await members.register({ username: b.username, ...(b.email?.trim() ? { email: b.email } : {}), password: b.password, consent }, { address: request.ip })
      const session = await sessions.start(member.id)
      await startSession(request, reply, member, session.token)
      request.log.info({ memberId: member.id }, 'member registered')
      return reply.redirect(next, 303)
    } catch (error) {
      const e = formError(deps, error)
      return renderPrivate(
        deps,
        request,
        reply,
        'register',
        'PAGE_REGISTER',
        { form: { username: b.username, email: b.email ?? '', next, error: e.message, agree: b.agree === '1' }, rules: RULES, login_url: urls.login(next), can_reset: canReset },
        e.status,
      )
    }
  })

  app.post('/logout', { schema: { body: CsrfOnly } }, async (request, reply) => {
    await sessions.end(request.cookies[SESSION_COOKIE])
    clearSessionCookie(deps, reply)
    return reply.redirect('/', 303)
  })

  app.get('/user', async (request, reply) => {
    const member = (await viewerOf(deps, request)).member
    if (!member) return reply.redirect(urls.login('/user'), 303)
    return renderPrivate(deps, request, reply, 'user', 'PAGE_USER', await memberCentre(deps, request, member, ''))
  })

  app.post('/user/password', { schema: { body: PasswordBody } }, async (request, reply) => {
    const member = (await viewerOf(deps, request)).member
    if (!member) return reply.redirect(urls.login('/user'), 303)
    const b = request.body
    try {
      if (b.password !== b.password2) throw memberError('MEMBER_PASSWORD_MISMATCH')
      await members.changePassword(member, b.current, b.password, request.cookies[SESSION_COOKIE])
      return renderPrivate(deps, request, reply, 'user', 'PAGE_USER', { ...(await memberCentre(deps, request, member, '')), password_changed: true })
    } catch (error) {
      const e = formError(deps, error)
      return renderPrivate(deps, request, reply, 'user', 'PAGE_USER', await memberCentre(deps, request, member, e.message), e.status)
    }
  })
}

/** What /user shows: the member's purchases, orders, VIP and balance, newest first. */
async function memberCentre(deps: SiteDeps, request: FastifyRequest, member: Member, passwordError: string) {
  const locale = deps.catalog.get().settings.locale
  const at = deps.now().toISOString()
  const [purchases, orders, vip, balance, ledger, plans] = await Promise.all([
    listMemberPurchases(deps.db, member.id, 100),
    listOrdersOfMember(deps.db, member.id, 50),
    findVipStatus(deps.db, member.id, at),
    readBalance(deps.db, member.id),
    listLedger(deps.db, member.id, 50),
    deps.commerce.vip.listOnSale(),
  ])
  return {
    member: { username: member.username, email: member.email ?? '', role: member.role, role_key: `role.${member.role}`, since: formatDate(member.createdAt, locale) },
    purchases: purchases.map((p) => ({
      title: p.title,
      url: urls.post(p.slug),
      download_url: p.revoked_at === null && offered(deps, 'docx') ? urls.download(p.slug) : '',
      pdf_url: p.revoked_at === null && offered(deps, 'pdf') ? urls.downloadPdf(p.slug) : '',
      date: formatDate(p.created_at, locale),
      revoked: p.revoked_at !== null,
      granted: p.granted_by !== null,
    })),
    orders: orders.map((o) => ({
      no: o.orderNo,
      // 24 digits wrap on a phone: the last 8 tell orders apart, the copy button gives the whole number
      short_no: `…${o.orderNo.slice(-8)}`,
      title: o.title,
      amount: formatYuan(o.amount),
      state_key: `order.state.${o.state}`,
      state: o.state,
      date: formatDate(o.createdAt, locale),
      url: urls.order(o.orderNo),
      refunded: o.refundedAmount > 0 ? formatYuan(o.refundedAmount) : '',
    })),
    vip: vip ? { plan: vip.planName, ends: formatDate(vip.endsAt, locale), discount: vip.discountPercent > 0 ? formatDiscount(vip.discountPercent, locale) : '' } : null,
    has_plans: plans.length > 0,
    balance: formatYuan(balance),
    ledger: ledger.map((l) => ({
      kind_key: `ledger.${l.kind}`,
      delta: (l.delta < 0 ? '-' : '+') + formatYuan(Math.abs(l.delta)),
      after: formatYuan(l.balance_after),
      note: l.note,
      date: formatDate(l.created_at, locale),
    })),
    topup: {
      min: TOPUP_MIN / 100,
      max: TOPUP_MAX / 100,
      methods: deps.commerce.methodsFor(clientKind(request.headers['user-agent']), { member: true, kind: 'topup' }).map((m) => ({ id: m.id, brand: m.provider, label_key: `pay.method.${m.id}` })),
    },
    password_error: passwordError,
    password_changed: false,
    rules: RULES,
  }
}
