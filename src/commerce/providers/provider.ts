import type { Order, PaymentAttempt } from '../order.ts'

/** Where the reader pays from; decides the buttons (payments/reference 6.2). */
export type ClientKind = 'wechat' | 'mobile' | 'pc'

/** What the cashier does after starting an attempt. */
export type PaymentAction = { kind: 'qr'; text: string } | { kind: 'redirect'; url: string } | { kind: 'form'; html: string } | { kind: 'jsapi'; params: Record<string, string> } | { kind: 'done' }

/** A provider's word on one attempt, normalised. "Does not exist" is an answer, not an error. */
export type ProviderQuery = { state: 'paid'; txnId: string; amount: number; currency: string } | { state: 'open' } | { state: 'closed' } | { state: 'missing' }

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

/** What an authentic notification says, in our terms. */
export type ProviderEvent =
  | { kind: 'paid'; eventKey: string; outTradeNo: string; txnId: string; amount: number; currency: string; payload: string }
  | { kind: 'refund'; eventKey: string; refundNo: string; outcome: RefundOutcome; payload: string }
  | { kind: 'other'; eventKey: string; outTradeNo: string | null; payload: string; note: string }

/** A notification is trusted or refused; a refusal is answered so that the provider retries. */
export type NotificationVerdict = { ok: true; event: ProviderEvent } | { ok: false; reason: string }

/** The provider's exact answer to a notification. */
export interface NotificationReply {
  status: number
  contentType: string
  body: string
}

export interface NotificationHandler {
  /** signature, decryption and the provider's identity checks (merchant, app) */
  verify(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<NotificationVerdict>
  reply(received: boolean, reason?: string): NotificationReply
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
  /** safe to call twice for one attempt; `ref` is the provider's own id for it, kept for queries */
  start(attempt: PaymentAttempt, order: Order, method: string, ctx: StartContext): Promise<PaymentAction & { ref?: string }>
  query(attempt: PaymentAttempt): Promise<ProviderQuery>
  /** closes the attempt at the provider; answers what the provider then says (it may have been paid) */
  close(attempt: PaymentAttempt): Promise<ProviderQuery>
  refund(r: { refundNo: string; amount: number; reason: string; attempt: PaymentAttempt }): Promise<RefundOutcome>
  /** the state of a refund that answered "processing", for the job that follows them (providers that have one) */
  queryRefund?(r: { refundNo: string; attempt: PaymentAttempt }): Promise<RefundOutcome>
  /** providers that notify us (all but the sandbox) */
  readonly notifications?: NotificationHandler
}
