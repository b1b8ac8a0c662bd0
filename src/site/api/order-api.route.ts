import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { findPublishedOrderReturn } from '../../commerce/index.ts'
import { formatYuan } from '../../shared/money.ts'
import type { SiteDeps } from '../site-deps.ts'
import { actorOf } from '../../members/index.ts'
import { ErrorResponse } from './v1.schemas.ts'

const OrderStatus = Type.Object({
  orderNo: Type.String(),
  state: Type.Union([Type.Literal('created'), Type.Literal('paid'), Type.Literal('closed'), Type.Literal('refunded')]),
  amount: Type.Integer({ description: '分' }),
  amountText: Type.String(),
  returnUrl: Type.String({ description: 'where the buyer reads what they bought' }),
})

/**
 * The cashier's poll: the state of the buyer's own order, from our database
 * only. Someone else's order number answers 404, as an unknown one does.
 */
export const orderApiRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.get(
    '/orders/:no',
    { schema: { tags: ['orders'], params: Type.Object({ no: Type.String({ pattern: '^\\d{24}$' }) }), response: { 200: OrderStatus, 400: ErrorResponse, 404: ErrorResponse } } },
    async (request) => {
      const order = await deps.commerce.orders.findForBuyer(await actorOf(deps, request, 'api'), request.params.no)
      const expired = order.state === 'created' && order.expiresAt <= deps.now().toISOString()
      return {
        orderNo: order.orderNo,
        state: expired ? 'closed' : order.state,
        amount: order.amount,
        amountText: formatYuan(order.amount),
        returnUrl: await findPublishedOrderReturn(deps.db, order, deps.now().toISOString()),
      }
    },
  )
}
