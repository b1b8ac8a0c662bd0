import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { escapeHtml, html, notifyTarget, type PaySim, type SimRequest, type SimResponse } from './paysim.ts'

/*
 * WeChat Pay API v3, as the simulator plays it. Written apart from
 * src/commerce/wechatpay on purpose: a bug shared by both sides would pass
 * here and fail against WeChat (the golden-vector test guards the rest).
 */
const SCHEMA = 'WECHATPAY2-SHA256-RSA2048'
const sign = (msg: string, key: string) => createSign('RSA-SHA256').update(msg).sign(key, 'base64')
const verify = (msg: string, sig: string, key: string) => {
  try {
    return createVerify('RSA-SHA256').update(msg).verify(key, sig, 'base64')
  } catch {
    return false
  }
}
const rand = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').slice(0, n)
const beijing = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`

export type WechatTamper = 'signature' | 'probe' | 'timestamp' | 'ciphertext' | 'mchid' | 'appid' | 'serial' | 'cert-serial'

interface SimOrder {
  outTradeNo: string
  fingerprint: string
  appid: string
  mchid: string
  description: string
  total: number
  notifyUrl: string
  timeExpire: string
  tradeType: 'NATIVE' | 'H5' | 'JSAPI'
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'
  transactionId: string | undefined
  successTime: string | undefined
  prepay: string
  refunded: number
  refunds: Map<string, { amount: number; status: 'SUCCESS' | 'PROCESSING'; notifyUrl: string }>
  lastNotification?: { body: string; headers: Record<string, string>; url: string }
}

export interface WechatSimOptions {
  mchid: string
  appid: string
  apiV3Key: string
  merchantSerial: string
  merchantPublicKey: string
  /** which platform key signs answers and notifications */
  mode: 'public-key' | 'certificate'
  now: () => number
  /** accept an http://127.0.0.1 notify_url (a browser test's site has no HTTPS); WeChat itself never does */
  allowLocalNotifyUrl?: boolean
  /** play the 公众号's web OAuth too (snsapi_base → openid), which turns on JSAPI in the app */
  oauth?: { appSecret: string; openid: string }
}

export interface WechatSim {
  /** the app's configuration for this simulator (both key modes' material is given) */
  appEnv(): Record<string, string>
  order(outTradeNo: string): SimOrder | undefined
  /** the payer pays: the order is SUCCESS and a notification is sent (or not) */
  pay(outTradeNo: string, options?: { deliver?: boolean; tamper?: WechatTamper; amount?: number; copies?: number; concurrent?: boolean }): Promise<Array<{ status: number; body: string }>>
  /** sends the last notification of an order again, exactly */
  redeliver(outTradeNo: string): Promise<{ status: number; body: string }>
  setMode(mode: 'public-key' | 'certificate'): void
  /** WeChat rotates its platform certificate: a new one, unknown to the merchant, signs from now on */
  rotateCertificate(): void
  /** calls to GET /v3/certificates so far */
  certificateDownloads(): number
  /** how the next refunds answer: at once, or PROCESSING until finishRefund */
  setRefundStatus(status: 'SUCCESS' | 'PROCESSING'): void
  /** a PROCESSING refund completes; with notify, WeChat sends REFUND.SUCCESS */
  finishRefund(outRefundNo: string, notify: boolean): Promise<{ status: number; body: string } | undefined>
  /** a payment the merchant never asked for (an unknown out_trade_no), notified as usual */
  payUnknown(outTradeNo: string, total: number, notifyUrl: string): Promise<Array<{ status: number; body: string }>>
  /** calls the simulator received, for assertions on what we sent */
  calls: Array<{ method: string; path: string; body: string; ok: boolean }>
}

export function installWechatSim(sim: PaySim, options: WechatSimOptions): WechatSim {
  const dir = mkdtempSync(join(tmpdir(), 'wxsim-'))
  // the 微信支付公钥 mode: a plain key pair named PUB_KEY_ID_…
  const pub = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
  const publicKeyId = `PUB_KEY_ID_0114${Array.from(randomBytes(28), (b) => b % 10).join('')}`
  // the platform-certificate mode: a self-signed certificate, as /v3/certificates would hand out
  const makeCert = (name: string) => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, `${name}.key`),
        '-out',
        join(dir, `${name}.crt`),
        '-days',
        '2',
        '-subj',
        '/CN=Tenpay.com sim/O=Tenpay',
        '-set_serial',
        `0x${randomBytes(10).toString('hex')}`,
      ],
      { stdio: 'ignore' },
    )
    const pem = readFileSync(join(dir, `${name}.crt`), 'utf8')
    return { pem, key: readFileSync(join(dir, `${name}.key`), 'utf8'), serial: new X509Certificate(pem).serialNumber.toUpperCase(), file: join(dir, `${name}.crt`) }
  }
  // platform certificates, oldest first; the newest signs in the certificate mode (WeChat rotates them)
  const certs = [makeCert('platform')]
  writeFileSync(join(dir, 'pub.pem'), pub.publicKey)
  let mode = options.mode
  const signer = () => {
    const active = certs[certs.length - 1] as { serial: string; key: string }
    return mode === 'public-key' ? { serial: publicKeyId, key: pub.privateKey } : { serial: active.serial, key: active.key }
  }
  const orders = new Map<string, SimOrder>()
  const byPrepay = new Map<string, SimOrder>()
  const calls: WechatSim['calls'] = []
  const control = { refundStatus: 'SUCCESS' as 'SUCCESS' | 'PROCESSING' }
  const now = options.now

  function signed(status: number, body: string, over: { serial?: string; key?: string; timestamp?: string; signature?: string } = {}): SimResponse {
    const s = signer()
    const ts = over.timestamp ?? String(Math.floor(now() / 1000))
    const nonce = rand(32)
    const signature = over.signature ?? sign(`${ts}\n${nonce}\n${body}\n`, over.key ?? s.key)
    return {
      status,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': nonce,
        'wechatpay-signature': signature,
        'wechatpay-serial': over.serial ?? s.serial,
        'wechatpay-signature-type': SCHEMA,
      },
      body,
    }
  }
  const fail = (status: number, code: string, message: string) => signed(status, JSON.stringify({ code, message }))

  /** The merchant's Authorization, checked as WeChat does: 401 SIGN_ERROR otherwise. */
  function authorized(req: SimRequest): boolean {
    const header = String(req.headers.authorization ?? '')
    if (!header.startsWith(`${SCHEMA} `)) return false
    const f: Record<string, string> = {}
    for (const m of header.slice(SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) f[m[1] as string] = m[2] as string
    if (f.mchid !== options.mchid || f.serial_no !== options.merchantSerial || !f.nonce_str || !f.signature || !f.timestamp) return false
    if (Math.abs(Math.floor(now() / 1000) - Number(f.timestamp)) > 300) return false
    const pathWithQuery = req.path + (req.query.size ? `?${req.query.toString()}` : '')
    return verify(`${req.method}\n${pathWithQuery}\n${f.timestamp}\n${f.nonce_str}\n${req.body}\n`, f.signature, options.merchantPublicKey)
  }

  function transaction(o: SimOrder, over: { mchid?: string; appid?: string; total?: number } = {}) {
    return {
      appid: over.appid ?? o.appid,
      mchid: over.mchid ?? o.mchid,
      out_trade_no: o.outTradeNo,
      transaction_id: o.transactionId,
      trade_type: o.tradeType,
      trade_state: o.state,
      trade_state_desc: o.state === 'SUCCESS' ? '支付成功' : o.state,
      bank_type: 'OTHERS',
      attach: '',
      success_time: o.successTime,
      payer: { openid: 'oSimPayerOpenid000000000000' },
      amount: { total: over.total ?? o.total, payer_total: over.total ?? o.total, currency: 'CNY', payer_currency: 'CNY' },
    }
  }

  function encrypt(plaintext: string, tamper: boolean, type: 'transaction' | 'refund' | 'certificate' = 'transaction') {
    const nonce = rand(12)
    const c = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key), Buffer.from(nonce))
    c.setAAD(Buffer.from(type))
    const out = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()])
    if (tamper) out[3] = (out[3] as number) ^ 0x01
    return { original_type: type, algorithm: 'AEAD_AES_256_GCM', ciphertext: out.toString('base64'), associated_data: type, nonce }
  }

  async function post(url: string, body: string, headers: Record<string, string>) {
    try {
      const res = await fetch(notifyTarget(sim, url), { method: 'POST', headers, body })
      return { status: res.status, body: await res.text() }
    } catch (error) {
      return { status: 0, body: String((error as Error).message) }
    }
  }

  function notification(o: SimOrder, tamper?: WechatTamper, amount?: number) {
    const plain = JSON.stringify(
      transaction(o, { ...(tamper === 'mchid' ? { mchid: '1900000999' } : {}), ...(tamper === 'appid' ? { appid: 'wx0000000000000bad' } : {}), ...(amount !== undefined ? { total: amount } : {}) }),
    )
    const body = JSON.stringify({
      id: `EV-${rand(20)}`,
      create_time: beijing(now()),
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      resource: encrypt(plain, tamper === 'ciphertext'),
    })
    const wrong = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const r = signed(200, body, {
      ...(tamper === 'signature' ? { key: wrong.privateKey } : {}),
      ...(tamper === 'probe' ? { signature: `WECHATPAY/SIGNTEST/${rand(40)}` } : {}),
      ...(tamper === 'timestamp' ? { timestamp: String(Math.floor(now() / 1000) - 600) } : {}),
      ...(tamper === 'serial' ? { serial: 'PUB_KEY_ID_0000000000000000000000000000000' } : {}),
      // a certificate serial in no list WeChat gives out, signed by a key of no certificate
      ...(tamper === 'cert-serial' ? { serial: '7A3F0000000000000000000000000001', key: wrong.privateKey } : {}),
    })
    const headers = { ...(r.headers as Record<string, string>), 'content-type': 'application/json' }
    return { body, headers }
  }

  sim.use(async (req) => {
    if (!req.path.startsWith('/v3/')) return undefined
    const ok = authorized(req)
    calls.push({ method: req.method, path: req.path, body: req.body, ok })
    if (!ok) return signed(401, JSON.stringify({ code: 'SIGN_ERROR', message: '签名错误' }))

    if (req.path === '/v3/certificates' && req.method === 'GET') {
      // every platform certificate, each encrypted with the APIv3 key; the answer is signed by the oldest,
      // which the merchant already trusts
      const data = certs.map((c) => ({
        serial_no: c.serial,
        effective_time: beijing(now() - 3600_000),
        expire_time: beijing(now() + 86_400_000),
        encrypt_certificate: encrypt(c.pem, false, 'certificate'),
      }))
      const first = certs[0] as { serial: string; key: string }
      return signed(200, JSON.stringify({ data }), { serial: first.serial, key: first.key })
    }
    const create = /^\/v3\/pay\/transactions\/(native|h5|jsapi)$/.exec(req.path)
    if (create && req.method === 'POST') {
      const b = JSON.parse(req.body) as Record<string, any>
      if (b.mchid !== options.mchid || b.appid !== options.appid) return fail(400, 'PARAM_ERROR', 'appid和mch_id不匹配')
      if (!/^[0-9A-Za-z_\-|*]{6,32}$/.test(String(b.out_trade_no))) return fail(400, 'PARAM_ERROR', 'out_trade_no 格式错误')
      if (!Number.isSafeInteger(b.amount?.total) || b.amount.total <= 0 || b.amount.currency !== 'CNY') return fail(400, 'PARAM_ERROR', '金额错误')
      const local = options.allowLocalNotifyUrl && /^http:\/\/127\.0\.0\.1:\d+\/[^?]+$/.test(String(b.notify_url))
      if (!local && !/^https:\/\/[^?]+$/.test(String(b.notify_url))) return fail(400, 'PARAM_ERROR', 'notify_url 必须为 https 且不能带参数')
      if (create[1] === 'h5' && !b.scene_info?.payer_client_ip) return fail(400, 'PARAM_ERROR', '缺少 scene_info')
      if (create[1] === 'jsapi' && b.payer?.openid !== options.oauth?.openid) return fail(400, 'PARAM_ERROR', 'openid 与 appid 不匹配')
      const { out_trade_no, ...rest } = b
      const fingerprint = JSON.stringify({ ...rest, method: create[1] })
      const existing = orders.get(out_trade_no)
      if (existing && existing.fingerprint !== fingerprint) return fail(400, 'INVALID_REQUEST', '201 商户订单号重复')
      if (existing && existing.state === 'SUCCESS') return fail(400, 'ORDERPAID', '该订单已支付')
      const o: SimOrder = existing ?? {
        outTradeNo: out_trade_no,
        fingerprint,
        appid: b.appid,
        mchid: b.mchid,
        description: b.description,
        total: b.amount.total,
        notifyUrl: b.notify_url,
        timeExpire: b.time_expire,
        tradeType: create[1] === 'h5' ? 'H5' : create[1] === 'jsapi' ? 'JSAPI' : 'NATIVE',
        state: 'NOTPAY',
        transactionId: undefined,
        successTime: undefined,
        prepay: `wx${rand(28)}`,
        refunded: 0,
        refunds: new Map(),
      }
      orders.set(out_trade_no, o)
      byPrepay.set(o.prepay, o)
      if (create[1] === 'jsapi') return signed(200, JSON.stringify({ prepay_id: o.prepay }))
      return create[1] === 'h5'
        ? signed(200, JSON.stringify({ h5_url: `${sim.url}/__sim/wechat/h5?prepay_id=${o.prepay}` }))
        : signed(200, JSON.stringify({ code_url: `weixin://wxpay/bizpayurl?pr=${o.prepay}` }))
    }
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(req.path)
    if (query && req.method === 'GET') {
      if (req.query.get('mchid') !== options.mchid) return fail(400, 'PARAM_ERROR', 'mchid 错误')
      const o = orders.get(decodeURIComponent(query[1] as string))
      return o ? signed(200, JSON.stringify(transaction(o))) : fail(404, 'ORDER_NOT_EXIST', '订单不存在')
    }
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(req.path)
    if (close && req.method === 'POST') {
      const o = orders.get(decodeURIComponent(close[1] as string))
      if (!o) return fail(404, 'ORDER_NOT_EXIST', '订单不存在')
      if (o.state === 'SUCCESS' || o.state === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付')
      o.state = 'CLOSED'
      return signed(204, '')
    }
    if (req.path === '/v3/refund/domestic/refunds' && req.method === 'POST') {
      const b = JSON.parse(req.body) as Record<string, any>
      const o = orders.get(String(b.out_trade_no))
      if (!o || (o.state !== 'SUCCESS' && o.state !== 'REFUND')) return fail(400, 'INVALID_REQUEST', '订单未支付')
      const same = o.refunds.get(String(b.out_refund_no))
      if (!same) {
        // one refund per out_refund_no however often it is asked for
        if (b.amount?.total !== o.total || !Number.isSafeInteger(b.amount?.refund) || o.refunded + b.amount.refund > o.total) return fail(400, 'PARAM_ERROR', '退款金额错误')
        o.refunded += b.amount.refund
        o.state = 'REFUND'
        o.refunds.set(String(b.out_refund_no), { amount: b.amount.refund, status: control.refundStatus, notifyUrl: String(b.notify_url ?? o.notifyUrl) })
      }
      const r = o.refunds.get(String(b.out_refund_no)) as { amount: number; status: string }
      return signed(
        200,
        JSON.stringify({ refund_id: `50${rand(20)}`, out_refund_no: b.out_refund_no, out_trade_no: o.outTradeNo, status: r.status, amount: { refund: r.amount, total: o.total, currency: 'CNY' } }),
      )
    }
    const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(req.path)
    if (refundQuery && req.method === 'GET') {
      for (const o of orders.values()) {
        const r = o.refunds.get(decodeURIComponent(refundQuery[1] as string))
        if (r) return signed(200, JSON.stringify({ out_refund_no: refundQuery[1], out_trade_no: o.outTradeNo, status: r.status, amount: { refund: r.amount, total: o.total, currency: 'CNY' } }))
      }
      return fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
    }
    return fail(404, 'NOT_FOUND', 'no such API in the simulator')
  })

  async function pay(outTradeNo: string, opts: Parameters<WechatSim['pay']>[1] = {}) {
    const o = orders.get(outTradeNo)
    if (!o) throw new Error(`simulator: no WeChat order ${outTradeNo}`)
    if (o.state === 'NOTPAY' || o.state === 'CLOSED') {
      o.state = 'SUCCESS'
      o.transactionId = `4200${rand(24).replace(/\D/g, '7')}`.slice(0, 28)
      o.successTime = beijing(now())
    }
    if (opts.deliver === false) return []
    const n = notification(o, opts.tamper, opts.amount)
    o.lastNotification = { ...n, url: o.notifyUrl }
    const copies = opts.copies ?? 1
    if (opts.concurrent) return Promise.all(Array.from({ length: copies }, () => post(o.notifyUrl, n.body, n.headers)))
    const out = []
    for (let i = 0; i < copies; i++) out.push(await post(o.notifyUrl, n.body, n.headers))
    return out
  }

  // the payer's side: a scanned Native code or an H5 link opens this page
  const codes = new Map<string, string>()
  sim.use(async (req) => {
    if (options.oauth && req.path === '/connect/oauth2/authorize') {
      if (req.query.get('appid') !== options.appid || req.query.get('scope') !== 'snsapi_base' || req.query.get('response_type') !== 'code') return html('<p>参数错误</p>')
      const code = rand(32)
      codes.set(code, options.oauth.openid)
      const back = new URL(req.query.get('redirect_uri') ?? '')
      back.searchParams.set('code', code)
      back.searchParams.set('state', req.query.get('state') ?? '')
      return { status: 302, headers: { location: back.toString() } }
    }
    if (options.oauth && req.path === '/sns/oauth2/access_token') {
      const openid = codes.get(req.query.get('code') ?? '')
      codes.delete(req.query.get('code') ?? '')
      if (req.query.get('appid') !== options.appid || req.query.get('secret') !== options.oauth.appSecret || !openid)
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }) }
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: rand(40), expires_in: 7200, refresh_token: rand(40), openid, scope: 'snsapi_base' }) }
    }
    // the test-only control plane over HTTP (the same as the functions this module returns)
    if (req.path === '/__sim/wechat/pay' && req.method === 'POST') {
      const b = JSON.parse(req.body) as { out_trade_no: string; tamper?: WechatTamper; amount?: number; copies?: number; concurrent?: boolean; deliver?: boolean }
      const deliveries = await pay(b.out_trade_no, {
        ...(b.tamper ? { tamper: b.tamper } : {}),
        ...(b.amount !== undefined ? { amount: b.amount } : {}),
        ...(b.copies ? { copies: b.copies } : {}),
        ...(b.concurrent ? { concurrent: true } : {}),
        ...(b.deliver === false ? { deliver: false } : {}),
      })
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveries }) }
    }
    if (req.path === '/__sim/wechat/redeliver' && req.method === 'POST') {
      const last = orders.get((JSON.parse(req.body) as { out_trade_no: string }).out_trade_no)?.lastNotification
      if (!last) return { status: 404, headers: { 'content-type': 'application/json' }, body: '{"error":"nothing to redeliver"}' }
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delivery: await post(last.url, last.body, last.headers) }) }
    }
    // what WeixinJSBridge would do with the page's parameters: check paySign with the merchant's key, then pay
    if (req.path === '/__sim/wechat/jsapi-pay' && req.method === 'POST') {
      const p = JSON.parse(req.body) as Record<string, string>
      const o = byPrepay.get(String(p.package).replace(/^prepay_id=/, ''))
      const ok = o && p.appId === options.appid && p.signType === 'RSA' && verify(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`, String(p.paySign), options.merchantPublicKey)
      if (!ok || !o) return { status: 400, headers: { 'content-type': 'application/json' }, body: '{"err_msg":"get_brand_wcpay_request:fail"}' }
      await pay(o.outTradeNo)
      return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"err_msg":"get_brand_wcpay_request:ok"}' }
    }
    if (req.path === '/__sim/wechat/scan' || req.path === '/__sim/wechat/h5') {
      const prepay = req.query.get('prepay_id') ?? /pr=([\w]+)/.exec(req.query.get('code') ?? '')?.[1] ?? ''
      const o = byPrepay.get(prepay)
      if (!o) return html('<p>二维码已失效</p>')
      const back = req.query.get('redirect_url') ?? ''
      return html(`<h1>微信支付</h1><p class="desc">${escapeHtml(o.description)}</p><p class="amount">¥${(o.total / 100).toFixed(2)}</p>
<form method="post" action="/__sim/wechat/confirm"><input type="hidden" name="prepay_id" value="${o.prepay}"><input type="hidden" name="redirect_url" value="${escapeHtml(back)}"><button type="submit">确认支付</button></form>`)
    }
    if (req.path === '/__sim/wechat/confirm' && req.method === 'POST') {
      const form = new URLSearchParams(req.body)
      const o = byPrepay.get(form.get('prepay_id') ?? '')
      if (!o) return html('<p>订单不存在</p>')
      await pay(o.outTradeNo)
      const back = form.get('redirect_url')
      return back ? { status: 303, headers: { location: back } } : html('<p class="done">支付成功</p>')
    }
    return undefined
  })

  return {
    appEnv: () => ({
      INKGATE_WECHATPAY_MCHID: options.mchid,
      INKGATE_WECHATPAY_APPID: options.appid,
      INKGATE_WECHATPAY_SERIAL_NO: options.merchantSerial,
      INKGATE_WECHATPAY_APIV3_KEY: options.apiV3Key,
      INKGATE_WECHATPAY_PUBLIC_KEY_ID: publicKeyId,
      INKGATE_WECHATPAY_PUBLIC_KEY: join(dir, 'pub.pem'),
      INKGATE_WECHATPAY_PLATFORM_CERTS: (certs[0] as { file: string }).file,
      INKGATE_WECHATPAY_BASE_URL: sim.url,
      ...(options.oauth ? { INKGATE_WECHAT_OA_SECRET: options.oauth.appSecret, INKGATE_WECHAT_OAUTH_URL: sim.url, INKGATE_WECHAT_API_URL: sim.url } : {}),
    }),
    order: (no) => orders.get(no),
    pay,
    async redeliver(outTradeNo) {
      const last = orders.get(outTradeNo)?.lastNotification
      if (!last) throw new Error('simulator: nothing to redeliver')
      return post(last.url, last.body, last.headers)
    },
    payUnknown(outTradeNo, total, notifyUrl) {
      const o: SimOrder = {
        outTradeNo,
        fingerprint: '',
        appid: options.appid,
        mchid: options.mchid,
        description: '?',
        total,
        notifyUrl,
        timeExpire: '',
        tradeType: 'NATIVE',
        state: 'NOTPAY',
        transactionId: undefined,
        successTime: undefined,
        prepay: `wx${rand(28)}`,
        refunded: 0,
        refunds: new Map(),
      }
      orders.set(outTradeNo, o)
      return pay(outTradeNo)
    },
    setRefundStatus: (status) => {
      control.refundStatus = status
    },
    async finishRefund(outRefundNo, notify) {
      for (const o of orders.values()) {
        const r = o.refunds.get(outRefundNo)
        if (!r) continue
        r.status = 'SUCCESS'
        if (!notify) return undefined
        const plain = JSON.stringify({
          mchid: o.mchid,
          out_trade_no: o.outTradeNo,
          transaction_id: o.transactionId,
          out_refund_no: outRefundNo,
          refund_id: `50${rand(20)}`,
          refund_status: 'SUCCESS',
          success_time: beijing(now()),
          amount: { total: o.total, refund: r.amount, payer_total: o.total, payer_refund: r.amount },
        })
        const body = JSON.stringify({
          id: `EV-${rand(20)}`,
          create_time: beijing(now()),
          resource_type: 'encrypt-resource',
          event_type: 'REFUND.SUCCESS',
          summary: '退款成功',
          resource: encrypt(plain, false, 'refund'),
        })
        return post(r.notifyUrl, body, { ...(signed(200, body).headers as Record<string, string>), 'content-type': 'application/json' })
      }
      throw new Error(`simulator: no refund ${outRefundNo}`)
    },
    rotateCertificate: () => {
      certs.push(makeCert(`platform-${certs.length}`))
    },
    certificateDownloads: () => calls.filter((c) => c.path === '/v3/certificates').length,
    setMode: (m) => {
      mode = m
    },
    calls,
  }
}
