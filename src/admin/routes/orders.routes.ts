import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parseYuan } from '../../shared/money.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, OrderDetailResponse, OrderListResponse, OrderNoParams, OrderResponse, RefundBody } from '../contract/admin.schemas.ts'
import { attemptView, orderView } from '../order-view.ts'

/** Orders: the ones waiting for a person, one order in full, refunds. Admins only (the operations say so). */
export const orderRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { commerce }) => {
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
