import type { Cents } from '../shared/money.ts'

/** What an order buys: one post, a VIP plan, or balance. */
export const ORDER_KINDS = ['post', 'vip', 'topup'] as const
export type OrderKind = (typeof ORDER_KINDS)[number]

/**
 * created → paid → refunded (when refunds reach the amount), created → closed;
 * closed → paid only when money arrives after we closed (paid_late). Each move
 * is a compare-and-set in the order service, with its fulfilment, in one transaction.
 */
export type OrderState = 'created' | 'paid' | 'closed' | 'refunded'
export type AttemptState = 'open' | 'succeeded' | 'closed'
export type RefundState = 'requested' | 'processing' | 'succeeded' | 'failed'

/** VIP benefit: read every post up to the plan's level free, or buy posts at a discount. */
export type VipBenefit = 'free' | 'discount'

/** Why an order needs a person to look at it. */
export type OrderFlag = 'amount_mismatch' | 'paid_late' | 'paid_twice' | 'bought_twice' | 'refund_failed'

/** Who buys: a member, or a guest known only by the key in a signed cookie. */
export type Buyer = { readonly kind: 'member'; readonly memberId: number } | { readonly kind: 'guest'; readonly guestKey: string }

export interface Order {
  id: number
  orderNo: string
  kind: OrderKind
  memberId: number | null
  guestKey: string | null
  postId: number | null
  planId: number | null
  title: string
  amount: Cents
  currency: string
  state: OrderState
  paidLate: boolean
  refundedAmount: Cents
  flag: OrderFlag | null
  createdAt: string
  expiresAt: string
  paidAt: string | null
  closedAt: string | null
}

export interface PaymentAttempt {
  id: number
  orderId: number
  provider: string
  method: string
  outTradeNo: string
  amount: Cents
  currency: string
  state: AttemptState
  providerTxnId: string | null
  /** the provider's own id for the attempt, when it has one (a Stripe Checkout Session id) */
  providerRef: string | null
  createdAt: string
}

export interface VipPlan {
  id: number
  name: string
  level: number
  days: number
  price: Cents
  benefit: VipBenefit
  discountPercent: number
  active: boolean
  /** the owner's pick: the VIP page marks it */
  recommended: boolean
}

/** A member's VIP as it stands now: the best level among grants running at this moment. */
export interface VipStatus {
  level: number
  /** the highest level with free reading, 0 when none */
  freeLevel: number
  /** the largest discount among running discount grants, 0 when none */
  discountPercent: number
  planName: string
  /** when the last running or queued grant ends */
  endsAt: string
}

/** Who did something to an order, for the journal: `member:12`, `admin:1`, `system`, `provider:wechat`. */
export type ActorLabel = string
