import type { Order, PaymentAttempt } from '../order.ts'

/** Where the reader pays from; decides the buttons (payments/reference 6.2). */
export type ClientKind = 'wechat' | 'mobile' | 'pc'

/** What the cashier does after starting an attempt. */
export type PaymentAction =
  | { kind: 'qr'; text: string }
  | { kind: 'redirect'; url: string }
  | { kind: 'form'; html: string }
  | { kind: 'jsapi'; params: Record<string, string> }
  | { kind: 'done' }

/** A provider's word on one attempt, normalised. "Does not exist" is an answer, not an error. */
export type ProviderQuery =
  | { state: 'paid'; txnId: string; amount: number; currency: string }
  | { state: 'open' }
  | { state: 'closed' }
  | { state: 'missing' }

export type RefundOutcome = 'succeeded' | 'processing' | 'failed'

export interface StartContext {
  client: ClientKind
  /** where the provider sends the reader back (our cashier's return page) */
  returnUrl: string
  /** where the provider posts notifications */
  notifyUrl: string
  /** the payer's IP, which WeChat H5 requires */
  payerIp: string
  openid?: string
}

/**
 * One payment provider. The order service never sees a provider's own words:
 * start, query, close and refund speak in our terms. Balance is not here: it
 * pays inside the order's transaction (order.service.ts).
 */
export interface PaymentProvider {
  readonly id: string
  /** the methods this provider offers to a client, best first */
  methods(client: ClientKind): string[]
  /** safe to call twice for one attempt */
  start(attempt: PaymentAttempt, order: Order, method: string, ctx: StartContext): Promise<PaymentAction>
  query(attempt: PaymentAttempt): Promise<ProviderQuery>
  /** closes the attempt at the provider; answers what the provider then says (it may have been paid) */
  close(attempt: PaymentAttempt): Promise<ProviderQuery>
  refund(r: { refundNo: string; amount: number; reason: string; attempt: PaymentAttempt }): Promise<RefundOutcome>
}
