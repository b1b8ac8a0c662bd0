import type { WechatConfig } from '../../platform/config/payments-config.ts'
import type { NotificationHandler, PaymentProvider, ProviderQuery, RefundOutcome } from '../providers/provider.ts'
import { createWechatClient, WechatError } from './wechat-client.ts'
import { decryptResource, jsapiParams, rfc3339Beijing, type EncryptedResource } from './wechat-crypto.ts'

/** WeChat's refund status in our words: SUCCESS, PROCESSING, and CLOSED or ABNORMAL (a person must act) */
const refundOutcome = (status: unknown): RefundOutcome => (status === 'SUCCESS' ? 'succeeded' : status === 'PROCESSING' ? 'processing' : 'failed')

interface Transaction {
  appid?: string
  mchid?: string
  out_trade_no?: string
  transaction_id?: string
  trade_state?: string
  amount?: { total?: number; currency?: string }
}

/**
 * WeChat Pay API v3 (payments/reference Part 1): Native (a QR code) on PCs, H5
 * (a redirect) in phone browsers, JSAPI inside WeChat when the 公众号's OAuth
 * is configured (the cashier gets the payer's openid first); without it, a
 * Native code, which WeChat lets the reader long-press.
 */
export function createWechatProvider(deps: { config: WechatConfig; now: () => Date; notifyUrl: string }): PaymentProvider {
  const { config } = deps
  const { request, keys } = createWechatClient(config, deps.now)
  const ours = (t: Transaction) => t.mchid === config.mchid && t.appid === config.appid

  async function query(outTradeNo: string): Promise<ProviderQuery> {
    const res = await request('GET', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(config.mchid)}`)
    if (res.status === 404 || res.data?.code === 'ORDER_NOT_EXIST') return { state: 'missing' }
    if (res.status !== 200 || !res.data) throw new WechatError(res.status, String(res.data?.code ?? 'UNEXPECTED'), String(res.data?.message ?? ''))
    const t = res.data as Transaction
    if (!ours(t) || t.out_trade_no !== outTradeNo) throw new WechatError(res.status, 'NOT_OURS', 'query answered for another merchant or order')
    switch (t.trade_state) {
      case 'SUCCESS':
      case 'REFUND':
        return { state: 'paid', txnId: String(t.transaction_id), amount: Number(t.amount?.total), currency: String(t.amount?.currency) }
      case 'NOTPAY':
      case 'USERPAYING':
        return { state: 'open' }
      default:
        return { state: 'closed' }
    }
  }

  const notifications: NotificationHandler = {
    async verify(headers, rawBody) {
      const signed = await keys.verify(headers, rawBody)
      if (!signed.ok) return signed
      let envelope: { id?: string; event_type?: string; resource?: EncryptedResource }
      let plain: Record<string, unknown>
      try {
        envelope = JSON.parse(rawBody)
        if (!envelope.resource || typeof envelope.id !== 'string') return { ok: false, reason: 'not a notification envelope' }
        plain = JSON.parse(decryptResource(envelope.resource, config.apiV3Key))
      } catch (error) {
        return { ok: false, reason: `resource does not decrypt: ${(error as Error).message.slice(0, 80)}` }
      }
      const eventKey = envelope.id as string
      if (envelope.event_type?.startsWith('REFUND.')) {
        if (plain.mchid !== config.mchid) return { ok: false, reason: 'refund notice for another mchid' }
        const outcome = refundOutcome(plain.refund_status)
        return { ok: true, event: { kind: 'refund', eventKey, refundNo: String(plain.out_refund_no), outcome, payload: JSON.stringify(plain) } }
      }
      const t = plain as Transaction
      if (!ours(t)) return { ok: false, reason: 'notification for another mchid or appid' }
      if (envelope.event_type === 'TRANSACTION.SUCCESS' && t.trade_state === 'SUCCESS') {
        return {
          ok: true,
          event: {
            kind: 'paid',
            eventKey,
            outTradeNo: String(t.out_trade_no),
            txnId: String(t.transaction_id),
            amount: Number(t.amount?.total),
            currency: String(t.amount?.currency),
            payload: JSON.stringify(plain),
          },
        }
      }
      return { ok: true, event: { kind: 'other', eventKey, outTradeNo: t.out_trade_no ?? null, payload: JSON.stringify(plain), note: String(envelope.event_type) } }
    },
    // WeChat reads the status: 204 is received; 4xx/5xx with {"code":"FAIL"} is retried
    reply: (received, reason) =>
      received ? { status: 204, contentType: 'text/plain', body: '' } : { status: 401, contentType: 'application/json', body: JSON.stringify({ code: 'FAIL', message: reason ?? '验签失败' }) },
  }

  return {
    id: 'wechat',
    methods: (client) => (client === 'mobile' ? ['h5'] : client === 'wechat' && config.oauth ? ['jsapi'] : ['native']),
    async start(attempt, order, method, ctx) {
      const body: Record<string, unknown> = {
        appid: config.appid,
        mchid: config.mchid,
        description: order.title.slice(0, 127),
        out_trade_no: attempt.outTradeNo,
        time_expire: rfc3339Beijing(order.expiresAt),
        notify_url: deps.notifyUrl,
        amount: { total: attempt.amount, currency: 'CNY' },
        ...(method === 'h5' ? { scene_info: { payer_client_ip: ctx.payerIp, h5_info: { type: 'Wap' } } } : {}),
        ...(method === 'jsapi' ? { payer: { openid: ctx.openid } } : {}),
      }
      if (method === 'jsapi' && !ctx.openid) throw new WechatError(0, 'NO_OPENID', "JSAPI needs the payer's openid")
      const endpoint = method === 'h5' || method === 'jsapi' ? method : 'native'
      const res = await request('POST', `/v3/pay/transactions/${endpoint}`, body)
      if (res.status !== 200 || !res.data) throw new WechatError(res.status, String(res.data?.code ?? 'UNEXPECTED'), String(res.data?.message ?? ''))
      // the page hands these to WeixinJSBridge; the bridge's "ok" is not proof of payment, the notification is
      if (method === 'jsapi') return { kind: 'jsapi', params: jsapiParams(config.appid, config.privateKey, String(res.data.prepay_id), deps.now().getTime()) }
      if (method === 'h5') return { kind: 'redirect', url: `${String(res.data.h5_url)}&redirect_url=${encodeURIComponent(ctx.returnUrl)}` }
      return { kind: 'qr', text: String(res.data.code_url) }
    },
    query: (attempt) => query(attempt.outTradeNo),
    async close(attempt) {
      // ask first: a paid order must not be closed, and a close after payment fails with ORDERPAID
      const before = await query(attempt.outTradeNo)
      if (before.state !== 'open') return before.state === 'missing' ? { state: 'closed' } : before
      const res = await request('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(attempt.outTradeNo)}/close`, { mchid: config.mchid })
      if (res.status === 204) return { state: 'closed' }
      if (res.data?.code === 'ORDERPAID') return query(attempt.outTradeNo)
      throw new WechatError(res.status, String(res.data?.code ?? 'UNEXPECTED'), String(res.data?.message ?? ''))
    },
    async refund(r) {
      const res = await request('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: r.attempt.outTradeNo,
        out_refund_no: r.refundNo,
        reason: r.reason.slice(0, 80),
        notify_url: deps.notifyUrl,
        amount: { refund: r.amount, total: r.attempt.amount, currency: 'CNY' },
      })
      if (res.status !== 200 || !res.data) throw new WechatError(res.status, String(res.data?.code ?? 'UNEXPECTED'), String(res.data?.message ?? ''))
      return refundOutcome(res.data.status)
    },
    async queryRefund(r) {
      const res = await request('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(r.refundNo)}`)
      if (res.status !== 200 || !res.data) throw new WechatError(res.status, String(res.data?.code ?? 'UNEXPECTED'), String(res.data?.message ?? ''))
      return refundOutcome(res.data.status)
    },
    notifications,
  }
}
