import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { commerceError, findOrderByNo, listAttempts, listFlaggedOrders, listOrderEvents, type Order } from '../commerce/index.ts'
import { findMemberForLogin, isStaff, memberError, type Member } from '../members/index.ts'
import { describeError, errorHeaders } from '../platform/http/describe-error.ts'
import { pickLocale } from '../platform/i18n/t.ts'
import { cents, formatYuan, parseYuan } from '../shared/money.ts'
import type { SiteDeps } from '../site/site-deps.ts'
import { viewerOf } from '../site/viewer-request.ts'

const Yuan = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$', description: 'yuan, e.g. 30.00' })
const PlanBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  level: Type.Integer({ minimum: 1, maximum: 99 }),
  days: Type.Integer({ minimum: 1, maximum: 36_500 }),
  price: Yuan,
  benefit: Type.Union([Type.Literal('free'), Type.Literal('discount')]),
  discountPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
})
const RefundBody = Type.Object({ amount: Type.Optional(Yuan), reason: Type.String({ minLength: 1, maxLength: 200 }) })
const GrantBody = Type.Object({ member: Type.String({ minLength: 1, maxLength: 254 }), post: Type.String({ minLength: 1, maxLength: 200 }), reason: Type.String({ minLength: 1, maxLength: 200 }) })
const OrderNo = Type.Object({ no: Type.String({ pattern: '^\\d{24}$' }) })

/** Who did it, for the order journal and grant rows. */
export const staffActor = (m: Pick<Member, 'id' | 'username' | 'role'>) => `${m.role}:${m.id}:${m.username}`

/**
 * An order as staff see it. A guest's key is a bearer secret (with the cookie
 * secret it reads their purchases): staff see a short fingerprint that tells
 * one guest's orders apart, never the key.
 */
const orderView = (o: Order) => ({
  id: o.id,
  orderNo: o.orderNo,
  kind: o.kind,
  memberId: o.memberId,
  guest: o.guestKey ? `guest-${createHash('sha256').update(o.guestKey).digest('hex').slice(0, 8)}` : null,
  postId: o.postId,
  planId: o.planId,
  title: o.title,
  amount: o.amount,
  currency: o.currency,
  state: o.state,
  paidLate: o.paidLate,
  refundedAmount: o.refundedAmount,
  flag: o.flag,
  createdAt: o.createdAt,
  expiresAt: o.expiresAt,
  paidAt: o.paidAt,
  closedAt: o.closedAt,
  amountText: formatYuan(o.amount),
  refundedText: formatYuan(o.refundedAmount),
})

/**
 * /api/admin: staff operations before the admin console exists. Staff
 * (editor, admin) may read; only admins change money or rights. Same session
 * cookie as the site, and the CSRF header on every change (the app's hook).
 * Answers are JSON, never cached.
 */
export const adminApiPlugin: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.setErrorHandler(async (error, request, reply) => {
    const d = describeError(error, pickLocale(request.headers['accept-language']))
    if (d.internal) request.log.error({ err: error }, 'admin request failed')
    return reply
      .code(d.status)
      .headers(errorHeaders(d))
      .send({ error: { code: d.code, message: d.message, requestId: request.id, ...(d.fields ? { fields: d.fields } : {}) } })
  })
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'NOT_FOUND', message: describeError({ statusCode: 404 }, pickLocale(request.headers['accept-language'])).message, requestId: request.id } }),
  )
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })

  async function staff(request: FastifyRequest, needAdmin: boolean): Promise<Member> {
    const { member } = await viewerOf(deps, request)
    if (!member) throw memberError('MEMBER_LOGIN_REQUIRED')
    if (!isStaff(member.role) || (needAdmin && member.role !== 'admin')) throw memberError('MEMBER_FORBIDDEN')
    return member
  }
  const { commerce } = deps

  app.get('/plans', async (request) => {
    await staff(request, false)
    return { items: await commerce.vip.list(false) }
  })
  app.post('/plans', { schema: { body: PlanBody } }, async (request, reply) => {
    await staff(request, true)
    const b = request.body
    const plan = await commerce.vip.createPlan({ name: b.name, level: b.level, days: b.days, price: parseYuan(b.price) ?? cents(0), benefit: b.benefit, discountPercent: b.discountPercent ?? 0 })
    return reply.code(201).send({ plan })
  })
  app.patch('/plans/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }), body: Type.Object({ active: Type.Boolean() }) } }, async (request) => {
    await staff(request, true)
    return { plan: await commerce.vip.setActive(request.params.id, request.body.active) }
  })

  app.get('/orders/flagged', async (request) => {
    await staff(request, false)
    return { items: (await listFlaggedOrders(deps.db, 200)).map(orderView) }
  })
  app.get('/orders/:no', { schema: { params: OrderNo } }, async (request) => {
    await staff(request, false)
    const order = await findOrderByNo(deps.db, request.params.no)
    if (!order) throw commerceError('ORDER_NOT_FOUND')
    return { order: orderView(order), attempts: await listAttempts(deps.db, order.id), events: await listOrderEvents(deps.db, order.id) }
  })
  app.post('/orders/:no/refund', { schema: { params: OrderNo, body: RefundBody } }, async (request) => {
    const member = await staff(request, true)
    const amount = request.body.amount === undefined ? undefined : parseYuan(request.body.amount)
    const order = await commerce.orders.refund(request.params.no, { ...(amount !== undefined ? { amount } : {}), reason: request.body.reason, actor: staffActor(member) })
    request.log.info({ orderNo: order.orderNo, by: member.id }, 'order refunded')
    return { order: orderView(order) }
  })

  // staff hide a post or publish it again; every server drops its copies within a second or two
  app.patch(
    '/posts/:slug',
    {
      schema: {
        params: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }) }),
        body: Type.Object({ status: Type.Union([Type.Literal('published'), Type.Literal('hidden'), Type.Literal('draft')]) }),
      },
    },
    async (request) => {
      const member = await staff(request, false)
      const post = await deps.posts.setPostStatus(request.params.slug, request.body.status)
      request.log.info({ slug: post.slug, status: post.status, by: member.id }, 'post status changed')
      return { post: { slug: post.slug, title: post.title, status: post.status } }
    },
  )

  async function memberIdOf(login: string): Promise<number> {
    const found = /^\d+$/.test(login) ? { id: Number(login) } : await findMemberForLogin(deps.db, login)
    if (!found) throw commerceError('GRANT_MEMBER_NOT_FOUND')
    return found.id
  }
  app.post('/purchases', { schema: { body: GrantBody } }, async (request) => {
    const member = await staff(request, true)
    return commerce.grants.grantPurchase(await memberIdOf(request.body.member), request.body.post, staffActor(member), request.body.reason)
  })
  app.post('/purchases/revoke', { schema: { body: GrantBody } }, async (request) => {
    const member = await staff(request, true)
    return commerce.grants.revokePurchase(await memberIdOf(request.body.member), request.body.post, staffActor(member), request.body.reason)
  })
}
