import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { startPaySim } from '../paysim/paysim.ts'
import { installWechatSim, type WechatTamper } from '../paysim/wechat-sim.ts'

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
const PAID = 'WXPAIDTEXT'

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres', options: { oauth?: boolean } = {}) {
  let clock = TEST_NOW.getTime()
  const sim = await startPaySim()
  t?.after(() => sim.close())
  const wx = installWechatSim(sim, {
    mchid: '1900000109',
    appid: 'wxd678efh567hg6787',
    apiV3Key: 'k'.repeat(32),
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A72',
    merchantPublicKey: merchant.publicKey,
    mode: 'public-key',
    now: () => clock,
    ...(options.oauth ? { oauth: { appSecret: 'oa-secret-1', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } } : {}),
  })
  const app = await buildTestApp(t, { dialect, now: () => new Date(clock), env: { ...wx.appEnv(), INKGATE_WECHATPAY_PRIVATE_KEY: merchant.privateKey } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  sim.notifyOrigin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  await seedChannels(app)
  for (const [slug, price] of [
    ['essay', 990],
    ['report', 1500],
    ['third', 500],
  ] as const) {
    await seedPost(app, { slug, price: price as Cents, source: `<p>公开</p><p>##paidbegin##</p><p>${PAID}-${slug}</p>` })
  }
  await app.services.members.register({ username: 'boss', password: 'admin-pass-1', role: 'admin' })
  const admin = client(app)
  await admin.form('/login', { login: 'boss', password: 'admin-pass-1' })
  return { app, sim, wx, admin, advance: (ms: number) => (clock += ms) }
}

const reads = async (c: Client, slug: string) => (await c.get(`/p/${slug}`)).body.includes(`${PAID}-${slug}`)

/** Starts a Native payment from the cashier; answers the QR page and the attempt's number. */
async function startNative(app: App, c: Client, slug: string): Promise<{ outTradeNo: string; page: string }> {
  const started = await c.form('/orders', { kind: 'post', slug, method: 'wechat.native' })
  // POST-redirect-GET: the order's own page shows the QR code
  assert.equal(started.statusCode, 303, started.body.slice(0, 500))
  assert.match(String(started.headers.location), /^\/orders\/\d{24}$/)
  const res = await c.get(String(started.headers.location))
  assert.equal(res.statusCode, 200, res.body.slice(0, 500))
  const attempt = await app.services.handle.db.selectFrom('payment_attempts').select('out_trade_no').where('provider', '=', 'wechat').orderBy('id', 'desc').executeTakeFirstOrThrow()
  return { outTradeNo: attempt.out_trade_no, page: res.body }
}
const events = (app: App) => app.services.handle.db.selectFrom('provider_events').selectAll().execute()
const purchases = (app: App) => app.services.handle.db.selectFrom('purchases').selectAll().where('revoked_at', 'is', null).execute()

for (const dialect of testDialects()) {
  test(`${dialect}: WeChat Pay Native: QR, pay, one fulfilment however often the notification comes`, async (t) => {
    const { app, wx } = await setUp(t, dialect)
    const m = await registered(app, 'wx_reader')
    const { outTradeNo, page } = await startNative(app, m, 'essay')
    assert.match(page, /<svg[^>]*>[\s\S]*<\/svg>/, 'the cashier shows a QR code')
    assert.match(page, /请使用微信扫一扫/)
    assert.match(page, /data-order-status="\/api\/v1\/orders\/\d{24}"/)
    // what we sent was signed, amounts in fen, with a Beijing-time deadline and our notify URL
    const create = wx.calls.find((c) => c.path === '/v3/pay/transactions/native')
    assert.ok(create?.ok)
    const body = JSON.parse(create?.body ?? '{}')
    assert.deepEqual(body.amount, { total: 990, currency: 'CNY' })
    assert.equal(body.notify_url, 'https://fanwen.example/pay/notify/wechat')
    assert.equal(body.time_expire, '2026-11-27T16:30:00+08:00')
    // a reload shows the same QR code without a second create
    const reload = await m.get(`/orders/${outTradeNo.slice(0, 24)}`)
    assert.match(reload.body, /<svg/)
    assert.equal(wx.calls.filter((c) => c.path === '/v3/pay/transactions/native').length, 1)

    const first = await wx.pay(outTradeNo, { copies: 5, concurrent: true })
    const again = await wx.pay(outTradeNo, { copies: 5 })
    for (const r of [...first, ...again]) assert.equal(r.status, 204, r.body)
    assert.equal((await purchases(app)).length, 1)
    assert.equal(await reads(m, 'essay'), true)
    assert.equal((await m.get(`/api/v1/orders/${outTradeNo.slice(0, 24)}`)).json().state, 'paid')
    // the exact same bytes again
    assert.equal((await wx.redeliver(outTradeNo)).status, 204)
    assert.equal((await purchases(app)).length, 1)

    // certificate mode: a platform certificate signs, and we verify with it too
    wx.setMode('certificate')
    const second = await startNative(app, m, 'report')
    assert.deepEqual(
      (await wx.pay(second.outTradeNo)).map((r) => r.status),
      [204],
    )
    assert.equal(await reads(m, 'report'), true)
  })

  test(`${dialect}: WeChat Pay: forged, probed, stale, tampered or foreign notifications are refused and change nothing`, async (t) => {
    const { app, sim, wx } = await setUp(t, dialect)
    const m = await registered(app, 'wx_tamper')
    const { outTradeNo } = await startNative(app, m, 'essay')
    for (const tamper of ['signature', 'probe', 'timestamp', 'ciphertext', 'mchid', 'appid', 'serial'] as WechatTamper[]) {
      // through the simulator's HTTP control plane, as a test in another process would drive it
      const control = await fetch(`${sim.url}/__sim/wechat/pay`, { method: 'POST', body: JSON.stringify({ out_trade_no: outTradeNo, tamper }) })
      const [r] = ((await control.json()) as { deliveries: Array<{ status: number; body: string }> }).deliveries
      assert.equal(r?.status, 401, `${tamper}: ${r?.body}`)
      assert.equal(JSON.parse(r?.body ?? '{}').code, 'FAIL', tamper)
    }
    assert.equal((await events(app)).length, 0)
    assert.equal((await purchases(app)).length, 0)
    const order = await app.services.handle.db.selectFrom('orders').select(['state', 'flag']).executeTakeFirstOrThrow()
    assert.deepEqual(order, { state: 'created', flag: null })
    // the genuine one still works afterwards
    assert.deepEqual(
      (await wx.pay(outTradeNo)).map((r) => r.status),
      [204],
    )
    assert.equal(await reads(m, 'essay'), true)
  })

  test(`${dialect}: WeChat Pay: amount mismatch and unknown orders are recorded and flagged; a lost notification is found by the compensation query`, async (t) => {
    const { app, wx, admin, advance } = await setUp(t, dialect)
    const m = await registered(app, 'wx_comp')
    const a = await startNative(app, m, 'essay')
    assert.deepEqual(
      (await wx.pay(a.outTradeNo, { amount: 1 })).map((r) => r.status),
      [204],
      'answered as received: retries cannot fix it',
    )
    assert.equal(await reads(m, 'essay'), false)
    const unknown = await wx.payUnknown('UNKNOWN000000000000000001', 700, 'https://fanwen.example/pay/notify/wechat')
    assert.deepEqual(
      unknown.map((r) => r.status),
      [204],
    )
    assert.deepEqual((await events(app)).map((e) => e.outcome).sort(), ['amount_mismatch', 'unknown_attempt'])

    const b = await startNative(app, m, 'report')
    await wx.pay(b.outTradeNo, { deliver: false })
    assert.equal(await reads(m, 'report'), false)
    advance(3 * 60_000)
    await app.services.runJobs()
    assert.equal(await reads(m, 'report'), true, 'the compensation query paid it')
    const flagged = (await admin.get('/api/admin/orders/flagged')).json().items.map((o: { flag: string }) => o.flag)
    assert.deepEqual(flagged, ['amount_mismatch'])
  })

  test(`${dialect}: WeChat Pay: payment after our close is fulfilled and flagged; a second payment is refunded; a refund ends the right`, async (t) => {
    const { app, sim, wx, admin, advance } = await setUp(t, dialect)
    const m = await registered(app, 'wx_late')
    const late = await startNative(app, m, 'essay')
    advance(31 * 60_000)
    await app.services.runJobs()
    assert.equal(wx.order(late.outTradeNo)?.state, 'CLOSED', 'closed at WeChat before closing here')
    assert.equal((await app.services.handle.db.selectFrom('orders').select('state').executeTakeFirstOrThrow()).state, 'closed')
    assert.deepEqual(
      (await wx.pay(late.outTradeNo)).map((r) => r.status),
      [204],
    )
    const lateOrder = await app.services.handle.db.selectFrom('orders').select(['state', 'flag', 'paid_late']).executeTakeFirstOrThrow()
    assert.deepEqual(lateOrder, { state: 'paid', flag: 'paid_late', paid_late: 1 })
    assert.equal(await reads(m, 'essay'), true)

    // paid from balance, then the open WeChat attempt is paid too: WeChat's money goes back by itself
    const topup = await m.form('/orders', { kind: 'topup', amount: '20', method: 'wechat.native' })
    assert.equal(topup.statusCode, 303)
    const topupNo = (await app.services.handle.db.selectFrom('payment_attempts').select('out_trade_no').orderBy('id', 'desc').executeTakeFirstOrThrow()).out_trade_no
    await wx.pay(topupNo)
    const twice = await startNative(app, m, 'report')
    assert.equal((await m.form(`/orders/${twice.outTradeNo.slice(0, 24)}/pay`, { method: 'balance' })).statusCode, 303)
    assert.deepEqual(
      (await wx.pay(twice.outTradeNo)).map((r) => r.status),
      [204],
    )
    const refund = await app.services.handle.db.selectFrom('refunds').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual([refund.amount, refund.state, refund.actor], [1500, 'succeeded', 'system'])
    assert.equal(wx.order(twice.outTradeNo)?.refunded, 1500)
    assert.equal((await purchases(app)).filter((p) => p.post_id !== null).length, 2)

    // a staff refund of a WeChat-paid order: the right ends at once, WeChat refunds the money
    const third = await startNative(app, m, 'third')
    await wx.pay(third.outTradeNo)
    assert.equal(await reads(m, 'third'), true)
    const r = await admin.json('POST', `/api/admin/orders/${third.outTradeNo.slice(0, 24)}/refund`, { amount: '2.00', reason: '部分退款' })
    assert.equal(r.statusCode, 200, r.body)
    assert.equal(r.json().order.refundedAmount, 200)
    assert.equal(await reads(m, 'third'), false)
    assert.equal(wx.order(third.outTradeNo)?.refunded, 200)
    const refundCall = wx.calls.filter((c) => c.path === '/v3/refund/domestic/refunds').pop()
    assert.deepEqual(JSON.parse(refundCall?.body ?? '{}').amount, { refund: 200, total: 500, currency: 'CNY' })
    void sim
  })

  test(`${dialect}: WeChat Pay H5 on a phone: a redirect to WeChat that comes back to our order page`, async (t) => {
    const { app, wx } = await setUp(t, dialect)
    const phone = client(app, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1', { address: '203.0.113.20' })
    await phone.get('/vip')
    const buy = await phone.get('/buy/essay')
    assert.match(buy.body, /value="wechat\.h5"/)
    assert.doesNotMatch(buy.body, /value="wechat\.native"/)
    const res = await phone.form('/orders', { kind: 'post', slug: 'essay', method: 'wechat.h5' })
    assert.equal(res.statusCode, 303)
    const location = String(res.headers.location)
    assert.match(location, /\/__sim\/wechat\/h5\?prepay_id=wx\w+&redirect_url=https%3A%2F%2Ffanwen\.example%2Forders%2F\d{24}%3Fback%3D1$/)
    const create = JSON.parse(wx.calls.find((c) => c.path === '/v3/pay/transactions/h5')?.body ?? '{}')
    assert.equal(create.scene_info.h5_info.type, 'Wap')
    assert.equal(create.scene_info.payer_client_ip, '203.0.113.20', "the phone's own address")
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: WeChat Pay JSAPI inside WeChat: OAuth for the openid, signed page parameters, paid through the bridge`, async (t) => {
    const { app, sim, wx } = await setUp(t, dialect, { oauth: true })
    const inWechat = client(app, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 MicroMessenger/8.0.50 NetType/WIFI')
    await inWechat.get('/vip')
    const buy = await inWechat.get('/buy/essay')
    assert.match(buy.body, /value="wechat\.jsapi"/)
    assert.doesNotMatch(buy.body, /alipay/)

    // no openid yet: WeChat's OAuth first, which comes straight back with a code
    const started = await inWechat.form('/orders', { kind: 'post', slug: 'essay', method: 'wechat.jsapi' })
    assert.equal(started.statusCode, 303)
    const authorize = new URL(String(started.headers.location))
    assert.equal(authorize.origin + authorize.pathname, `${sim.url}/connect/oauth2/authorize`)
    assert.equal(authorize.searchParams.get('scope'), 'snsapi_base')
    assert.equal(authorize.searchParams.get('redirect_uri'), 'https://fanwen.example/pay/wechat/oauth')
    const back = new URL(String((await fetch(authorize, { redirect: 'manual' })).headers.get('location')))
    // a forged state is refused
    assert.equal((await inWechat.get(`/pay/wechat/oauth?code=x&state=${'1'.repeat(24)}`)).statusCode, 404)
    const landed = await inWechat.get(back.pathname + back.search)
    assert.equal(landed.statusCode, 303, landed.body.slice(0, 400))
    const page = await inWechat.get(String(landed.headers.location))
    assert.equal(page.statusCode, 200, page.body.slice(0, 400))
    const params = JSON.parse((/data-jsapi="([^"]+)"/.exec(page.body)?.[1] ?? '{}').replace(/&#34;|&quot;/g, '"')) as Record<string, string>
    assert.deepEqual(Object.keys(params).sort(), ['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp'])
    assert.equal(JSON.parse(wx.calls.find((c) => c.path === '/v3/pay/transactions/jsapi')?.body ?? '{}').payer.openid, 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o')
    assert.ok(inWechat.cookies.has('ig_wxoid'), 'the openid is remembered in a signed cookie')

    // the bridge with tampered parameters fails; the page's own parameters pay
    const bridge = (p: Record<string, string>) => fetch(`${sim.url}/__sim/wechat/jsapi-pay`, { method: 'POST', body: JSON.stringify(p) })
    assert.equal((await bridge({ ...params, package: 'prepay_id=wx0000' })).status, 400)
    assert.equal((await bridge({ ...params, timeStamp: '1' })).status, 400)
    assert.equal((await bridge(params)).status, 200)
    assert.equal(await reads(inWechat, 'essay'), true)

    // the next purchase goes straight to the payment sheet
    const again = await inWechat.form('/orders', { kind: 'post', slug: 'report', method: 'wechat.jsapi' })
    assert.equal(again.statusCode, 303)
    assert.match((await inWechat.get(String(again.headers.location))).body, /data-jsapi=/)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: WeChat Pay refunds that answer PROCESSING finish by notification, or by the job that asks`, async (t) => {
    const { app, wx, admin, advance } = await setUp(t, dialect)
    const m = await registered(app, 'wx_refund')
    const a = await startNative(app, m, 'essay')
    const b = await startNative(app, m, 'report')
    await wx.pay(a.outTradeNo)
    await wx.pay(b.outTradeNo)
    wx.setRefundStatus('PROCESSING')
    for (const n of [a, b]) assert.equal((await admin.json('POST', `/api/admin/orders/${n.outTradeNo.slice(0, 24)}/refund`, { reason: '退款' })).statusCode, 200)
    // the right ends when the refund is recorded, not when the money arrives
    assert.equal(await reads(m, 'essay'), false)
    const states = async () => (await app.services.handle.db.selectFrom('refunds').select(['refund_no', 'state']).orderBy('id').execute()).map((r) => r.state)
    assert.deepEqual(await states(), ['processing', 'processing'])
    const refundNo = (await app.services.handle.db.selectFrom('refunds').select('refund_no').orderBy('id').executeTakeFirstOrThrow()).refund_no
    assert.equal((await wx.finishRefund(refundNo, true))?.status, 204)
    assert.deepEqual(await states(), ['succeeded', 'processing'])
    // the second finishes at WeChat without a notice: the job asks after ten minutes
    const second = (await app.services.handle.db.selectFrom('refunds').select('refund_no').orderBy('id', 'desc').executeTakeFirstOrThrow()).refund_no
    await wx.finishRefund(second, false)
    await app.services.runJobs()
    assert.deepEqual(await states(), ['succeeded', 'processing'], 'not asked before ten minutes')
    advance(11 * 60_000)
    await app.services.runJobs()
    assert.deepEqual(await states(), ['succeeded', 'succeeded'])
    const events = (await admin.get(`/api/admin/orders/${b.outTradeNo.slice(0, 24)}`)).json().events.map((e: { action: string }) => e.action)
    assert.deepEqual(events.slice(-3), ['refund', 'refund_processing', 'refund_succeeded'])
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: WeChat Pay certificate mode: a rotated platform certificate is downloaded once, verified by the one we trust`, async (t) => {
    const { app, wx, advance } = await setUp(t, dialect)
    const m = await registered(app, 'wx_rotate')
    wx.setMode('certificate')
    wx.rotateCertificate()
    // the create answer is signed by a certificate the app has never seen: it fetches the list, then believes it
    const a = await startNative(app, m, 'essay')
    assert.equal(wx.certificateDownloads(), 1)
    assert.deepEqual(
      (await wx.pay(a.outTradeNo)).map((r) => r.status),
      [204],
    )
    assert.equal(await reads(m, 'essay'), true)
    assert.equal(wx.certificateDownloads(), 1, 'known from now on')
    // a serial in no list: the list is fetched again (a minute later), the serial is still unknown, refused;
    // and not fetched again within the minute
    const b = await startNative(app, m, 'report')
    advance(61_000)
    assert.equal((await wx.pay(b.outTradeNo, { tamper: 'cert-serial' }))[0]?.status, 401)
    assert.equal(wx.certificateDownloads(), 2)
    assert.equal((await wx.pay(b.outTradeNo, { tamper: 'cert-serial' }))[0]?.status, 401)
    assert.equal(wx.certificateDownloads(), 2)
    assert.equal(await reads(m, 'report'), false)
  })
}
