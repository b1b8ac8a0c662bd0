import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  clientKind,
  commerceError,
  discountedPrice,
  findPublishedOrderReturn,
  findVipStatus,
  listAttempts,
  readBalance,
  type LeftAt,
  type Order,
  type OrderRequest,
  type PaymentAction,
} from '../../commerce/index.ts'
import { contentError, findPublishedPostBySlug, sumPricedPostsByLevel } from '../../content/index.ts'
import { formatYuan, parseYuan } from '../../shared/money.ts'
import type { Viewer } from '../../members/viewer.ts'
import type { Actor } from '../../platform/access/actor.ts'
import type { SiteDeps } from '../site-deps.ts'
import { absolute, urls } from '../urls.ts'
import { ensureGuestKey, setWechatOpenid, viewerOf, wechatOpenidOf } from '../../members/index.ts'
import { formError, renderPrivate } from './private-page.ts'
import { formatClock, formatDate, formatDiscount } from '../views/format.ts'
import { buildVipPlans } from '../views/vip-page.view.ts'
import { SIGNUP_RULES } from '../views/signup.view.ts'
import { LeftAtFields, LeftAtQuery, OrderPageQuery, leftAtOf, orderPath, retryUrlOf } from './left-at.ts'

const MethodId = Type.String({ pattern: '^[a-z]+(\\.[a-z0-9_]+)?$', maxLength: 40 })
const CreateOrderBody = Type.Object({
  kind: Type.Union([Type.Literal('post'), Type.Literal('vip'), Type.Literal('topup')]),
  slug: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  plan: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  amount: Type.Optional(Type.String({ maxLength: 20 })),
  method: MethodId,
  _csrf: Type.String({ maxLength: 100 }),
  ...LeftAtFields,
})
const PayBody = Type.Object({ method: MethodId, _csrf: Type.String({ maxLength: 100 }), ...LeftAtFields })
const OrderParams = Type.Object({ no: Type.String({ pattern: '^\\d{24}$' }) })
const SandboxParams = Type.Object({ outTradeNo: Type.String({ pattern: '^\\d{24}A\\d{2}$' }) })
const SandboxBody = Type.Object({ decision: Type.Union([Type.Literal('pay'), Type.Literal('cancel')]), _csrf: Type.String({ maxLength: 100 }) })

/**
 * The actor this request buys as: the signed-in member, or a visitor with this
 * browser's guest key (made when `create`: a guest's first order). The checkout
 * operations decide what each may do.
 */
function buyerActorOf(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, viewer: Viewer, create: boolean): Actor {
  if (viewer.kind === 'member') return { kind: 'member', memberId: viewer.memberId, username: viewer.username, role: viewer.role, via: 'site', ip: request.ip }
  const guestKey = viewer.guestKey ?? (create ? ensureGuestKey(deps, request, reply) : undefined)
  return { kind: 'visitor', ...(guestKey ? { guestKey } : {}), ip: request.ip }
}

const returnUrl = (deps: SiteDeps, order: Order, left: LeftAt) => findPublishedOrderReturn(deps.db, order, deps.now().toISOString(), left)

/**
 * The cashier: /buy/:slug (a post's price and the ways to pay), /vip (plans),
 * POST /orders (create and start paying), /orders/:no (the order: QR code or
 * state, polled by pay.js until paid), POST /orders/:no/pay (pay an open order
 * another way), and the development sandbox's payer page.
 */
export const cashierPageRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { commerce } = deps

  app.get('/buy/:slug', { schema: { params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) }), querystring: LeftAtQuery } }, async (request, reply) => {
    const post = await findPublishedPostBySlug(deps.db, request.params.slug, deps.now().toISOString())
    if (!post) throw contentError('POST_NOT_FOUND')
    const { viewer, member } = await viewerOf(deps, request)
    const readable = await deps.reader.canRead(viewer, post)
    const settings = deps.catalog.get().settings
    const client = clientKind(request.headers['user-agent'])
    const vip = member ? await findVipStatus(deps.db, member.id, deps.now().toISOString()) : undefined
    const discount = post.price > 0 ? (vip?.discountPercent ?? 0) : 0
    const amount = discountedPrice(post.price, discount)
    const balance = member ? await readBalance(deps.db, member.id) : 0
    // balance is offered only when it covers the price; short of it, the page says so and links to a top-up
    const offered = methodViews(deps, client, !!member, 'post')
    const balanceShort = balance < amount && offered.some((m) => m.id === 'balance')
    const methods = balanceShort ? offered.filter((m) => m.id !== 'balance') : offered
    return renderPrivate(deps, request, reply, 'buy', 'PAGE_BUY', {
      item: {
        title: post.title,
        url: urls.post(post.slug),
        slug: post.slug,
        page: request.query.page && request.query.page > 1 && request.query.page <= post.pageCount ? request.query.page : 0,
        price: formatYuan(post.price),
        amount: formatYuan(amount),
        discount,
        discount_words: discount > 0 ? formatDiscount(discount, settings.locale) : '',
        paid_chars: post.paidCharCount,
        for_sale: post.price > 0 && post.paidRegionCount > 0,
      },
      readable,
      needs_login: !member && !settings.guestPurchase,
      guest: !member,
      login_url: urls.login(urls.buy(post.slug, request.query.page)),
      register_url: urls.register(urls.buy(post.slug, request.query.page)),
      balance: member ? formatYuan(balance) : '',
      balance_short: balanceShort ? { balance: formatYuan(balance), topup_url: '/user#topup' } : null,
      methods,
    })
  })

  app.get('/vip', { schema: { querystring: LeftAtQuery } }, async (request, reply) => {
    const { member } = await viewerOf(deps, request)
    // a plan bought from a post brings the reader back to it
    const from = request.query.post ? await findPublishedPostBySlug(deps.db, request.query.post, deps.now().toISOString()) : undefined
    const left = from ? { post: from.slug, page: request.query.page && request.query.page <= from.pageCount ? request.query.page : 1 } : undefined
    const here = left ? urls.vip(left) : urls.vip()
    const now = deps.now().toISOString()
    const [plans, priced] = await Promise.all([commerce.vip.listOnSale(), sumPricedPostsByLevel(deps.db, now)])
    const vip = member ? await findVipStatus(deps.db, member.id, now) : undefined
    const { settings, tree } = deps.catalog.get()
    return renderPrivate(deps, request, reply, 'vip', 'PAGE_VIP', {
      plans: buildVipPlans(plans, priced, tree, settings.locale),
      member: !!member,
      current: vip ? { plan: vip.planName, ends: formatDate(vip.endsAt, settings.locale) } : null,
      rules: SIGNUP_RULES,
      here,
      login_url: urls.login(here),
      register_url: urls.register(here),
      left: left ? { post: left.post, page: left.page > 1 ? left.page : 0, title: from?.title ?? '', url: urls.post(left.post, left.page) } : null,
      methods: methodViews(deps, clientKind(request.headers['user-agent']), !!member, 'vip'),
    })
  })

  app.post('/orders', { schema: { body: CreateOrderBody } }, async (request, reply) => {
    const b = request.body
    const { viewer } = await viewerOf(deps, request)
    try {
      let orderRequest: OrderRequest
      if (b.kind === 'post') {
        const post = b.slug ? await findPublishedPostBySlug(deps.db, b.slug, deps.now().toISOString()) : undefined
        if (!post) throw commerceError('ORDER_POST_NOT_FOR_SALE')
        if (await deps.reader.canRead(viewer, post)) throw commerceError('ORDER_ALREADY_BOUGHT')
        orderRequest = { kind: 'post', postId: post.id }
      } else if (b.kind === 'vip') {
        orderRequest = { kind: 'vip', planId: b.plan ?? 0 }
      } else {
        const amount = parseYuan(b.amount ?? '')
        orderRequest = { kind: 'topup', amount: amount ?? (0 as never) }
      }
      // a guest key is made only for what a guest may buy (a post): the operation refuses the rest
      const actor = buyerActorOf(deps, request, reply, viewer, b.kind === 'post')
      const order = await commerce.orders.create(actor, orderRequest)
      return await pay(request, reply, order, actor, b.method, leftAtOf(b))
    } catch (error) {
      return failure(request, reply, error, retryUrlOf(b))
    }
  })

  app.get('/orders/:no', { schema: { params: OrderParams, querystring: OrderPageQuery } }, async (request, reply) => {
    const { viewer } = await viewerOf(deps, request)
    const order = await commerce.orders.findForBuyer(buyerActorOf(deps, request, reply, viewer, false), request.params.no)
    // back from the provider's cashier, paid already (its notification came first): straight on to the text
    if (request.query.back && order.state === 'paid') return reply.redirect(await returnUrl(deps, order, leftAtOf(request.query)), 303)
    return showOrder(request, reply, order, viewer.kind === 'member', leftAtOf(request.query))
  })

  app.post('/orders/:no/pay', { schema: { params: OrderParams, body: PayBody } }, async (request, reply) => {
    const { viewer } = await viewerOf(deps, request)
    try {
      const actor = buyerActorOf(deps, request, reply, viewer, false)
      const order = await commerce.orders.findForBuyer(actor, request.params.no)
      return await pay(request, reply, order, actor, request.body.method, leftAtOf(request.body))
    } catch (error) {
      return failure(request, reply, error, urls.order(request.params.no))
    }
  })

  const oauth = deps.wechatOauth
  if (oauth) {
    // WeChat comes back here from snsapi_base OAuth with a code; the state is the order number, signed by us
    app.get(
      '/pay/wechat/oauth',
      { schema: { querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }), state: Type.String({ minLength: 1, maxLength: 200 }) }) } },
      async (request, reply) => {
        const state = request.unsignCookie(request.query.state)
        try {
          if (!state.valid || !state.value || !/^\d{24}$/.test(state.value)) throw commerceError('ORDER_NOT_FOUND')
          const { viewer } = await viewerOf(deps, request)
          const actor = buyerActorOf(deps, request, reply, viewer, false)
          const order = await commerce.orders.findForBuyer(actor, state.value)
          let openid: string
          try {
            openid = await oauth.openidFor(request.query.code)
          } catch (error) {
            request.log.warn({ err: error }, 'WeChat OAuth code exchange failed')
            throw commerceError('PAYMENT_PROVIDER_FAILED')
          }
          setWechatOpenid(deps, reply, openid)
          return await pay(request, reply, order, actor, 'wechat.jsapi', {}, openid)
        } catch (error) {
          return failure(request, reply, error, '/user#orders')
        }
      },
    )
  }

  if (commerce.providers.has('sandbox')) {
    // the development sandbox's payer page: what a provider's cashier would show
    app.get('/pay/sandbox/:outTradeNo', { schema: { params: SandboxParams, querystring: OrderPageQuery } }, async (request, reply) => {
      const attempt = await commerce.orders.sandboxAttempt(buyerActorOf(deps, request, reply, (await viewerOf(deps, request)).viewer, false), request.params.outTradeNo)
      const back = orderPath(attempt.orderNo, leftAtOf(request.query), true).replace(/^[^?]*/, '')
      return renderPrivate(deps, request, reply, 'sandbox-pay', 'PAGE_SANDBOX', {
        attempt: { no: attempt.outTradeNo, amount: formatYuan(attempt.amount), title: attempt.title, state: attempt.state, action: `/pay/sandbox/${attempt.outTradeNo}${back}` },
      })
    })
    app.post('/pay/sandbox/:outTradeNo', { schema: { params: SandboxParams, body: SandboxBody, querystring: OrderPageQuery } }, async (request, reply) => {
      const attempt = await commerce.orders.sandboxAttempt(buyerActorOf(deps, request, reply, (await viewerOf(deps, request)).viewer, false), request.params.outTradeNo)
      if (request.body.decision === 'pay' && attempt.state === 'open') {
        await commerce.orders.settle({
          provider: 'sandbox',
          outTradeNo: attempt.outTradeNo,
          txnId: `SBX${attempt.outTradeNo}`,
          amount: attempt.amount,
          currency: 'CNY',
          eventKey: `sandbox:${attempt.outTradeNo}`,
          source: 'notify',
          payload: '{}',
        })
      }
      return reply.redirect(orderPath(attempt.orderNo, leftAtOf(request.query), true), 303)
    })
  }

  /** Starts paying `order` with a method and does what the provider says: done, redirect, or show a QR. */
  async function pay(request: FastifyRequest, reply: FastifyReply, order: Order, actor: Actor, methodId: string, left: LeftAt, knownOpenid?: string): Promise<FastifyReply> {
    const client = clientKind(request.headers['user-agent'])
    const allowed = commerce.methodsFor(client, { member: actor.kind === 'member', kind: order.kind }).find((m) => m.id === methodId)
    if (!allowed) throw commerceError('ORDER_METHOD_UNAVAILABLE')
    const openid = knownOpenid ?? wechatOpenidOf(request)
    if (allowed.id === 'wechat.jsapi' && !openid) {
      if (!oauth) throw commerceError('ORDER_METHOD_UNAVAILABLE')
      // first the payer's openid: WeChat's OAuth asks nothing of them and comes straight back
      return reply.redirect(oauth.authorizeUrl(absolute(deps.config.siteUrl, '/pay/wechat/oauth'), request.server.signCookie(order.orderNo)), 303)
    }
    if (allowed.provider === 'balance') {
      const paid = await commerce.orders.payWithBalance(actor, order.orderNo)
      return reply.redirect(await returnUrl(deps, paid, left), 303)
    }
    const { action } = await commerce.orders.startPayment(
      actor,
      order.orderNo,
      { provider: allowed.provider, method: allowed.method },
      {
        client,
        returnUrl: absolute(deps.config.siteUrl, orderPath(order.orderNo, left, true)),
        notifyUrl: absolute(deps.config.siteUrl, `/pay/notify/${allowed.provider}`),
        payerIp: request.ip,
        ...(openid ? { openid } : {}),
      },
    )
    if (action.kind === 'redirect') return reply.redirect(action.url, 303)
    // POST-redirect-GET: the order's page shows the started payment (its QR code, form or WeChat sheet),
    // so a refresh there asks for nothing again and a back button does not resubmit
    return reply.redirect(orderPath(order.orderNo, left), 303)
  }

  async function showOrder(request: FastifyRequest, reply: FastifyReply, order: Order, member: boolean, left: LeftAt): Promise<FastifyReply> {
    let shown: PaymentAction | undefined
    let open: Awaited<ReturnType<typeof listAttempts>>[number] | undefined
    if (order.state === 'created') {
      // the open attempt's answer: its QR code, its form, its WeChat parameters (shown again on every reload)
      open = (await listAttempts(deps.db, order.id)).filter((a) => a.state === 'open').pop()
      if (open) shown = await commerce.orders.storedAction(open.id)
    }
    const qr = shown?.kind === 'qr' ? await (await import('qrcode')).default.toString(shown.text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : ''
    const back = await returnUrl(deps, order, left)
    const now = deps.now()
    const expired = order.state === 'created' && order.expiresAt <= now.toISOString()
    const secondsLeft = Math.max(0, Math.floor((Date.parse(order.expiresAt) - now.getTime()) / 1000))
    // 换一种方式: the ways to pay other than the one already started
    const current = open ? `${open.provider}.${open.method}` : ''
    const others = order.state === 'created' && !expired ? (await otherWays(request, order, member)).filter((m) => m.id !== current) : []
    return renderPrivate(deps, request, reply, 'order', 'PAGE_ORDER', {
      order: {
        no: order.orderNo,
        title: order.title,
        amount: formatYuan(order.amount),
        state: expired ? 'closed' : order.state,
        state_key: `order.state.${expired ? 'closed' : order.state}`,
        expires: order.expiresAt,
        expires_at: formatClock(order.expiresAt),
        seconds_left: secondsLeft,
        status_url: `/api/v1/orders/${order.orderNo}`,
        return_url: back,
        pay_url: `/orders/${order.orderNo}/pay`,
      },
      left: { post: left.post ?? '', page: left.page && left.page > 1 ? left.page : 0 },
      paying: open ? { id: current, brand: open.provider, scan_key: open.provider === 'wechat' || open.provider === 'alipay' ? `order.scan.${open.provider}` : 'order.scan' } : null,
      qr_svg_html: qr,
      form_html: shown?.kind === 'form' ? shown.html : '',
      jsapi_json: shown?.kind === 'jsapi' ? JSON.stringify(shown.params) : '',
      methods: others,
    })
  }

  /** Another way to pay an open order: the balance only when it covers it. */
  async function otherWays(request: FastifyRequest, order: Order, member: boolean) {
    const offered = methodViews(deps, clientKind(request.headers['user-agent']), member, order.kind)
    if (!offered.some((m) => m.id === 'balance')) return offered
    const balance = order.memberId !== null ? await readBalance(deps.db, order.memberId) : 0
    return balance >= order.amount ? offered : offered.filter((m) => m.id !== 'balance')
  }

  /** A payment that could not start: what went wrong, and a way back to try again (no script: the page's CSP allows none inline). */
  function failure(request: FastifyRequest, reply: FastifyReply, error: unknown, retryUrl: string): FastifyReply {
    const e = formError(deps, error)
    return renderPrivate(deps, request, reply, 'pay-failed', 'PAGE_PAY_FAILED', { error: { message: e.message }, retry_url: retryUrl }, e.status)
  }
}

function methodViews(deps: SiteDeps, client: ReturnType<typeof clientKind>, member: boolean, kind: Order['kind']) {
  // brand: the provider, whose colours and mark the button wears (微信支付 green, 支付宝 blue, a card for Stripe)
  return deps.commerce.methodsFor(client, { member, kind }).map((m) => ({ id: m.id, brand: m.provider, label_key: `pay.method.${m.id}` }))
}
