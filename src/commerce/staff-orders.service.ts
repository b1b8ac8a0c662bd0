import { stringify } from 'csv-stringify/sync'
import { findPostBySlug } from '../content/index.ts'
import { findMemberById, findMemberForLogin } from '../members/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import { authorize } from '../platform/access/permissions.ts'
import type { Db } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'
import type { Order, PaymentAttempt } from './order.ts'
import { findOrderByNo, listAttempts, listFlaggedOrders, listOrderEvents } from './order.repository.ts'
import { searchOrders, type OrderSearch } from './order-search.ts'

export interface OrderDetail {
  order: Order
  attempts: PaymentAttempt[]
  events: Awaited<ReturnType<typeof listOrderEvents>>
}

/** What staff read about orders (the console, /api/admin, `inkgate order`): admins only, like every money screen. */
/** A staff search as typed: a member by id, username or e-mail, a post by its slug. */
export type StaffOrderQuery = Omit<OrderSearch, 'memberId' | 'postId'> & { member?: string; post?: string }

const CSV_LIMIT = 50_000
/** a cell that a spreadsheet would run as a formula starts with a quote instead (CSV injection) */
const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)

export function createStaffOrders(deps: { db: Db; now?: () => Date }) {
  const { db } = deps
  /** who and what the search names; an unknown one matches nothing */
  async function resolve(q: StaffOrderQuery): Promise<OrderSearch> {
    const { member, post, ...rest } = q
    const out: OrderSearch = { ...rest }
    if (member !== undefined) {
      const m = /^\d+$/.test(member) ? await findMemberById(db, Number(member)) : await findMemberForLogin(db, member)
      out.memberId = m?.id ?? -1
    }
    if (post !== undefined) out.postId = (await findPostBySlug(db, post))?.id ?? -1
    return out
  }
  return {
    /** Orders by state, kind, provider, time, member, post or flag, a page at a time, newest first. */
    async search(actor: Actor, q: StaffOrderQuery, page: number, pageSize: number) {
      authorize(actor, 'order.read')
      return searchOrders(db, await resolve(q), { limit: pageSize, offset: (page - 1) * pageSize })
    },

    /** The same search as CSV for a spreadsheet (UTF-8 with a BOM, so Excel reads the Chinese), at most 50,000 rows; the export is audited. */
    async exportCsv(actor: Actor, q: StaffOrderQuery): Promise<{ csv: string; rows: number }> {
      authorize(actor, 'order.read')
      const { items } = await searchOrders(db, await resolve(q), { limit: CSV_LIMIT, offset: 0 })
      const header = ['订单号', '类型', '内容', '金额(元)', '已退(元)', '状态', '支付方式', '会员ID', '下单时间', '支付时间', '标记']
      const yuan = (fen: number) => (fen / 100).toFixed(2)
      const rows = items.map((o) => [o.orderNo, o.kind, cell(o.title), yuan(o.amount), yuan(o.refundedAmount), o.state, o.provider ?? '', o.memberId ?? '', o.createdAt, o.paidAt ?? '', o.flag ?? ''])
      await recordAudit(db, actor, (deps.now ?? (() => new Date()))(), { action: 'order.export', target: 'orders', detail: { rows: items.length, query: q } })
      return { csv: `\uFEFF${stringify([header, ...rows])}`, rows: items.length }
    },

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
