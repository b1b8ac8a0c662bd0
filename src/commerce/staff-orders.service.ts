import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import type { Db } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'
import type { Order, PaymentAttempt } from './order.ts'
import { findOrderByNo, listAttempts, listFlaggedOrders, listOrderEvents } from './order.repository.ts'

export interface OrderDetail {
  order: Order
  attempts: PaymentAttempt[]
  events: Awaited<ReturnType<typeof listOrderEvents>>
}

/** What staff read about orders (the console, /api/admin, `inkgate order`): admins only, like every money screen. */
export function createStaffOrders(deps: { db: Db }) {
  const { db } = deps
  return {
    /** Orders waiting for a person (a late or second payment, a mismatch), newest first. */
    async listFlagged(actor: Actor, limit = 200): Promise<Order[]> {
      authorize(actor, 'order.read')
      return listFlaggedOrders(db, limit)
    },
    /** One order with its payment attempts and its journal. */
    async detail(actor: Actor, orderNo: string): Promise<OrderDetail> {
      authorize(actor, 'order.read')
      const order = await findOrderByNo(db, orderNo)
      if (!order) throw commerceError('ORDER_NOT_FOUND')
      return { order, attempts: await listAttempts(db, order.id), events: await listOrderEvents(db, order.id) }
    },
  }
}
export type StaffOrders = ReturnType<typeof createStaffOrders>
