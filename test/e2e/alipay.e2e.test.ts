import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { installAlipaySim, type AlipayTamper } from '../paysim/alipay-sim.ts'
import { startPaySim } from '../paysim/paysim.ts'

// the app's key pair as Alipay's console shows it: bare base64, PKCS#1
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'der' } })
const PAID = 'ALIPAIDTEXT'

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres') {
  let clock = TEST_NOW.getTime()
  const sim = await startPaySim()
  t?.after(() => sim.close())
  const ali = installAlipaySim(sim, { appId: '2021000000000001', sellerId: '2088000000000001', appPublicKey: appKeys.publicKey, now: () => clock })
  const app = await buildTestApp(t, { dialect, now: () => new Date(clock), env: { ...ali.appEnv(), INKGATE_ALIPAY_PRIVATE_KEY: appKeys.privateKey.toString('base64') } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  sim.notifyOrigin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  await seedChannels(app)
  await seedPost(app, { slug: 'essay', title: '100%干货 年度总结', price: 990 as Cents, source: `<p>公开</p><p>##paidbegin##</p><p>${PAID}-essay</p>` })
  await seedPost(app, { slug: 'report', price: 1500 as Cents, source: `<p>公开</p><p>##paidbegin##</p><p>${PAID}-report</p>` })
  await app.services.members.register({ username: 'boss', password: 'admin-pass-1', role: 'admin' })
  const admin = client(app)
  await admin.form('/login', { login: 'boss', password: 'admin-pass-1' })
  return { app, sim, ali, admin, advance: (ms: number) => (clock += ms) }
}

const reads = async (c: Client, slug: string) => (await c.get(`/p/${slug}`)).body.includes(`${PAID}-${slug}`)
const lastAttempt = async (app: App) =>
  (await app.services.handle.db.selectFrom('payment_attempts').select('out_trade_no').where('provider', '=', 'alipay').orderBy('id', 'desc').executeTakeFirstOrThrow()).out_trade_no
const purchases = (app: App) => app.services.handle.db.selectFrom('purchases').selectAll().where('revoked_at', 'is', null).execute()

for (const dialect of testDialects()) {
  test(`${dialect}: Alipay page pay: signed redirect, the payer's cashier, one fulfilment, refund`, async (t) => {
    const { app, ali, admin } = await setUp(t, dialect)
    const m = await registered(app, 'ali_reader')
    const buy = await m.get('/buy/essay')
    assert.match(buy.body, /value="alipay\.page"/)
    assert.match(buy.body, /value="alipay\.qr"/)
    const res = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'alipay.page' })
    assert.equal(res.statusCode, 303)
    const gateway = new URL(String(res.headers.location))
    assert.equal(gateway.searchParams.get('method'), 'alipay.trade.page.pay')
    // the timestamp is Beijing time whatever the server's zone (the SDK's own would be UTC here)
    assert.equal(gateway.searchParams.get('timestamp'), '2026-11-27 16:00:00')
    assert.deepEqual(JSON.parse(gateway.searchParams.get('biz_content') ?? '{}').total_amount, '9.90')

    // the payer opens Alipay's cashier and pays; Alipay notifies and sends the payer back
    const cashier = await fetch(gateway)
    assert.match(await cashier.text(), /确认付款/)
    const outTradeNo = await lastAttempt(app)
    const [first] = await ali.pay(outTradeNo, { copies: 1 })
    assert.deepEqual(first, { status: 200, body: 'success' })
    const more = await ali.pay(outTradeNo, { copies: 6, concurrent: true })
    for (const r of [...more, await ali.redeliver(outTradeNo)]) assert.deepEqual(r, { status: 200, body: 'success' })
    assert.equal((await purchases(app)).length, 1)
    assert.equal(await reads(m, 'essay'), true)

    const r = await admin.json('POST', `/api/admin/orders/${outTradeNo.slice(0, 24)}/refund`, { reason: '重复购买' })
    assert.equal(r.json().order.state, 'refunded')
    assert.equal(await reads(m, 'essay'), false)
    const refundCall = ali.calls.filter((c) => c.method === 'alipay.trade.refund').pop()
    assert.ok(refundCall?.ok)
    assert.deepEqual(JSON.parse(refundCall?.params.biz_content ?? '{}').refund_amount, '9.90')
    assert.deepEqual(ali.trade(outTradeNo)?.refunds.size, 1)
  })

  test(`${dialect}: Alipay: forged or foreign notifications get "fail" and change nothing; a wrong amount is flagged`, async (t) => {
    const { app, ali } = await setUp(t, dialect)
    const m = await registered(app, 'ali_tamper')
    const started = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'alipay.page' })
    await fetch(String(started.headers.location))
    const outTradeNo = await lastAttempt(app)
    for (const tamper of ['signature', 'app_id', 'seller_id'] as AlipayTamper[]) {
      assert.deepEqual(await ali.pay(outTradeNo, { tamper }), [{ status: 200, body: 'fail' }], tamper)
    }
    assert.equal((await app.services.handle.db.selectFrom('provider_events').select('id').execute()).length, 0)
    assert.deepEqual(await ali.pay(outTradeNo, { tamper: 'amount' }), [{ status: 200, body: 'success' }])
    assert.equal(await reads(m, 'essay'), false)
    const order = await app.services.handle.db.selectFrom('orders').select(['state', 'flag']).executeTakeFirstOrThrow()
    assert.deepEqual(order, { state: 'created', flag: 'amount_mismatch' })
  })

  test(`${dialect}: Alipay precreate QR: before the scan the trade does not exist; a lost notification is paid by the compensation query`, async (t) => {
    const { app, ali, advance } = await setUp(t, dialect)
    const m = await registered(app, 'ali_qr')
    const started = await m.form('/orders', { kind: 'post', slug: 'report', method: 'alipay.qr' })
    assert.equal(started.statusCode, 303)
    const res = await m.get(String(started.headers.location))
    assert.match(res.body, /<svg/)
    // the code says which app scans it, and 换一种方式 offers the other ways, not this one again
    assert.match(res.body, /<div class="qr qr-alipay">[\s\S]*请使用支付宝扫一扫/)
    assert.doesNotMatch(res.body, /value="alipay\.qr"/)
    // a refresh of the order's page shows the same code and starts nothing new
    const attempts = async () => (await app.services.handle.db.selectFrom('payment_attempts').select('id').execute()).length
    const before = await attempts()
    assert.match((await m.get(String(started.headers.location))).body, /<svg/)
    assert.equal(await attempts(), before)
    const outTradeNo = await lastAttempt(app)
    advance(3 * 60_000)
    await app.services.runJobs()
    assert.equal(await reads(m, 'report'), false, 'not scanned yet: ACQ.TRADE_NOT_EXIST is "not paid"')
    await ali.pay(outTradeNo, { deliver: false })
    await app.services.runJobs()
    assert.equal(await reads(m, 'report'), true)
    // a phone browser gets wap pay; inside WeChat, Alipay is not offered at all
    const phone = client(app, 'Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36')
    assert.match((await phone.get('/buy/essay')).body, /value="alipay\.wap"/)
    const wechat = client(app, 'Mozilla/5.0 (Linux; Android 14) Mobile MicroMessenger/8.0.50')
    assert.doesNotMatch((await wechat.get('/buy/essay')).body, /alipay/)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: Alipay: a payment after our close is fulfilled and flagged; a second payment of a paid order is refunded through Alipay`, async (t) => {
    const { app, ali, advance } = await setUp(t, dialect)
    const m = await registered(app, 'ali_late')
    const late = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'alipay.page' })
    await fetch(String(late.headers.location))
    const lateNo = await lastAttempt(app)
    advance(31 * 60_000)
    await app.services.runJobs()
    assert.equal(ali.trade(lateNo)?.status, 'TRADE_CLOSED', 'closed at Alipay before closing here')
    assert.deepEqual(await ali.pay(lateNo), [{ status: 200, body: 'success' }])
    const order = await app.services.handle.db.selectFrom('orders').select(['state', 'flag']).where('order_no', '=', lateNo.slice(0, 24)).executeTakeFirstOrThrow()
    assert.deepEqual(order, { state: 'paid', flag: 'paid_late' })
    assert.equal(await reads(m, 'essay'), true)

    // paid from balance (topped up with Alipay), then the open Alipay attempt is paid too
    const topup = await m.form('/orders', { kind: 'topup', amount: '20', method: 'alipay.page' })
    await fetch(String(topup.headers.location))
    await ali.pay(await lastAttempt(app))
    const twice = await m.form('/orders', { kind: 'post', slug: 'report', method: 'alipay.page' })
    await fetch(String(twice.headers.location))
    const twiceNo = await lastAttempt(app)
    assert.equal((await m.form(`/orders/${twiceNo.slice(0, 24)}/pay`, { method: 'balance' })).statusCode, 303)
    assert.deepEqual(await ali.pay(twiceNo), [{ status: 200, body: 'success' }])
    const refund = await app.services.handle.db.selectFrom('refunds').selectAll().executeTakeFirstOrThrow()
    assert.deepEqual([refund.amount, refund.state, refund.actor], [1500, 'succeeded', 'system'])
    assert.equal(ali.trade(twiceNo)?.refunds.size, 1)
    const flags = (await app.services.handle.db.selectFrom('orders').select('flag').where('flag', 'is not', null).execute()).map((o) => o.flag).sort()
    assert.deepEqual(flags, ['paid_late', 'paid_twice'])
  })
}
