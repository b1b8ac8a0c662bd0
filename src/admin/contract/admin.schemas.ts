import { Type, type Static } from 'typebox'

/**
 * The /api/admin contract: every route's request and response shapes, listed in
 * /api/admin/openapi.json. The console imports these types (`import type` only).
 */
export const Yuan = Type.String({ pattern: '^\\d{1,9}(\\.\\d{1,2})?$', description: 'yuan, e.g. 30.00' })
export const Reason = Type.String({ minLength: 1, maxLength: 200, description: 'why, recorded in the journal and the audit log' })
export const OrderNoParams = Type.Object({ no: Type.String({ pattern: '^\\d{24}$', description: 'the 24-digit order number' }) })
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }) })

export const AdminError = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable, e.g. ACCESS_FORBIDDEN' }),
    message: Type.String({ description: "in the request's language (zh-CN first)" }),
    requestId: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
})
/** every route may answer these */
export const ERRORS = { 400: AdminError, 401: AdminError, 403: AdminError, 404: AdminError, 409: AdminError, 422: AdminError, 429: AdminError }

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])

export const StaffView = Type.Object({ id: Type.Integer(), username: Type.String(), role: Type.String() })
/** who is signed in and what they may do (GET /me, and the answer to a sign-in or the set-up) */
export const MeResponse = Type.Object({ staff: StaffView, permissions: Type.Array(Type.String()) })

export const PlanView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  level: Type.Integer(),
  days: Type.Integer(),
  price: Type.Integer({ description: '分' }),
  benefit: Type.Union([Type.Literal('free'), Type.Literal('discount')]),
  discountPercent: Type.Integer(),
  active: Type.Boolean(),
  recommended: Type.Boolean({ description: 'the plan the VIP page marks 推荐 (one at most)' }),
})
export const PlanBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  level: Type.Integer({ minimum: 1, maximum: 99 }),
  days: Type.Integer({ minimum: 1, maximum: 36_500 }),
  price: Yuan,
  benefit: Type.Union([Type.Literal('free'), Type.Literal('discount')]),
  discountPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
})
export const PlanActiveBody = Type.Object({ active: Type.Optional(Type.Boolean()), recommended: Type.Optional(Type.Boolean()) }, { minProperties: 1 })
export const PlanListResponse = Type.Object({ items: Type.Array(PlanView) })
export const PlanResponse = Type.Object({ plan: PlanView })

export const OrderView = Type.Object({
  id: Type.Integer(),
  orderNo: Type.String(),
  kind: Type.String(),
  memberId: Nullable(Type.Integer()),
  guest: Nullable(Type.String({ description: "a fingerprint that tells one guest's orders apart; never the key" })),
  postId: Nullable(Type.Integer()),
  planId: Nullable(Type.Integer()),
  title: Type.String(),
  amount: Type.Integer({ description: '分' }),
  currency: Type.String(),
  state: Type.String(),
  paidLate: Type.Boolean(),
  refundedAmount: Type.Integer(),
  flag: Nullable(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  paidAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  amountText: Type.String({ description: '¥12.00' }),
  refundedText: Type.String(),
})
export const AttemptView = Type.Object({
  id: Type.Integer(),
  provider: Type.String(),
  method: Type.String(),
  outTradeNo: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  state: Type.String(),
  providerTxnId: Nullable(Type.String()),
  createdAt: Type.String(),
})
export const OrderEventView = Type.Object({
  action: Type.String(),
  from_state: Nullable(Type.String()),
  to_state: Nullable(Type.String()),
  actor: Type.String(),
  detail: Type.String(),
  at: Type.String(),
})
export const OrderListResponse = Type.Object({ items: Type.Array(OrderView) })
export const OrderSearchQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('paid'), Type.Literal('closed'), Type.Literal('refunded')])),
  kind: Type.Optional(Type.Union([Type.Literal('post'), Type.Literal('vip'), Type.Literal('topup')])),
  provider: Type.Optional(Type.String({ pattern: '^[a-z]{2,20}$', description: 'wechat, alipay, stripe, balance, sandbox' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  member: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'member id, username or e-mail' })),
  post: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$', description: 'post slug' })),
  flagged: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export const OrderPageResponse = Type.Object({
  items: Type.Array(Type.Intersect([OrderView, Type.Object({ provider: Nullable(Type.String()) })])),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
})
export const OrderDetailResponse = Type.Object({ order: OrderView, attempts: Type.Array(AttemptView), events: Type.Array(OrderEventView) })
export const OrderResponse = Type.Object({ order: OrderView })
export const RefundBody = Type.Object({ amount: Type.Optional(Yuan), reason: Reason })

/** an action that needs nothing but its URL */
export const NoBody = Type.Object({})
export const PostStatusBody = Type.Object({ status: Type.Union([Type.Literal('published'), Type.Literal('hidden'), Type.Literal('draft')]) })
export const PostStatusResponse = Type.Object({ post: Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String() }) })

export const GrantBody = Type.Object({
  member: Type.String({ minLength: 1, maxLength: 254, description: 'member id, username or e-mail' }),
  post: Type.String({ minLength: 1, maxLength: 200, description: 'the post slug' }),
  reason: Reason,
})
export const GrantResponse = Type.Object({ granted: Type.Boolean() })
export const RevokeResponse = Type.Object({ revoked: Type.Integer() })

export const AuditQuery = Type.Object({
  member: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  action: Type.Optional(Type.String({ pattern: '^[a-z-]+(\\.[a-z-]*)?$', maxLength: 60, description: "an action (order.refund) or a domain ending in '.' (order.)" })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the last id of the page before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
})
export const AuditRowView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  memberId: Nullable(Type.Integer()),
  via: Type.String(),
  ip: Nullable(Type.String()),
  action: Type.String(),
  target: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
})
export const AuditListResponse = Type.Object({ items: Type.Array(AuditRowView), next: Nullable(Type.Integer({ description: 'pass as `before` for the next page' })) })

export type PlanViewT = Static<typeof PlanView>
export type OrderViewT = Static<typeof OrderView>
export type AuditRowViewT = Static<typeof AuditRowView>

export const SessionResponse = Type.Object({
  csrfToken: Type.String({ description: 'send as the x-csrf-token header on every change' }),
  setupNeeded: Type.Boolean({ description: 'no admin exists yet: the console offers the owner set-up' }),
  staff: Nullable(StaffView),
  permissions: Type.Array(Type.String()),
})
export const SignInBody = Type.Object({
  login: Type.String({ minLength: 1, maxLength: 254, description: 'username or e-mail' }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.Optional(
    Type.String({ maxLength: 20, description: 'for an account with two-factor sign-in: the 6 digits of the authenticator app, or a recovery code (401 MEMBER_TOTP_REQUIRED asks for it)' }),
  ),
})
export const SetupBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 40 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.Optional(Type.String({ maxLength: 254 })),
})
export const SignedOutResponse = Type.Object({ signedOut: Type.Boolean() })

export const PostListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$', description: 'channel slug' })),
  status: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('hidden'), Type.Literal('draft'), Type.Literal('trashed')], { description: 'unset: every post but those in the trash' })),
  paid: Type.Optional(Type.Boolean({ description: 'true: priced posts; false: free ones' })),
  flag: Type.Optional(Type.Union([Type.Literal('top'), Type.Literal('hot'), Type.Literal('recommend'), Type.Literal('new')])),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'tag slug' })),
  author: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: "an author's member id" })),
  title: Type.Optional(Type.String({ maxLength: 100, description: 'words in the title' })),
  sort: Type.Optional(Type.Union([Type.Literal('published'), Type.Literal('updated'), Type.Literal('price'), Type.Literal('title'), Type.Literal('views')])),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
})
export const StaffPostView = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  title: Type.String(),
  channelId: Type.Integer(),
  status: Type.String(),
  price: Type.Integer({ description: '分' }),
  priceText: Type.String({ description: "¥12.00, or 免费 / Free in the request's language" }),
  access: Type.String(),
  vipLevel: Type.Integer(),
  flags: Type.Array(Type.String()),
  weight: Type.Integer(),
  authorId: Nullable(Type.Integer()),
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  viewCount: Type.Integer(),
  wordCount: Type.Integer(),
  paidRegionCount: Type.Integer(),
  tags: Type.Array(Type.String()),
})
export const PostListResponse = Type.Object({ items: Type.Array(StaffPostView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
