import type { Db } from '../platform/db/database.ts'
import type { Order, OrderKind, OrderState } from './order.ts'
import { toOrder } from './order.repository.ts'

export interface OrderSearch {
  state?: OrderState
  kind?: OrderKind
  /** the provider of the attempt that paid it (balance included) */
  provider?: string
  /** created at or after / before, ISO times */
  from?: string
  to?: string
  memberId?: number
  postId?: number
  flagged?: boolean
}

/** Orders matching a staff search, newest first, with the provider that paid each. */
export async function searchOrders(db: Db, q: OrderSearch, page: { limit: number; offset: number }): Promise<{ items: Array<Order & { provider: string | null }>; total: number }> {
  let base = db.selectFrom('orders').leftJoin('payment_attempts', 'payment_attempts.id', 'orders.paid_attempt_id')
  if (q.state) base = base.where('orders.state', '=', q.state)
  if (q.kind) base = base.where('orders.kind', '=', q.kind)
  if (q.provider) base = base.where('payment_attempts.provider', '=', q.provider)
  if (q.from) base = base.where('orders.created_at', '>=', q.from)
  if (q.to) base = base.where('orders.created_at', '<', q.to)
  if (q.memberId !== undefined) base = base.where('orders.member_id', '=', q.memberId)
  if (q.postId !== undefined) base = base.where('orders.post_id', '=', q.postId)
  if (q.flagged !== undefined) base = base.where('orders.flag', q.flagged ? 'is not' : 'is', null)
  const total = Number((await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await base.selectAll('orders').select('payment_attempts.provider').orderBy('orders.id', 'desc').limit(page.limit).offset(page.offset).execute()
  return { items: rows.map((r) => ({ ...toOrder(r), provider: r.provider })), total }
}
