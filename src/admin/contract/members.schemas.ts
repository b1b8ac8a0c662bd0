import { Type, type Static } from 'typebox'
import { OrderView, Reason } from './admin.schemas.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Role = Type.Union([Type.Literal('member'), Type.Literal('author'), Type.Literal('editor'), Type.Literal('admin')])

export const MemberIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
export const MemberListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: 'part of a username or e-mail' })),
  role: Type.Optional(Role),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export const MemberRowView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Nullable(Type.String()),
  role: Type.String(),
  createdAt: Type.String(),
  disabled: Type.Boolean(),
  twoFactor: Type.Boolean({ description: 'two-factor sign-in is on' }),
})
export const MemberListResponse = Type.Object({ items: Type.Array(MemberRowView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
export const MemberDetailResponse = Type.Object({
  member: MemberRowView,
  balance: Type.Integer({ description: '分' }),
  ledger: Type.Array(
    Type.Object({ kind: Type.String(), delta: Type.Integer(), balanceAfter: Type.Integer(), note: Type.String(), at: Type.String(), orderNo: Nullable(Type.String()), title: Nullable(Type.String()) }),
  ),
  purchases: Type.Array(Type.Object({ title: Type.String(), slug: Type.String(), at: Type.String(), revokedAt: Nullable(Type.String()), grantedBy: Nullable(Type.String()) })),
  vip: Nullable(Type.Object({ level: Type.Integer(), planName: Type.String(), endsAt: Type.String(), freeLevel: Type.Integer(), discountPercent: Type.Integer() })),
  orders: Type.Array(OrderView),
})
export const MemberChangeBody = Type.Object({
  role: Type.Optional(Role),
  disabled: Type.Optional(Type.Boolean()),
  reason: Type.Optional(Reason),
})
export const BalanceBody = Type.Object({ amount: Type.String({ pattern: '^[+-]?\\d{1,7}(\\.\\d{1,2})?$', description: 'yuan to add, or take with a minus: -5.00' }), reason: Reason })
export const BalanceResponse = Type.Object({ balance: Type.Integer({ description: '分' }) })
export const VipBody = Type.Object({ plan: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), reason: Reason })
export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) })
export const OkResponse = Type.Object({ ok: Type.Boolean() })

export type MemberDetailT = Static<typeof MemberDetailResponse>

export const CodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20, description: 'the 6 digits of the authenticator app, or a recovery code' }) })
export const TwoFactorStatusResponse = Type.Object({ enabled: Type.Boolean(), recoveryCodesLeft: Type.Integer({ minimum: 0 }) })
export const TwoFactorSetupResponse = Type.Object({
  secret: Type.String({ description: 'the seed in base32, to type into an app that cannot scan' }),
  uri: Type.String({ description: 'the otpauth:// link the QR code carries' }),
})
export const RecoveryCodesResponse = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'shown once: each signs in once without the phone' }) })
export const TwoFactorResetBody = Type.Object({ reason: Reason })
