import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parseYuan } from '../../shared/money.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { Type, type Static } from 'typebox'
import { ERRORS, OrderDetailResponse, OrderListResponse, OrderNoParams, OrderPageResponse, OrderResponse, OrderSearchQuery, RefundBody } from '../contract/admin.schemas.ts'
import { attemptView, orderView } from '../order-view.ts'

/** Orders: the ones waiting for a person, one order in full, refunds. Admins only (the operations say so). */
export const orderRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { commerce }) => {
  /** the search as the operation takes it */
  const searchOf = (q: Static<typeof OrderSearchQuery>) => {
    const { page: _page, pageSize: _size, from, to, ...rest } = q
    return { ...rest, ...(from ? { from: new Date(from).toISOString() } : {}), ...(to ? { to: new Date(to).toISOString() } : {}) }
  }
  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'orders by state, kind, provider, time, member, post or flag, newest first',
        querystring: OrderSearchQuery,
        response: { 200: OrderPageResponse, ...ERRORS },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1
      const pageSize = request.query.pageSize ?? 20
      const { items, total } = await commerce.staffOrders.search(staffOf(request), searchOf(request.query), page, pageSize)
      return { items: items.map((o) => ({ ...orderView(o), provider: o.provider })), total, page, pageSize }
    },
  )
  app.get(
    '/orders.csv',
    { schema: { tags: ['orders'], summary: 'the same search as a CSV file (at most 50,000 orders; audited)', querystring: OrderSearchQuery, response: { 200: Type.String(), ...ERRORS } } },
    async (request, reply) => {
      const { csv } = await commerce.staffOrders.exportCsv(staffOf(request), searchOf(request.query))
      const day = new Date().toISOString().slice(0, 10)
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="orders-${day}.csv"`).send(csv)
    },
  )
  app.get('/orders/flagged', { schema: { tags: ['orders'], summary: 'orders waiting for a person', response: { 200: OrderListResponse, ...ERRORS } } }, async (request) => ({
    items: (await commerce.staffOrders.listFlagged(staffOf(request))).map(orderView),
  }))
  app.get(
    '/orders/:no',
    { schema: { tags: ['orders'], summary: 'an order with its payment attempts and journal', params: OrderNoParams, response: { 200: OrderDetailResponse, ...ERRORS } } },
    async (request) => {
      const d = await commerce.staffOrders.detail(staffOf(request), request.params.no)
      return { order: orderView(d.order), attempts: d.attempts.map(attemptView), events: d.events }
    },
  )
  app.post(
    '/orders/:no/refund',
    { schema: { tags: ['orders'], summary: 'refund all or part of a paid order', params: OrderNoParams, body: RefundBody, response: { 200: OrderResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const amount = request.body.amount === undefined ? undefined : parseYuan(request.body.amount)
      const order = await commerce.orders.refundOrder(actor, request.params.no, { ...(amount !== undefined ? { amount } : {}), reason: request.body.reason })
      request.log.info({ orderNo: order.orderNo, by: actor.memberId }, 'order refunded')
      return { order: orderView(order) }
    },
  )
}
