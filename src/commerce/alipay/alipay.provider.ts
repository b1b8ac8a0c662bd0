import type { AlipayConfig } from '../../platform/config/payments-config.ts'
import type { NotificationHandler, PaymentProvider, ProviderQuery } from '../providers/provider.ts'
import { beijingTime, fenToYuan, yuanToFen } from './alipay-money.ts'

export class AlipayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`Alipay ${code}: ${message}`)
    this.name = 'AlipayError'
  }
}

interface GatewayResult {
  code?: string
  msg?: string
  subCode?: string
  subMsg?: string
  [key: string]: unknown
}

/**
 * Alipay through the official alipay-sdk (payments/reference Part 2): page
 * pay on PCs, wap pay on phones, precreate (a QR code) anywhere but inside
 * WeChat, which blocks Alipay pages. Its quirks are handled here: every
 * gateway answer's signature is checked (validateSign), the timestamp is
 * Beijing time whatever the server's zone, and notifications are verified
 * with checkNotifySignV2 (V1 throws on a "%" in any value).
 */
export async function createAlipayProvider(deps: { config: AlipayConfig; now: () => Date; notifyUrl: string }): Promise<PaymentProvider> {
  const { config } = deps
  // loaded only when Alipay is configured: the SDK and its 60 dependencies cost memory on every site
  const { AlipaySdk } = await import('alipay-sdk')
  const sdk = new AlipaySdk({ appId: config.appId, privateKey: config.privateKey, alipayPublicKey: config.alipayPublicKey, gateway: config.gatewayUrl, keyType: 'PKCS8', timeout: 8000 })
  const timestamp = () => beijingTime(deps.now().getTime())
  const exec = async (method: string, bizContent: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<GatewayResult> => {
    const r = (await sdk.exec(method, { timestamp: timestamp(), bizContent, ...extra }, { validateSign: true })) as GatewayResult
    if (r.code === '20000') throw new AlipayError('20000', 'gateway busy, retry later')
    return r
  }

  async function query(outTradeNo: string): Promise<ProviderQuery> {
    const r = await exec('alipay.trade.query', { out_trade_no: outTradeNo })
    // a trade exists at Alipay only once the payer opened the cashier or scanned the code
    if (r.subCode === 'ACQ.TRADE_NOT_EXIST') return { state: 'missing' }
    if (r.code !== '10000') throw new AlipayError(String(r.subCode ?? r.code), String(r.subMsg ?? r.msg ?? ''))
    if (r.outTradeNo !== outTradeNo) throw new AlipayError('NOT_OURS', 'query answered for another order')
    switch (r.tradeStatus) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { state: 'paid', txnId: String(r.tradeNo), amount: yuanToFen(r.totalAmount) ?? -1, currency: 'CNY' }
      case 'WAIT_BUYER_PAY':
        return { state: 'open' }
      default:
        return { state: 'closed' }
    }
  }

  const notifications: NotificationHandler = {
    async verify(_headers, rawBody) {
      const fields = Object.fromEntries(new URLSearchParams(rawBody)) as Record<string, string>
      let signed = false
      try {
        signed = typeof fields.sign === 'string' && sdk.checkNotifySignV2(fields)
      } catch {
        signed = false
      }
      if (!signed) return { ok: false, reason: 'bad signature' }
      if (fields.app_id !== config.appId) return { ok: false, reason: 'notification for another app_id' }
      if (config.sellerId && fields.seller_id !== config.sellerId) return { ok: false, reason: 'notification for another seller_id' }
      const payload = JSON.stringify(fields)
      const status = fields.trade_status ?? ''
      const eventKey = `${fields.notify_id}:${status}:${fields.gmt_refund ?? ''}`
      // a refund notice comes on the same URL with refund_fee / gmt_refund: never a payment
      if (fields.gmt_refund || (yuanToFen(fields.refund_fee) ?? 0) > 0) {
        return fields.out_biz_no
          ? { ok: true, event: { kind: 'refund', eventKey, refundNo: fields.out_biz_no, outcome: 'succeeded', payload } }
          : { ok: true, event: { kind: 'other', eventKey, outTradeNo: fields.out_trade_no ?? null, payload, note: 'refund' } }
      }
      if (status === 'TRADE_SUCCESS' || status === 'TRADE_FINISHED') {
        return {
          ok: true,
          event: { kind: 'paid', eventKey, outTradeNo: String(fields.out_trade_no), txnId: String(fields.trade_no), amount: yuanToFen(fields.total_amount) ?? -1, currency: 'CNY', payload },
        }
      }
      return { ok: true, event: { kind: 'other', eventKey, outTradeNo: fields.out_trade_no ?? null, payload, note: status || 'unknown' } }
    },
    // Alipay reads the body: exactly "success", or it sends again
    reply: (received) => ({ status: 200, contentType: 'text/plain', body: received ? 'success' : 'fail' }),
  }

  return {
    id: 'alipay',
    methods: (client) => (client === 'pc' ? ['page', 'qr'] : client === 'mobile' ? ['wap'] : []),
    async start(attempt, order, method, ctx) {
      const biz = { out_trade_no: attempt.outTradeNo, total_amount: fenToYuan(attempt.amount), subject: order.title.slice(0, 128), time_expire: beijingTime(Date.parse(order.expiresAt)) }
      if (method === 'qr') {
        const r = await exec('alipay.trade.precreate', biz, { notifyUrl: deps.notifyUrl })
        if (r.code !== '10000' || typeof r.qrCode !== 'string') throw new AlipayError(String(r.subCode ?? r.code), String(r.subMsg ?? r.msg ?? ''))
        return { kind: 'qr', text: r.qrCode }
      }
      const url = sdk.pageExec(method === 'wap' ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay', 'GET', {
        timestamp: timestamp(),
        notifyUrl: deps.notifyUrl,
        returnUrl: ctx.returnUrl,
        bizContent: { ...biz, product_code: method === 'wap' ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY', ...(method === 'wap' ? { quit_url: ctx.returnUrl } : {}) },
      })
      return { kind: 'redirect', url }
    },
    query: (attempt) => query(attempt.outTradeNo),
    async close(attempt) {
      const before = await query(attempt.outTradeNo)
      // never opened: nothing to close there; a payment through the old link later is a late payment
      if (before.state !== 'open') return before.state === 'missing' ? { state: 'closed' } : before
      const r = await exec('alipay.trade.close', { out_trade_no: attempt.outTradeNo })
      if (r.code === '10000' || r.subCode === 'ACQ.TRADE_NOT_EXIST') return { state: 'closed' }
      return query(attempt.outTradeNo)
    },
    async refund(r) {
      const res = await exec('alipay.trade.refund', { out_trade_no: r.attempt.outTradeNo, refund_amount: fenToYuan(r.amount), out_request_no: r.refundNo, refund_reason: r.reason.slice(0, 80) })
      if (res.code === '10000') return 'succeeded'
      if (res.code === '40004') return 'failed'
      throw new AlipayError(String(res.subCode ?? res.code), String(res.subMsg ?? res.msg ?? ''))
    },
    notifications,
  }
}
