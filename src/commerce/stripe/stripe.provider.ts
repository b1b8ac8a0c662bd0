import type Stripe from 'stripe'
import type { StripeConfig } from '../../platform/config/payments-config.ts'
import type { NotificationHandler, PaymentProvider, ProviderQuery } from '../providers/provider.ts'

/**
 * Stripe Checkout (payments/reference Part 4) through the official SDK: a
 * Checkout Session per attempt (idempotency key = our attempt number), the
 * webhook verified with constructEvent over the raw body, amounts in the
 * currency's smallest unit (分 for CNY). The session id is kept as the
 * attempt's provider ref, for queries and expiry.
 */
export async function createStripeProvider(deps: { config: StripeConfig; now: () => Date }): Promise<PaymentProvider> {
  const base = new URL(deps.config.apiBase)
  // loaded only when Stripe is configured (memory)
  const { default: StripeSdk } = await import('stripe')
  const stripe = new StripeSdk(deps.config.secretKey, {
    host: base.hostname,
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    ...(base.port ? { port: Number(base.port) } : {}),
    maxNetworkRetries: 1,
    timeout: 8000,
  })
  const live = deps.config.secretKey.startsWith('sk_live_')

  async function query(ref: string | null): Promise<ProviderQuery> {
    if (!ref) return { state: 'missing' }
    const s = await stripe.checkout.sessions.retrieve(ref)
    if (s.status === 'complete' && s.payment_status === 'paid') {
      return {
        state: 'paid',
        txnId: String(typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? s.id)),
        amount: s.amount_total ?? -1,
        currency: String(s.currency).toUpperCase(),
      }
    }
    return s.status === 'open' ? { state: 'open' } : { state: 'closed' }
  }

  const notifications: NotificationHandler = {
    async verify(headers, rawBody) {
      const signature = headers['stripe-signature']
      if (typeof signature !== 'string') return { ok: false, reason: 'no Stripe-Signature' }
      let event: Stripe.Event
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, deps.config.webhookSecret, 300, undefined, deps.now().getTime())
      } catch (error) {
        return { ok: false, reason: `signature: ${(error as Error).message.split('\n')[0]?.slice(0, 80)}` }
      }
      if (event.livemode !== live) return { ok: false, reason: 'livemode does not match the configured key' }
      const payload = rawBody
      if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.async_payment_succeeded') {
        const s = event.data.object
        if (s.payment_status === 'paid' && s.client_reference_id) {
          const txnId = typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? s.id)
          return { ok: true, event: { kind: 'paid', eventKey: event.id, outTradeNo: s.client_reference_id, txnId, amount: s.amount_total ?? -1, currency: String(s.currency).toUpperCase(), payload } }
        }
      }
      return { ok: true, event: { kind: 'other', eventKey: event.id, outTradeNo: null, payload, note: event.type } }
    },
    // any 2xx acknowledges; a 400 makes Stripe send again
    reply: (received, reason) =>
      received ? { status: 200, contentType: 'application/json', body: '{"received":true}' } : { status: 400, contentType: 'application/json', body: JSON.stringify({ error: reason ?? 'refused' }) },
  }

  return {
    id: 'stripe',
    methods: () => ['checkout'],
    async start(attempt, order, _method, ctx) {
      // Stripe allows 30 minutes to 24 hours; our order's deadline, kept inside that
      const nowS = Math.floor(deps.now().getTime() / 1000)
      const expiresAt = Math.min(nowS + 86_000, Math.max(nowS + 1_860, Math.floor(Date.parse(order.expiresAt) / 1000)))
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [{ quantity: 1, price_data: { currency: attempt.currency.toLowerCase(), unit_amount: attempt.amount, product_data: { name: order.title.slice(0, 250) } } }],
          client_reference_id: attempt.outTradeNo,
          metadata: { out_trade_no: attempt.outTradeNo, order_no: order.orderNo },
          success_url: ctx.returnUrl,
          cancel_url: ctx.returnUrl,
          expires_at: expiresAt,
        },
        { idempotencyKey: `checkout-${attempt.outTradeNo}` },
      )
      if (!session.url) throw new Error('Stripe returned no Checkout URL')
      return { kind: 'redirect', url: session.url, ref: session.id }
    },
    query: (attempt) => query(attempt.providerRef),
    async close(attempt) {
      const before = await query(attempt.providerRef)
      if (before.state !== 'open' || !attempt.providerRef) return before.state === 'missing' ? { state: 'closed' } : before
      try {
        await stripe.checkout.sessions.expire(attempt.providerRef)
        return { state: 'closed' }
      } catch {
        return query(attempt.providerRef)
      }
    },
    async refund(r) {
      if (!r.attempt.providerTxnId) return 'failed'
      const refund = await stripe.refunds.create({ payment_intent: r.attempt.providerTxnId, amount: r.amount, metadata: { refund_no: r.refundNo } }, { idempotencyKey: `refund-${r.refundNo}` })
      return refund.status === 'succeeded' ? 'succeeded' : refund.status === 'pending' || refund.status === 'requires_action' ? 'processing' : 'failed'
    },
    notifications,
  }
}
