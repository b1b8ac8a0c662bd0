import type { Selectable } from 'kysely'
import type { DbOrTrx } from '../platform/db/database.ts'
import type { Cents } from '../shared/money.ts'
import type { OrderTable, PaymentAttemptTable } from './commerce.table.ts'
import type { ActorLabel, Order, OrderFlag, PaymentAttempt } from './order.ts'

export function toOrder(r: Selectable<OrderTable>): Order {
  return {
    id: r.id,
    orderNo: r.order_no,
    kind: r.kind,
    memberId: r.member_id,
    guestKey: r.guest_key,
    postId: r.post_id,
    planId: r.plan_id,
    title: r.title,
    amount: r.amount as Cents,
    currency: r.currency,
    state: r.state,
    paidLate: r.paid_late === 1,
    refundedAmount: r.refunded_amount as Cents,
    flag: r.flag as OrderFlag | null,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    paidAt: r.paid_at,
    closedAt: r.closed_at,
  }
}

export function toAttempt(r: Selectable<PaymentAttemptTable>): PaymentAttempt {
  return {
    id: r.id,
    orderId: r.order_id,
    provider: r.provider,
    method: r.method,
    outTradeNo: r.out_trade_no,
    amount: r.amount as Cents,
    currency: r.currency,
    state: r.state,
    providerTxnId: r.provider_txn_id,
    providerRef: r.provider_ref,
    createdAt: r.created_at,
  }
}

export async function findOrderByNo(db: DbOrTrx, orderNo: string): Promise<Order | undefined> {
  const r = await db.selectFrom('orders').selectAll().where('order_no', '=', orderNo).executeTakeFirst()
  return r && toOrder(r)
}

export async function findOrderById(db: DbOrTrx, id: number): Promise<Order | undefined> {
  const r = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst()
  return r && toOrder(r)
}

export async function findAttemptByOutTradeNo(db: DbOrTrx, provider: string, outTradeNo: string): Promise<PaymentAttempt | undefined> {
  const r = await db.selectFrom('payment_attempts').selectAll().where('provider', '=', provider).where('out_trade_no', '=', outTradeNo).executeTakeFirst()
  return r && toAttempt(r)
}

export async function findAttemptById(db: DbOrTrx, id: number): Promise<PaymentAttempt | undefined> {
  const r = await db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst()
  return r && toAttempt(r)
}

export async function listAttempts(db: DbOrTrx, orderId: number): Promise<PaymentAttempt[]> {
  return (await db.selectFrom('payment_attempts').selectAll().where('order_id', '=', orderId).orderBy('id').execute()).map(toAttempt)
}

export async function recordOrderEvent(db: DbOrTrx, e: { orderId: number; action: string; from?: string | null; to?: string | null; actor: ActorLabel; detail?: string; at: string }): Promise<void> {
  await db
    .insertInto('order_events')
    .values({ order_id: e.orderId, action: e.action, from_state: e.from ?? null, to_state: e.to ?? null, actor: e.actor, detail: e.detail ?? '', at: e.at })
    .execute()
}

export async function flagOrder(db: DbOrTrx, orderId: number, flag: OrderFlag, at: string): Promise<void> {
  await db.updateTable('orders').set({ flag, updated_at: at }).where('id', '=', orderId).execute()
}

export async function listOrderEvents(db: DbOrTrx, orderId: number) {
  return db.selectFrom('order_events').select(['action', 'from_state', 'to_state', 'actor', 'detail', 'at']).where('order_id', '=', orderId).orderBy('id').execute()
}

export async function listOrdersOfMember(db: DbOrTrx, memberId: number, limit: number): Promise<Order[]> {
  return (await db.selectFrom('orders').selectAll().where('member_id', '=', memberId).orderBy('id', 'desc').limit(limit).execute()).map(toOrder)
}

export async function listFlaggedOrders(db: DbOrTrx, limit: number): Promise<Order[]> {
  return (await db.selectFrom('orders').selectAll().where('flag', 'is not', null).orderBy('id', 'desc').limit(limit).execute()).map(toOrder)
}
