import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { writeSetting } from '../../src/content/index.ts'
import { generateKeyPairSync } from 'node:crypto'

const PAID = 'PAIDTEXT-甲乙丙'
const paidPost = (slug: string, price: number, extra: object = {}) => ({
  slug,
  price: price as Cents,
  source: `<p>公开的开头。</p><p>##paidbegin##</p><p>${PAID}-${slug}</p><p>##paidend##</p>`,
  ...extra,
})

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres', now?: () => Date) {
  const app = await buildTestApp(t, { dialect, ...(now ? { now } : {}) })
  await seedChannels(app)
  await seedPost(app, paidPost('essay', 990))
  await seedPost(app, paidPost('report', 1500))
  await seedPost(app, paidPost('vip-two', 2000, { vipLevel: 2 }))
  await seedPost(app, paidPost('members-free', 0))
  await app.services.members.register({ username: 'boss', password: 'admin-pass-1', role: 'admin' })
  const admin = client(app)
  assert.equal((await admin.form('/login', { login: 'boss', password: 'admin-pass-1' })).statusCode, 303)
  return { app, admin }
}

/** Pays an order through the sandbox's payer page, as a reader would. */
async function payInSandbox(c: Client, created: { statusCode: number; headers: Record<string, unknown> }): Promise<string> {
  assert.equal(created.statusCode, 303)
  const payer = String(created.headers.location)
  assert.match(payer, /^\/pay\/sandbox\/\d{24}A\d{2}$/)
  const page = await c.get(payer)
  assert.match(page.body, /确认支付/)
  const done = await c.form(payer, { decision: 'pay' })
  assert.equal(done.statusCode, 303)
  return String(done.headers.location)
}

const reads = async (c: Client, slug: string) => (await c.get(`/p/${slug}`)).body.includes(`${PAID}-${slug}`)
const orderRows = (app: App) => app.services.handle.db.selectFrom('orders').selectAll().orderBy('id').execute()

for (const dialect of testDialects()) {
  test(`${dialect}: a guest buys a post in the sandbox, reads it on that browser, and keeps it by registering`, async (t) => {
    const { app } = await setUp(t, dialect)
    const guest = client(app)
    const cashier = await guest.get('/buy/essay')
    assert.equal(cashier.statusCode, 200)
    assert.match(cashier.body, /¥9\.90/)
    assert.match(cashier.body, /演示支付（不扣款）/)
    assert.doesNotMatch(cashier.body, /余额支付/, 'guests have no balance')
    const back = await payInSandbox(guest, await guest.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' }))
    // the payer page returns as a provider's cashier does: to the order page, which goes on to the paid text
    assert.match(back, /^\/orders\/\d{24}\?back=1$/)
    const onward = await guest.get(back)
    assert.equal(onward.statusCode, 303)
    assert.match(String(onward.headers.location), /^\/p\/essay\?order=\d{24}#paid$/)
    const status = await guest.get(`/api/v1${back.replace(/\?.*/, '')}`)
    assert.deepEqual({ ...(status.json() as object), orderNo: '', returnUrl: '' }, { orderNo: '', state: 'paid', amount: 990, amountText: '¥9.90', returnUrl: '' })
    assert.match(status.json().returnUrl, /^\/p\/essay\?order=\d{24}#paid$/, 'back to the post, at an address the browser has not cached')
    assert.match((await guest.get(back.replace(/\?.*/, ''))).body, /支付成功/, 'the order page itself, from the member centre')

    const page = await guest.get('/p/essay')
    assert.ok(page.body.includes(`${PAID}-essay`))
    assert.equal(page.headers['cache-control'], 'private, no-store')
    assert.match(page.body, /你已可以阅读全文（已购买）/)
    const api = await guest.get('/api/v1/posts/essay')
    assert.equal(api.json().paywall.canRead, true)
    assert.equal(
      api
        .json()
        .page.segments.find((s: { kind: string }) => s.kind === 'paid')
        .html.includes(PAID),
      true,
    )
    // the buyer's page made from the cached anonymous page equals the one rendered for them in full
    await app.services.contentChanged()
    const full = (await guest.get('/p/essay')).body
    await client(app).get('/p/essay')
    const spliced = (await guest.get('/p/essay')).body
    const bodyOf = (html: string) =>
      html
        .slice(html.indexOf('<article'), html.indexOf('</article>'))
        .replace(/<!--[^>]*-->/g, '')
        .replace(/\d+ 次阅读/, '')
    assert.equal(bodyOf(spliced), bodyOf(full))
    // nobody else sees it, and the shared page cache holds only the anonymous page
    const stranger = client(app)
    assert.equal(await reads(stranger, 'essay'), false)
    assert.equal(await reads(client(app), 'essay'), false)
    assert.equal(await reads(guest, 'report'), false, 'one purchase opens one post')
    // the guest's order number does not open anything for someone else
    assert.equal((await stranger.get(`/api/v1${back}`)).statusCode, 404)

    // registering on this browser claims the purchase into the account; logging out hides it
    const reg = await guest.form('/register', { username: 'guest_now', password: 'secret-pass-1', password2: 'secret-pass-1', agree: '1' })
    assert.equal(reg.statusCode, 303)
    assert.match((await guest.get('/user')).body, /<a class="row-main" href="\/p\/essay">/)
    assert.equal(await reads(guest, 'essay'), true)
    await guest.form('/logout', {})
    assert.equal(await reads(guest, 'essay'), false)
    assert.equal((await guest.form('/login', { login: 'guest_now', password: 'secret-pass-1' })).statusCode, 303)
    assert.equal(await reads(guest, 'essay'), true)
  })

  test(`${dialect}: a site that sells to members only sends guests to log in`, async (t) => {
    const { app } = await setUp(t, dialect)
    await writeSetting(app.services.handle.db, 'guestPurchase', false)
    await app.services.contentChanged()
    const guest = client(app)
    const cashier = await guest.get('/buy/essay')
    assert.match(cashier.body, /本站需要登录后购买/)
    assert.doesNotMatch(cashier.body, /name="method"/)
    const refused = await guest.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })
    assert.equal(refused.statusCode, 401)
    assert.match(refused.body, /本站需要登录后购买，请先登录或注册/)
    assert.equal((await orderRows(app)).length, 0)
  })

  test(`${dialect}: a member tops up, pays from balance, is refunded, and the right ends at once`, async (t) => {
    const { app, admin } = await setUp(t, dialect)
    const m = await registered(app, 'reader1')
    // not enough balance: a clear message and nothing changes
    const poor = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })
    assert.equal(poor.statusCode, 402)
    assert.match(poor.body, /余额不足/)
    assert.equal(await reads(m, 'essay'), false)

    const bad = await m.form('/orders', { kind: 'topup', amount: '0.5', method: 'sandbox.sandbox' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /充值金额需在 ¥1\.00 到 ¥10,000\.00 之间/)
    assert.equal((await m.form('/orders', { kind: 'topup', amount: '20', method: 'balance' })).statusCode, 400, 'no top-up from balance')
    await payInSandbox(m, await m.form('/orders', { kind: 'topup', amount: '20.00', method: 'sandbox.sandbox' }))
    assert.match((await m.get('/user')).body, /<strong>¥20\.00<\/strong>/)

    const paid = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })
    assert.equal(paid.statusCode, 303)
    assert.match(String(paid.headers.location), /^\/p\/essay\?order=\d{24}#paid$/)
    assert.equal(await reads(m, 'essay'), true)
    const centre = (await m.get('/user')).body
    assert.match(centre, /<strong>¥10\.10<\/strong>/)
    assert.match(centre, /-¥9\.90/)
    // buying again is refused; the cashier says it is readable
    assert.match((await m.get('/buy/essay')).body, /你已可以阅读这篇文档的全部内容/)
    assert.equal((await m.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })).statusCode, 409)

    const order = (await orderRows(app)).find((o) => o.kind === 'post') as { order_no: string }
    const staffOnly = await m.json('POST', `/api/admin/orders/${order.order_no}/refund`, { reason: '试试' })
    assert.equal(staffOnly.statusCode, 403)
    const noReason = await admin.json('POST', `/api/admin/orders/${order.order_no}/refund`, { reason: ' ' })
    assert.equal(noReason.statusCode, 400)
    const tooMuch = await admin.json('POST', `/api/admin/orders/${order.order_no}/refund`, { amount: '10.00', reason: '多退' })
    assert.equal(tooMuch.json().error.code, 'REFUND_AMOUNT')
    const refund = await admin.json('POST', `/api/admin/orders/${order.order_no}/refund`, { reason: '读者误购' })
    assert.equal(refund.statusCode, 200)
    assert.equal(refund.json().order.state, 'refunded')
    assert.equal(await reads(m, 'essay'), false, 'a refund ends the right on the next request')
    assert.match((await m.get('/user')).body, /<strong>¥20\.00<\/strong>/)
    const events = (await admin.get(`/api/admin/orders/${order.order_no}`)).json().events.map((e: { action: string; actor: string }) => `${e.action} ${e.actor.split(':')[0]}`)
    assert.deepEqual(events, ['created member', 'paid member', 'refund admin'])
    assert.equal((await admin.json('POST', `/api/admin/orders/${order.order_no}/refund`, { reason: '再退' })).statusCode, 409)
  })

  test(`${dialect}: VIP plans: free reading up to the level, discounts, extension, and expiry`, async (t) => {
    let clock = TEST_NOW
    const { app, admin } = await setUp(t, dialect, () => clock)
    const planA = (await admin.json('POST', '/api/admin/plans', { name: '月度会员', level: 1, days: 30, price: '30.00', benefit: 'free' })).json().plan
    const planD = await admin.json('POST', '/api/admin/plans', { name: '折扣会员', level: 1, days: 30, price: '10.00', benefit: 'discount', discountPercent: 20 })
    assert.equal(planD.statusCode, 201)
    assert.equal((await admin.json('POST', '/api/admin/plans', { name: '坏', level: 1, days: 30, price: '10.00', benefit: 'discount', discountPercent: 0 })).json().error.code, 'VIP_PLAN_INVALID')

    const v = await registered(app, 'vipper')
    assert.match((await v.get('/vip')).body, /月度会员[\s\S]*¥30\.00/)
    assert.equal((await client(app).form('/orders', { kind: 'vip', plan: planA.id, method: 'sandbox.sandbox' })).statusCode, 401, 'guests cannot buy VIP')
    await payInSandbox(v, await v.form('/orders', { kind: 'vip', plan: planA.id, method: 'sandbox.sandbox' }))
    assert.equal(await reads(v, 'essay'), true)
    assert.match((await v.get('/p/essay')).body, /（VIP 会员）/)
    assert.equal(await reads(v, 'vip-two'), false, 'level 1 does not cover a level-2 post')
    assert.equal(await reads(v, 'members-free'), true, 'a price-0 members post opens for any member')
    assert.match((await v.get('/user')).body, /月度会员 · 有效期至/)

    // a second month extends from the end of the first
    await payInSandbox(v, await v.form('/orders', { kind: 'vip', plan: planA.id, method: 'sandbox.sandbox' }))
    const grants = await app.services.handle.db.selectFrom('vip_grants').select(['starts_at', 'ends_at']).orderBy('id').execute()
    assert.equal(grants[1]?.starts_at, grants[0]?.ends_at)
    const day = async (n: number) => {
      clock = new Date(TEST_NOW.getTime() + n * 86_400_000)
      // the reader comes back now and then, so the 30-day session stays alive
      assert.match((await v.get('/user')).body, /vipper/)
    }
    await day(20)
    await day(45)
    assert.equal(await reads(v, 'essay'), true, 'still inside the second month')
    await day(61)
    assert.equal(await reads(v, 'essay'), false, 'expired VIP reads nothing')
    assert.match((await v.get('/user')).body, /尚未开通 VIP/)

    // a discount plan lowers the price of a purchase, frozen in the order
    const d = await registered(app, 'discounter')
    await payInSandbox(d, await d.form('/orders', { kind: 'vip', plan: planD.json().plan.id, method: 'sandbox.sandbox' }))
    assert.equal(await reads(d, 'essay'), false, 'a discount plan is not free reading')
    assert.match((await d.get('/buy/report')).body, /¥12\.00[\s\S]*<del>¥15\.00<\/del>/)
    await payInSandbox(d, await d.form('/orders', { kind: 'post', slug: 'report', method: 'sandbox.sandbox' }))
    assert.equal((await orderRows(app)).find((o) => o.kind === 'post')?.amount, 1200)
    assert.equal(await reads(d, 'report'), true)
  })

  test(`${dialect}: notifications: duplicates fulfil once, mismatches and strangers are flagged, late and double payments are handled`, async (t) => {
    let clock = TEST_NOW
    const { app, admin } = await setUp(t, dialect, () => clock)
    const orders = app.services.commerce.orders
    const m = await registered(app, 'payer')
    const started = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })
    const outTradeNo = String(started.headers.location).split('/').pop() as string
    const input = { provider: 'sandbox', outTradeNo, txnId: 'T1', amount: 990, currency: 'CNY', eventKey: 'evt-1', source: 'notify' as const, payload: '{}' }

    // the amount differs: nothing is granted, the order is flagged
    assert.equal(await orders.settle({ ...input, amount: 1, eventKey: 'evt-0' }), 'amount_mismatch')
    assert.equal(await reads(m, 'essay'), false)
    // the same notification ten times, five at once: one fulfilment
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => orders.settle(input)))
    for (let i = 0; i < 5; i++) outcomes.push(await orders.settle(input))
    assert.deepEqual(
      outcomes.filter((o) => o === 'paid'),
      ['paid'],
    )
    assert.equal(outcomes.filter((o) => o === 'duplicate').length, 9)
    // a second notification for the same payment (another event id) is a duplicate too
    assert.equal(await orders.settle({ ...input, eventKey: 'evt-1b' }), 'duplicate')
    assert.equal((await app.services.handle.db.selectFrom('purchases').select('id').execute()).length, 1)
    assert.equal(await reads(m, 'essay'), true)

    assert.equal(await orders.settle({ ...input, outTradeNo: '999999999999999999999999A01', eventKey: 'evt-x' }), 'unknown_attempt')
    const stranger = await app.services.handle.db.selectFrom('provider_events').select(['outcome']).where('event_key', '=', 'evt-x').executeTakeFirstOrThrow()
    assert.equal(stranger.outcome, 'unknown_attempt')

    // an order left unpaid closes after 30 minutes; money arriving later still fulfils, flagged
    const late = await m.form('/orders', { kind: 'post', slug: 'report', method: 'sandbox.sandbox' })
    const lateNo = String(late.headers.location).split('/').pop() as string
    clock = new Date(TEST_NOW.getTime() + 29 * 60_000)
    await app.services.runJobs()
    assert.equal((await orderRows(app)).find((o) => o.kind === 'post' && o.post_id !== null && o.state === 'created')?.state, 'created')
    clock = new Date(TEST_NOW.getTime() + 31 * 60_000)
    await app.services.runJobs()
    const closed = (await orderRows(app)).filter((o) => o.state === 'closed')
    assert.equal(closed.length, 1)
    assert.match((await m.get(`/orders/${closed[0]?.order_no}`)).body, /订单已关闭/)
    assert.equal((await m.form(`/orders/${closed[0]?.order_no}/pay`, { method: 'sandbox.sandbox' })).statusCode, 410)
    assert.equal(await orders.settle({ ...input, outTradeNo: lateNo, amount: 1500, eventKey: 'evt-late' }), 'paid_late')
    assert.equal(await reads(m, 'report'), true)

    // a second provider paying an order that is already paid is refunded by itself
    await payInSandbox(m, await m.form('/orders', { kind: 'topup', amount: '50', method: 'sandbox.sandbox' }))
    const twice = await m.form('/orders', { kind: 'post', slug: 'vip-two', method: 'sandbox.sandbox' })
    const firstTry = String(twice.headers.location).split('/').pop() as string
    const orderNo = firstTry.slice(0, 24)
    assert.equal((await m.form(`/orders/${orderNo}/pay`, { method: 'balance' })).statusCode, 303)
    assert.equal(await orders.settle({ ...input, outTradeNo: firstTry, amount: 2000, eventKey: 'evt-twice' }), 'paid_twice')
    const refunds = await app.services.handle.db.selectFrom('refunds').selectAll().execute()
    assert.deepEqual(
      refunds.map((r) => [r.amount, r.state, r.actor]),
      [[2000, 'succeeded', 'system']],
    )
    assert.equal((await app.services.handle.db.selectFrom('purchases').select('id').where('revoked_at', 'is', null).execute()).length, 3, 'still one purchase per post')

    const flaggedBody = (await admin.get('/api/admin/orders/flagged')).body
    for (const o of await orderRows(app)) if (o.guest_key) assert.ok(!flaggedBody.includes(o.guest_key), 'staff never see a raw guest key')
    const flagged = (await admin.get('/api/admin/orders/flagged'))
      .json()
      .items.map((o: { flag: string }) => o.flag)
      .sort()
    assert.deepEqual(flagged, ['amount_mismatch', 'paid_late', 'paid_twice'])
  })

  test(`${dialect}: a post the buyer already holds is never paid for twice: balance refuses before the debit, a provider's money goes back`, async (t) => {
    const { app, admin } = await setUp(t, dialect)
    const orders = app.services.commerce.orders
    const db = app.services.handle.db
    const m = await registered(app, 'twice_buyer')
    await payInSandbox(m, await m.form('/orders', { kind: 'topup', amount: '50', method: 'sandbox.sandbox' }))
    // order A opens at ¥9.90 and a provider payment starts on it; then the price changes, so a new order B is made
    const started = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })
    const attemptA = String(started.headers.location).split('/').pop() as string
    const orderA = attemptA.slice(0, 24)
    await seedPost(app, paidPost('essay', 590))
    await app.services.contentChanged()
    assert.equal((await m.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })).statusCode, 303)
    assert.equal(await reads(m, 'essay'), true)
    const balanceAfterB = (await db.selectFrom('balance_ledger').select('balance_after').orderBy('id', 'desc').executeTakeFirstOrThrow()).balance_after
    assert.equal(balanceAfterB, 5000 - 590)

    // paying A from the balance is refused before anything is debited
    const again = await m.form(`/orders/${orderA}/pay`, { method: 'balance' })
    assert.equal(again.statusCode, 409)
    assert.match(again.body, /你已经购买过这篇文档/)
    assert.equal((await db.selectFrom('balance_ledger').select('balance_after').orderBy('id', 'desc').executeTakeFirstOrThrow()).balance_after, 5000 - 590)
    // starting another provider payment for A is refused too
    assert.equal((await m.form(`/orders/${orderA}/pay`, { method: 'sandbox.sandbox' })).statusCode, 409)

    // the provider had already taken A's money: it settles as bought twice, is refunded by itself and flagged
    assert.equal(await orders.settle({ provider: 'sandbox', outTradeNo: attemptA, txnId: 'TA', amount: 990, currency: 'CNY', eventKey: 'evt-a', source: 'notify', payload: '{}' }), 'bought_twice')
    const a = await db.selectFrom('orders').selectAll().where('order_no', '=', orderA).executeTakeFirstOrThrow()
    assert.deepEqual([a.state, a.flag, a.refunded_amount], ['refunded', 'bought_twice', 990])
    const refund = await db.selectFrom('refunds').selectAll().where('order_id', '=', a.id).executeTakeFirstOrThrow()
    assert.deepEqual([refund.amount, refund.state, refund.actor], [990, 'succeeded', 'system'])
    const running = await db.selectFrom('purchases').select('order_id').where('revoked_at', 'is', null).execute()
    assert.equal(running.length, 1, 'one purchase of the post')
    assert.equal(await reads(m, 'essay'), true, 'the purchase made by B still reads')
    assert.ok((await admin.get('/api/admin/orders/flagged')).json().items.some((o: { orderNo: string; flag: string }) => o.orderNo === orderA && o.flag === 'bought_twice'))
    // and the same notification again changes nothing
    assert.equal(await orders.settle({ provider: 'sandbox', outTradeNo: attemptA, txnId: 'TA', amount: 990, currency: 'CNY', eventKey: 'evt-a', source: 'notify', payload: '{}' }), 'duplicate')
    assert.equal((await db.selectFrom('refunds').select('id').execute()).length, 1)
  })

  test(`${dialect}: two orders for one post paid at the same moment: one purchase, the other refunded`, async (t) => {
    const { app } = await setUp(t, dialect)
    const db = app.services.handle.db
    const m = await registered(app, 'racer')
    const first = String((await m.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })).headers.location)
      .split('/')
      .pop() as string
    await seedPost(app, paidPost('essay', 590))
    const second = String((await m.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })).headers.location)
      .split('/')
      .pop() as string
    assert.notEqual(first.slice(0, 24), second.slice(0, 24))
    const settle = (outTradeNo: string, amount: number) =>
      app.services.commerce.orders.settle({ provider: 'sandbox', outTradeNo, txnId: `T${outTradeNo}`, amount, currency: 'CNY', eventKey: `e-${outTradeNo}`, source: 'notify', payload: '{}' })
    const outcomes = await Promise.all([settle(first, 990), settle(second, 590)])
    assert.deepEqual([...outcomes].sort(), ['bought_twice', 'paid'])
    assert.equal((await db.selectFrom('purchases').select('id').where('revoked_at', 'is', null).execute()).length, 1)
    assert.equal((await db.selectFrom('refunds').select('id').execute()).length, 1)
  })

  test(`${dialect}: logging in on a browser that bought, as a guest, a post the account holds already keeps both working`, async (t) => {
    const { app } = await setUp(t, dialect)
    const owner = await registered(app, 'holder')
    await payInSandbox(owner, await owner.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' }))
    const guest = client(app)
    await payInSandbox(guest, await guest.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' }))
    assert.equal((await guest.form('/login', { login: 'holder', password: 'secret-pass-1' })).statusCode, 303)
    assert.equal(await reads(guest, 'essay'), true)
    // one reader paid twice, as a guest and with the account: flagged for a person
    const flagged = await app.services.handle.db.selectFrom('orders').select(['flag', 'member_id']).where('flag', 'is not', null).execute()
    assert.equal(flagged.length, 1)
    assert.equal(flagged[0]?.flag, 'bought_twice')
  })

  test(`${dialect}: the sandbox says 演示支付 wherever payments are taken, and only an order's own buyer can pay through it`, async (t) => {
    const { app, admin } = await setUp(t, dialect)
    const buyer = client(app)
    for (const url of ['/buy/essay', '/vip']) assert.match((await buyer.get(url)).body, /演示支付/, url)
    const started = await buyer.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })
    const payer = String(started.headers.location)
    assert.match((await buyer.get(payer)).body, /演示支付/)
    // anyone else who learns the address gets nothing and can pay nothing
    for (const other of [client(app), await registered(app, 'snooper')]) {
      assert.equal((await other.get(payer)).statusCode, 404)
      assert.equal((await other.form(payer, { decision: 'pay' })).statusCode, 404)
    }
    const order = await app.services.handle.db
      .selectFrom('orders')
      .select('state')
      .where('order_no', '=', payer.split('/').pop()?.slice(0, 24) ?? '')
      .executeTakeFirstOrThrow()
    assert.equal(order.state, 'created')
    const row = await app.services.handle.db
      .selectFrom('orders')
      .select('guest_key')
      .where('order_no', '=', payer.split('/').pop()?.slice(0, 24) ?? '')
      .executeTakeFirstOrThrow()
    const seen = await admin.get(`/api/admin/orders/${payer.split('/').pop()?.slice(0, 24)}`)
    assert.equal(seen.statusCode, 200)
    assert.ok(row.guest_key && !seen.body.includes(row.guest_key), 'staff never see a raw guest key')
    assert.match(seen.json().order.guest, /^guest-[0-9a-f]{8}$/)
    await payInSandbox(buyer, started)
    assert.equal(await reads(buyer, 'essay'), true)
  })

  test(`${dialect}: WeChat Pay that cannot receive notifications (an http site) is not offered, and says why at start`, async (t) => {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    const logged: string[] = []
    const app = await buildTestApp(t, {
      dialect,
      env: {
        INKGATE_SITE_URL: 'http://fanwen.example',
        INKGATE_WECHATPAY_MCHID: '1900000109',
        INKGATE_WECHATPAY_APPID: 'wxd678efh567hg6787',
        INKGATE_WECHATPAY_SERIAL_NO: 'ABC',
        INKGATE_WECHATPAY_PRIVATE_KEY: keys.privateKey,
        INKGATE_WECHATPAY_APIV3_KEY: 'k'.repeat(32),
        INKGATE_WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_1',
        INKGATE_WECHATPAY_PUBLIC_KEY: keys.publicKey,
      },
      log: (line) => logged.push(line),
    })
    await seedChannels(app)
    await seedPost(app, paidPost('essay', 990))
    assert.ok(
      logged.some((l) => /WeChat Pay accepts only an https notify_url/.test(l)),
      logged.join('\n'),
    )
    const buy = (await client(app).get('/buy/essay')).body
    assert.doesNotMatch(buy, /value="wechat\./)
    assert.doesNotMatch(buy, /演示支付/, 'a configured provider turns the sandbox off')
    assert.match(buy, /暂时没有可用的支付方式|no-methods|cashier/)
  })

  test(`${dialect}: staff grant and revoke a purchase, recorded with who did it`, async (t) => {
    const { app, admin } = await setUp(t, dialect)
    const m = await registered(app, 'lucky')
    assert.equal((await m.json('POST', '/api/admin/purchases', { member: 'lucky', post: 'report', reason: '送你' })).statusCode, 403)
    const g = await admin.json('POST', '/api/admin/purchases', { member: 'lucky', post: 'report', reason: '活动赠送' })
    assert.deepEqual(g.json(), { granted: true })
    assert.equal(await reads(m, 'report'), true)
    assert.match((await m.get('/user')).body, /赠送/)
    assert.equal((await admin.json('POST', '/api/admin/purchases', { member: 'nobody', post: 'report', reason: 'x' })).json().error.code, 'GRANT_MEMBER_NOT_FOUND')
    const r = await admin.json('POST', '/api/admin/purchases/revoke', { member: 'lucky', post: 'report', reason: '活动结束' })
    assert.deepEqual(r.json(), { revoked: 1 })
    assert.equal(await reads(m, 'report'), false)
    const row = await app.services.handle.db.selectFrom('purchases').select(['granted_by', 'revoked_reason']).executeTakeFirstOrThrow()
    assert.match(String(row.granted_by), /^admin:\d+:boss: 活动赠送$/)
    assert.match(String(row.revoked_reason), /^admin:\d+:boss: 活动结束$/)
  })
}
