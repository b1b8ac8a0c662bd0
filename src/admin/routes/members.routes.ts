import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { parseYuan } from '../../shared/money.ts'
import { orderView } from '../order-view.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import {
  BalanceBody,
  BalanceResponse,
  MemberChangeBody,
  MemberDetailResponse,
  MemberIdParams,
  MemberListQuery,
  MemberListResponse,
  OkResponse,
  PasswordBody,
  VipBody,
} from '../contract/members.schemas.ts'

/** Members (admins): find them, see their money and reading, and act on their account, each action with its reason. */
export const memberRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { accounts, commerce }) => {
  app.get(
    '/members',
    { schema: { tags: ['members'], summary: 'members a page at a time, newest first', querystring: MemberListQuery, response: { 200: MemberListResponse, ...ERRORS } } },
    async (request) => {
      const q = request.query
      const page = q.page ?? 1
      const pageSize = q.pageSize ?? 20
      const result = await accounts.members.listMembers(staffOf(request), { page, pageSize, ...(q.q ? { text: q.q } : {}), ...(q.role ? { role: q.role } : {}) })
      return { ...result, page, pageSize }
    },
  )

  app.get(
    '/members/:id',
    { schema: { tags: ['members'], summary: 'one member: balance and ledger, purchases, VIP, orders', params: MemberIdParams, response: { 200: MemberDetailResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const [member, d] = await Promise.all([accounts.members.memberRow(actor, request.params.id), commerce.memberMoney.detail(actor, request.params.id)])
      return {
        member,
        balance: d.balance,
        ledger: d.ledger.map((l) => ({ kind: l.kind, delta: l.delta, balanceAfter: l.balance_after, note: l.note, at: l.created_at, orderNo: l.order_no, title: l.title })),
        purchases: d.purchases.map((p) => ({ title: p.title, slug: p.slug, at: p.created_at, revokedAt: p.revoked_at, grantedBy: p.granted_by })),
        vip: d.vip ? { level: d.vip.level, planName: d.vip.planName, endsAt: d.vip.endsAt, freeLevel: d.vip.freeLevel, discountPercent: d.vip.discountPercent } : null,
        orders: d.orders.map(orderView),
      }
    },
  )

  app.patch(
    '/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: "change a member's role, or disable or enable the account (with a reason)",
        params: MemberIdParams,
        body: MemberChangeBody,
        response: { 200: OkResponse, ...ERRORS },
      },
    },
    async (request) => {
      const actor = staffOf(request)
      const b = request.body
      if (b.role !== undefined) await accounts.members.setRole(actor, request.params.id, b.role)
      if (b.disabled !== undefined) await accounts.members.setDisabled(actor, request.params.id, b.disabled, b.reason ?? '')
      return { ok: true }
    },
  )

  app.post(
    '/members/:id/balance',
    { schema: { tags: ['members'], summary: 'add to or take from a balance, with a reason', params: MemberIdParams, body: BalanceBody, response: { 200: BalanceResponse, ...ERRORS } } },
    async (request) => {
      const text = request.body.amount
      const fen = parseYuan(text.replace(/^[+-]/, '')) ?? 0
      return { balance: await commerce.memberMoney.adjustBalance(staffOf(request), request.params.id, text.startsWith('-') ? -fen : fen, request.body.reason) }
    },
  )

  app.post(
    '/members/:id/vip',
    { schema: { tags: ['members'], summary: "give a plan's VIP time after what the member holds", params: MemberIdParams, body: VipBody, response: { 200: OkResponse, ...ERRORS } } },
    async (request) => {
      await commerce.memberMoney.extendVip(staffOf(request), request.params.id, request.body.plan, request.body.reason)
      return { ok: true }
    },
  )

  app.post(
    '/members/:id/password',
    { schema: { tags: ['members'], summary: "set a member's password (their sessions end)", params: MemberIdParams, body: PasswordBody, response: { 200: OkResponse, ...ERRORS } } },
    async (request) => {
      await accounts.members.setPassword(staffOf(request), request.params.id, request.body.password)
      return { ok: true }
    },
  )
}
