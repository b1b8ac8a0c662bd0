import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto'
import { escapeHtml, html, notifyTarget, type PaySim, type SimRequest, type SimResponse } from './paysim.ts'

/*
 * The Alipay OpenAPI gateway (RSA2), as the simulator plays it: it checks our
 * requests' signatures, app id and Beijing-time timestamp, signs its answers
 * and notifications with its own key, and serves the cashier the payer sees.
 */
const sign = (msg: string, key: string) => createSign('RSA-SHA256').update(msg, 'utf8').sign(key, 'base64')
const verify = (msg: string, sig: string, key: string) => {
  try {
    return createVerify('RSA-SHA256').update(msg, 'utf8').verify(key, sig, 'base64')
  } catch {
    return false
  }
}
const sorted = (p: Record<string, string>, skip: (k: string, v: string) => boolean) =>
  Object.keys(p)
    .sort()
    .filter((k) => !skip(k, p[k] as string))
    .map((k) => `${k}=${p[k]}`)
    .join('&')
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
const fen = (y: string) => Math.round(Number(y) * 100)

export type AlipayTamper = 'signature' | 'app_id' | 'seller_id' | 'amount'

interface Trade {
  outTradeNo: string
  tradeNo: string
  total: number
  subject: string
  notifyUrl: string
  opened: boolean
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED'
  notifyId: string
  refunds: Map<string, number>
  last?: { url: string; body: string }
}

export interface AlipaySim {
  appEnv(): Record<string, string>
  trade(outTradeNo: string): Trade | undefined
  pay(outTradeNo: string, options?: { deliver?: boolean; tamper?: AlipayTamper; copies?: number; concurrent?: boolean }): Promise<Array<{ status: number; body: string }>>
  redeliver(outTradeNo: string): Promise<{ status: number; body: string }>
  calls: Array<{ method: string; ok: boolean; params: Record<string, string> }>
}

export function installAlipaySim(sim: PaySim, options: { appId: string; sellerId: string; appPublicKey: string; now: () => number }): AlipaySim {
  const alipay = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  const trades = new Map<string, Trade>()
  const calls: AlipaySim['calls'] = []
  const now = options.now

  const signedResponse = (method: string, payload: object): SimResponse => {
    const inner = JSON.stringify(payload)
    return { status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body: `{"${method.replaceAll('.', '_')}_response":${inner},"sign":"${sign(inner, alipay.privateKey)}"}` }
  }
  const fail = (method: string, subCode: string, subMsg: string, code = '40004') =>
    signedResponse(method, { code, msg: code === '40002' ? 'Invalid Arguments' : 'Business Failed', sub_code: subCode, sub_msg: subMsg })

  function requestOk(p: Record<string, string>): boolean {
    if (p.app_id !== options.appId || p.sign_type !== 'RSA2' || typeof p.sign !== 'string') return false
    // Beijing time, within 15 minutes (the SDK's local-time default would be 8 hours off on a UTC server)
    const t = Date.parse(`${String(p.timestamp).replace(' ', 'T')}+08:00`)
    if (!Number.isFinite(t) || Math.abs(t - now()) > 15 * 60_000) return false
    return verify(
      sorted(p, (k, v) => k === 'sign' || v === ''),
      p.sign,
      options.appPublicKey,
    )
  }

  function notificationBody(t: Trade, tamper?: AlipayTamper, extra: Record<string, string> = {}): string {
    const fields: Record<string, string> = {
      notify_time: beijing(now()),
      notify_type: 'trade_status_sync',
      notify_id: t.notifyId,
      charset: 'utf-8',
      version: '1.0',
      app_id: tamper === 'app_id' ? '2021000000009999' : options.appId,
      auth_app_id: options.appId,
      seller_id: tamper === 'seller_id' ? '2088000000009999' : options.sellerId,
      trade_no: t.tradeNo,
      out_trade_no: t.outTradeNo,
      trade_status: t.status,
      total_amount: tamper === 'amount' ? '0.01' : yuan(t.total),
      receipt_amount: yuan(t.total),
      buyer_pay_amount: yuan(t.total),
      subject: t.subject,
      body: '',
      gmt_create: beijing(now() - 60_000),
      gmt_payment: beijing(now()),
      fund_bill_list: `[{"amount":"${yuan(t.total)}","fundChannel":"ALIPAYACCOUNT"}]`,
      sign_type: 'RSA2',
      ...extra,
    }
    const key =
      tamper === 'signature'
        ? generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
        : alipay.privateKey
    fields.sign = sign(
      sorted(fields, (k) => k === 'sign' || k === 'sign_type'),
      key,
    )
    return new URLSearchParams(fields).toString()
  }

  async function deliver(url: string, body: string) {
    try {
      const res = await fetch(notifyTarget(sim, url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })
      return { status: res.status, body: await res.text() }
    } catch (error) {
      return { status: 0, body: (error as Error).message }
    }
  }

  function openTrade(p: Record<string, string>): Trade {
    const biz = JSON.parse(p.biz_content ?? '{}') as Record<string, string>
    let t = trades.get(biz.out_trade_no as string)
    if (!t) {
      t = {
        outTradeNo: biz.out_trade_no as string,
        tradeNo: `2026112722001${randomBytes(8).readBigUInt64BE().toString().slice(0, 16)}`,
        total: fen(biz.total_amount as string),
        subject: biz.subject as string,
        notifyUrl: p.notify_url as string,
        opened: false,
        status: 'WAIT_BUYER_PAY',
        notifyId: randomBytes(16).toString('hex'),
        refunds: new Map(),
      }
      trades.set(t.outTradeNo, t)
    }
    return t
  }

  const cashier = (t: Trade, back: string) =>
    html(`<h1>支付宝收银台</h1><p class="desc">${escapeHtml(t.subject)}</p><p class="amount">¥${yuan(t.total)}</p>
<form method="post" action="/__sim/alipay/confirm"><input type="hidden" name="out_trade_no" value="${escapeHtml(t.outTradeNo)}"><input type="hidden" name="return_url" value="${escapeHtml(back)}"><button type="submit">确认付款</button></form>`)

  sim.use(async (req: SimRequest) => {
    if (req.path === '/gateway.do') {
      const p = { ...Object.fromEntries(req.query), ...Object.fromEntries(new URLSearchParams(req.body)) } as Record<string, string>
      const ok = requestOk(p)
      calls.push({ method: p.method ?? '', ok, params: p })
      const method = p.method ?? 'error'
      // the browser lands here from page pay / wap pay
      if (req.method === 'GET' && (method === 'alipay.trade.page.pay' || method === 'alipay.trade.wap.pay')) {
        if (!ok) return html('<p class="error">签名错误 (isv.invalid-signature)</p>')
        const t = openTrade(p)
        t.opened = true
        return cashier(t, p.return_url ?? '')
      }
      if (!ok) return fail(method, 'isv.invalid-signature', '验签出错', '40002')
      const biz = JSON.parse(p.biz_content ?? '{}') as Record<string, string>
      const t = trades.get(biz.out_trade_no as string)
      switch (method) {
        case 'alipay.trade.precreate': {
          const created = openTrade(p)
          return signedResponse(method, { code: '10000', msg: 'Success', out_trade_no: created.outTradeNo, qr_code: `https://qr.alipay.com/bax${created.tradeNo.slice(-10)}` })
        }
        case 'alipay.trade.query':
          if (!t?.opened) return fail(method, 'ACQ.TRADE_NOT_EXIST', '交易不存在')
          return signedResponse(method, {
            code: '10000',
            msg: 'Success',
            out_trade_no: t.outTradeNo,
            trade_no: t.tradeNo,
            trade_status: t.status,
            total_amount: yuan(t.total),
            buyer_pay_amount: t.status === 'TRADE_SUCCESS' ? yuan(t.total) : '0.00',
          })
        case 'alipay.trade.close':
          if (!t?.opened) return fail(method, 'ACQ.TRADE_NOT_EXIST', '交易不存在')
          if (t.status !== 'WAIT_BUYER_PAY') return fail(method, 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法')
          t.status = 'TRADE_CLOSED'
          return signedResponse(method, { code: '10000', msg: 'Success', out_trade_no: t.outTradeNo, trade_no: t.tradeNo })
        case 'alipay.trade.refund': {
          if (!t || t.status !== 'TRADE_SUCCESS') return fail(method, 'ACQ.TRADE_STATUS_ERROR', '交易状态不合法')
          const amount = fen(biz.refund_amount as string)
          const already = t.refunds.get(biz.out_request_no as string)
          if (already === undefined) {
            const sum = [...t.refunds.values()].reduce((a, b) => a + b, 0)
            if (sum + amount > t.total) return fail(method, 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限')
            t.refunds.set(biz.out_request_no as string, amount)
          }
          return signedResponse(method, {
            code: '10000',
            msg: 'Success',
            out_trade_no: t.outTradeNo,
            trade_no: t.tradeNo,
            refund_fee: yuan([...t.refunds.values()].reduce((a, b) => a + b, 0)),
            fund_change: already === undefined ? 'Y' : 'N',
          })
        }
        default:
          return fail(method, 'isv.missing-method', '模拟器未实现')
      }
    }
    if (req.path === '/__sim/alipay/scan') {
      const code = req.query.get('code') ?? ''
      const t = [...trades.values()].find((x) => code.endsWith(x.tradeNo.slice(-10)))
      if (!t) return html('<p>二维码已失效</p>')
      t.opened = true
      return cashier(t, '')
    }
    if (req.path === '/__sim/alipay/confirm' && req.method === 'POST') {
      const form = new URLSearchParams(req.body)
      const t = trades.get(form.get('out_trade_no') ?? '')
      if (!t) return html('<p>交易不存在</p>')
      await pay(t.outTradeNo)
      const back = form.get('return_url')
      return back ? { status: 303, headers: { location: `${back}${back.includes('?') ? '&' : '?'}out_trade_no=${t.outTradeNo}` } } : html('<p class="done">付款成功</p>')
    }
    return undefined
  })

  async function pay(outTradeNo: string, opts: Parameters<AlipaySim['pay']>[1] = {}) {
    const t = trades.get(outTradeNo)
    if (!t) throw new Error(`simulator: no Alipay trade ${outTradeNo}`)
    t.opened = true
    if (t.status !== 'TRADE_SUCCESS') t.status = 'TRADE_SUCCESS'
    if (opts.deliver === false) return []
    const body = notificationBody(t, opts.tamper)
    t.last = { url: t.notifyUrl, body }
    const copies = opts.copies ?? 1
    if (opts.concurrent) return Promise.all(Array.from({ length: copies }, () => deliver(t.notifyUrl, body)))
    const out = []
    for (let i = 0; i < copies; i++) out.push(await deliver(t.notifyUrl, body))
    return out
  }

  return {
    appEnv: () => ({
      INKGATE_ALIPAY_APP_ID: options.appId,
      INKGATE_ALIPAY_SELLER_ID: options.sellerId,
      INKGATE_ALIPAY_PUBLIC_KEY: alipay.publicKey,
      INKGATE_ALIPAY_GATEWAY_URL: `${sim.url}/gateway.do`,
    }),
    trade: (no) => trades.get(no),
    pay,
    async redeliver(outTradeNo) {
      const last = trades.get(outTradeNo)?.last
      if (!last) throw new Error('simulator: nothing to redeliver')
      return deliver(last.url, last.body)
    },
    calls,
  }
}
