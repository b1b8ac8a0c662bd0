import { createHash } from 'node:crypto'
import type { Order, PaymentAttempt } from '../commerce/index.ts'
import { formatYuan } from '../shared/money.ts'
import type { OrderViewT } from './contract/admin.schemas.ts'

/**
 * An order as staff see it. A guest's key is a bearer secret (with the cookie
 * secret it reads their purchases): staff see a short fingerprint that tells
 * one guest's orders apart, never the key.
 */
export const orderView = (o: Order): OrderViewT => ({
  id: o.id,
  orderNo: o.orderNo,
  kind: o.kind,
  memberId: o.memberId,
  guest: o.guestKey ? `guest-${createHash('sha256').update(o.guestKey).digest('hex').slice(0, 8)}` : null,
  postId: o.postId,
  planId: o.planId,
  title: o.title,
  amount: o.amount,
  currency: o.currency,
  state: o.state,
  paidLate: o.paidLate,
  refundedAmount: o.refundedAmount,
  flag: o.flag,
  createdAt: o.createdAt,
  expiresAt: o.expiresAt,
  paidAt: o.paidAt,
  closedAt: o.closedAt,
  amountText: formatYuan(o.amount),
  refundedText: formatYuan(o.refundedAmount),
})

/** an attempt without the provider's own reference (a QR code's URL, a prepay id): staff need its state, not a way to pay it */
export const attemptView = (a: PaymentAttempt) => ({
  id: a.id,
  provider: a.provider,
  method: a.method,
  outTradeNo: a.outTradeNo,
  amount: a.amount,
  currency: a.currency,
  state: a.state,
  providerTxnId: a.providerTxnId,
  createdAt: a.createdAt,
})
