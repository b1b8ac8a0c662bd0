import { createHmac, randomBytes } from 'node:crypto'
import { escapeHtml, html, json, notifyTarget, type PaySim } from './paysim.ts'

/*
 * The few Stripe endpoints Inkgate uses (Checkout Sessions, expiry, refunds),
 * a hosted-checkout page for the payer, and webhooks signed with the
 * endpoint secret in Stripe's scheme: t=<unix>,v1=HMAC-SHA256("<t>.<body>").
 */
export type StripeTamper = 'signature' | 'timestamp' | 'amount'

interface Session {
  id: string
  object: 'checkout.session'
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  client_reference_id: string
  metadata: Record<string, string>
  success_url: string
  url: string
  payment_intent: string | null
  expires_at: number
  livemode: false
}

export interface StripeSim {
  appEnv(): Record<string, string>
  session(id: string): Session | undefined
  pay(sessionId: string, options?: { deliver?: boolean; tamper?: StripeTamper; copies?: number; concurrent?: boolean }): Promise<Array<{ status: number; body: string }>>
  /** where webhooks go (the endpoint configured in Stripe's dashboard) */
  webhookUrl: string
  refunds: Array<{ payment_intent: string; amount: number; key: string }>
  idempotencyKeys: string[]
}

export function installStripeSim(sim: PaySim, options: { now: () => number; webhookUrl: string }): StripeSim {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`
  const sessions = new Map<string, Session>()
  const byKey = new Map<string, string>()
  const refunds: StripeSim['refunds'] = []
  const idempotencyKeys: string[] = []
  const state = { webhookUrl: options.webhookUrl }

  const webhook = async (session: Session, tamper?: StripeTamper) => {
    const event = {
      id: `evt_${randomBytes(12).toString('hex')}`,
      object: 'event',
      type: 'checkout.session.completed',
      api_version: '2025-10-29.clover',
      created: Math.floor(options.now() / 1000),
      livemode: false,
      data: { object: { ...session, ...(tamper === 'amount' ? { amount_total: 1 } : {}) } },
    }
    const body = JSON.stringify(event)
    const t = Math.floor(options.now() / 1000) - (tamper === 'timestamp' ? 600 : 0)
    const secret = tamper === 'signature' ? 'whsec_wrong' : webhookSecret
    const header = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
    return { body, header }
  }
  async function deliver(w: { body: string; header: string }) {
    try {
      const res = await fetch(notifyTarget(sim, state.webhookUrl), { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': w.header }, body: w.body })
      return { status: res.status, body: await res.text() }
    } catch (error) {
      return { status: 0, body: (error as Error).message }
    }
  }

  sim.use(async (req) => {
    if (req.path.startsWith('/v1/')) {
      if (req.headers.authorization !== `Bearer ${secretKey}`) return json(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } })
      const form = new URLSearchParams(req.body)
      const key = String(req.headers['idempotency-key'] ?? '')
      if (key) idempotencyKeys.push(key)
      if (req.method === 'POST' && req.path === '/v1/checkout/sessions') {
        const replay = key ? byKey.get(key) : undefined
        if (replay) return json(200, sessions.get(replay))
        const id = `cs_test_${randomBytes(12).toString('hex')}`
        const s: Session = {
          id,
          object: 'checkout.session',
          status: 'open',
          payment_status: 'unpaid',
          amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
          currency: String(form.get('line_items[0][price_data][currency]')),
          client_reference_id: String(form.get('client_reference_id')),
          metadata: { out_trade_no: String(form.get('metadata[out_trade_no]')) },
          success_url: String(form.get('success_url')),
          url: `${sim.url}/__sim/stripe/pay/${id}`,
          payment_intent: null,
          expires_at: Number(form.get('expires_at')),
          livemode: false,
        }
        const now = Math.floor(options.now() / 1000)
        if (!(s.expires_at >= now + 1800 && s.expires_at <= now + 86_400)) return json(400, { error: { type: 'invalid_request_error', message: 'expires_at must be 30 minutes to 24 hours ahead' } })
        if (!Number.isSafeInteger(s.amount_total) || s.amount_total <= 0) return json(400, { error: { type: 'invalid_request_error', message: 'bad unit_amount' } })
        sessions.set(id, s)
        if (key) byKey.set(key, id)
        return json(200, s)
      }
      const one = /^\/v1\/checkout\/sessions\/(cs_\w+)(\/expire)?$/.exec(req.path)
      if (one) {
        const s = sessions.get(one[1] as string)
        if (!s) return json(404, { error: { type: 'invalid_request_error', message: 'No such checkout.session' } })
        if (one[2]) {
          if (s.status !== 'open') return json(400, { error: { type: 'invalid_request_error', message: 'Only open sessions can be expired' } })
          s.status = 'expired'
        }
        return json(200, s)
      }
      if (req.method === 'POST' && req.path === '/v1/refunds') {
        const pi = String(form.get('payment_intent'))
        const s = [...sessions.values()].find((x) => x.payment_intent === pi)
        if (!s) return json(400, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } })
        const amount = Number(form.get('amount') ?? s.amount_total)
        if (!refunds.some((r) => r.key === key)) refunds.push({ payment_intent: pi, amount, key })
        return json(200, { id: `re_${randomBytes(8).toString('hex')}`, object: 'refund', status: 'succeeded', amount, payment_intent: pi })
      }
      return json(404, { error: { type: 'invalid_request_error', message: 'not simulated' } })
    }
    const page = /^\/__sim\/stripe\/pay\/(cs_\w+)$/.exec(req.path)
    if (page) {
      const s = sessions.get(page[1] as string)
      if (!s || s.status !== 'open') return html('<p>This Checkout Session is no longer available.</p>')
      if (req.method === 'POST') {
        await pay(s.id)
        return { status: 303, headers: { location: s.success_url } }
      }
      return html(
        `<h1>Stripe Checkout</h1><p class="amount">${escapeHtml(s.currency.toUpperCase())} ${(s.amount_total / 100).toFixed(2)}</p><form method="post"><button type="submit">Pay</button></form>`,
      )
    }
    return undefined
  })

  async function pay(sessionId: string, opts: Parameters<StripeSim['pay']>[1] = {}) {
    const s = sessions.get(sessionId)
    if (!s) throw new Error(`simulator: no session ${sessionId}`)
    if (s.status === 'open') Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: `pi_${randomBytes(10).toString('hex')}` })
    if (opts.deliver === false) return []
    const w = await webhook(s, opts.tamper)
    const copies = opts.copies ?? 1
    if (opts.concurrent) return Promise.all(Array.from({ length: copies }, () => deliver(w)))
    const out = []
    for (let i = 0; i < copies; i++) out.push(await deliver(w))
    return out
  }

  return {
    appEnv: () => ({ INKGATE_STRIPE_SECRET_KEY: secretKey, INKGATE_STRIPE_WEBHOOK_SECRET: webhookSecret, INKGATE_STRIPE_API_BASE: sim.url }),
    session: (id) => sessions.get(id),
    pay,
    get webhookUrl() {
      return state.webhookUrl
    },
    set webhookUrl(u: string) {
      state.webhookUrl = u
    },
    refunds,
    idempotencyKeys,
  }
}
