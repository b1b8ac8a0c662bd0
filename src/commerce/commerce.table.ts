import type { Generated } from 'kysely'
import type { AttemptState, OrderKind, OrderState, RefundState, VipBenefit } from './order.ts'

export interface VipPlanTable {
  id: Generated<number>
  name: string
  level: number
  days: number
  /** 分 */
  price: number
  benefit: VipBenefit
  discount_percent: Generated<number>
  active: Generated<number>
  /** 1 on the plan the owner recommends (at most one) */
  recommended: Generated<number>
  created_at: string
  updated_at: string
}

/** What is bought, by whom, for how much: frozen when the order is created. */
export interface OrderTable {
  id: Generated<number>
  order_no: string
  kind: OrderKind
  member_id: number | null
  /** a guest's buyer key (from the signed guest cookie); never an IP address */
  guest_key: string | null
  post_id: number | null
  plan_id: number | null
  title: string
  amount: number
  currency: Generated<string>
  state: OrderState
  paid_attempt_id: number | null
  paid_late: Generated<number>
  refunded_amount: Generated<number>
  /** why the order needs a person's look (amount mismatch, paid twice, paid late), or null */
  flag: string | null
  created_at: string
  expires_at: string
  paid_at: string | null
  closed_at: string | null
  updated_at: string
}

/** One try at paying an order with one provider, under one provider-side number. */
export interface PaymentAttemptTable {
  id: Generated<number>
  order_id: number
  provider: string
  method: string
  out_trade_no: string
  amount: number
  currency: string
  state: AttemptState
  provider_txn_id: string | null
  /** the provider's id for this attempt when it has its own (a Stripe Checkout Session) */
  provider_ref: Generated<string | null>
  /** the provider's answer to start (QR text, redirect URL) as JSON, so a reload shows the same one */
  action: string | null
  created_at: string
  updated_at: string
}

/** The inbox: each verified notification or query result, stored once. */
export interface ProviderEventTable {
  id: Generated<number>
  provider: string
  event_key: string
  source: 'notify' | 'query' | 'return'
  kind: string
  out_trade_no: string | null
  attempt_id: number | null
  amount: number | null
  outcome: string
  payload: string
  received_at: string
}

/** The order journal: every transition and staff action, with who did it. */
export interface OrderEventTable {
  id: Generated<number>
  order_id: number
  action: string
  from_state: string | null
  to_state: string | null
  actor: string
  detail: Generated<string>
  at: string
}

export interface RefundTable {
  id: Generated<number>
  order_id: number
  attempt_id: number
  refund_no: string
  amount: number
  reason: string
  state: RefundState
  actor: string
  created_at: string
  updated_at: string
}

/** The right to read one post, from an order or granted by staff. */
export interface PurchaseTable {
  id: Generated<number>
  post_id: number
  member_id: number | null
  guest_key: string | null
  order_id: number | null
  granted_by: string | null
  created_at: string
  revoked_at: string | null
  revoked_reason: string | null
}

/** A file a reader took of a post they may read (migration 0030). */
export interface DownloadTable {
  id: Generated<number>
  post_id: number
  member_id: number | null
  guest_key: string | null
  format: string
  ip: string | null
  at: string
}

/** One stretch of VIP time, from an order or granted by staff. */
export interface VipGrantTable {
  id: Generated<number>
  member_id: number
  plan_id: number
  order_id: number | null
  level: number
  benefit: VipBenefit
  discount_percent: number
  starts_at: string
  ends_at: string
  granted_by: string | null
  created_at: string
  revoked_at: string | null
}

export interface BalanceTable {
  member_id: number
  balance: number
}

/** Every change of a balance; `balances` is the running sum, kept in the same transaction. */
export interface BalanceLedgerTable {
  id: Generated<number>
  member_id: number
  order_id: number | null
  kind: 'pay' | 'topup' | 'refund' | 'adjust'
  delta: number
  balance_after: number
  /** '' for a payment or top-up; the refund number for a refund, so each refund credits once */
  ref: Generated<string>
  note: Generated<string>
  created_at: string
}

/** A provider's credentials entered in the console, sealed (payment-credentials.ts). */
export interface PaymentCredentialTable {
  provider: 'wechat' | 'alipay' | 'stripe'
  sealed: string
  updated_at: string
  updated_by: string
}

export interface CommerceTables {
  vip_plans: VipPlanTable
  orders: OrderTable
  payment_attempts: PaymentAttemptTable
  provider_events: ProviderEventTable
  order_events: OrderEventTable
  refunds: RefundTable
  purchases: PurchaseTable
  downloads: DownloadTable
  vip_grants: VipGrantTable
  balances: BalanceTable
  balance_ledger: BalanceLedgerTable
  payment_credentials: PaymentCredentialTable
}
