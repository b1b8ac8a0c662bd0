import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { writeSetting } from '../../src/content/index.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

/** two pages, a paid region on each: a reader who pays from page 2 must come back to page 2 */
const TWO_PAGES = '<p>第一页开头</p><p>##paidbegin##</p><p>第一页付费 PAGE1PAID</p><p>##paidend##</p>##pagebreak##<p>第二页开头</p><p>##paidbegin##</p><p>第二页付费 PAGE2PAID</p><p>##paidend##</p>'

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres') {
  const app = await buildTestApp(t, { dialect, env: { INKGATE_PAY_SANDBOX: 'true' } })
  await seedChannels(app)
  await seedPost(app, { slug: 'long-read', title: '两页的讲话稿', price: 990 as Cents, source: TWO_PAGES })
  await seedPost(app, { slug: 'short-read', title: '一页的心得', price: 500 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费 SHORTPAID</p>' })
  return app
}

/** Follows the sandbox payer page of a created order to its end, as the reader's browser would. */
async function payInSandbox(c: Client, created: { statusCode: number; headers: Record<string, unknown> }): Promise<string> {
  assert.equal(created.statusCode, 303)
  const payer = String(created.headers.location)
  assert.match(payer, /^\/pay\/sandbox\/\d{24}A\d{2}(\?|$)/)
  assert.match((await c.get(payer)).body, /确认支付/)
  const done = await c.form(payer, { decision: 'pay' })
  return String(done.headers.location)
}

const decode = (html: string) => html.replace(/&amp;/g, '&')

for (const dialect of testDialects()) {
  test(`${dialect}: a reader who pays from page 2 comes back to page 2, at its paid text`, async (t) => {
    const app = await setUp(t, dialect)
    const guest = client(app)
    // the card and the bottom bar on page 2 send the cashier the page
    const page2 = (await guest.get('/p/long-read?page=2')).body
    assert.match(page2, /<div id="paid" class="paid-anchor"><\/div>/, 'the first paid region of the page is where a buyer lands')
    assert.match(page2, /class="buy" href="\/buy\/long-read\?page=2"/)
    assert.match(decode(page2), /href="\/vip\?post=long-read&page=2"/, 'the VIP link remembers the post too')
    const cashier = (await guest.get('/buy/long-read?page=2')).body
    assert.match(cashier, /<input type="hidden" name="page" value="2">/)
    const orderPage = await payInSandbox(guest, await guest.form('/orders', { kind: 'post', slug: 'long-read', method: 'sandbox.sandbox', page: '2' }))
    assert.match(orderPage, /^\/orders\/\d{24}\?page=2&back=1$/, 'the order page keeps the page the reader left')
    const onward = await guest.get(orderPage)
    assert.equal(onward.statusCode, 303, 'paid already: straight on to the text')
    assert.match(String(onward.headers.location), /^\/p\/long-read\?page=2&order=\d{24}#paid$/)
    const paid = (await guest.get(orderPage.replace('&back=1', ''))).body
    assert.match(paid, /支付成功/)
    const back = /data-return="([^"]+)"/.exec(paid)?.[1] ?? ''
    assert.match(decode(back), /^\/p\/long-read\?page=2&order=\d{24}#paid$/)
    const landed = (await guest.get(decode(back).replace(/#.*/, ''))).body
    assert.match(landed, /PAGE2PAID/)
    assert.match(landed, /<div id="paid" class="paid-anchor"><\/div>/, 'the anchor is there on the unlocked page too')
    // a page the post does not have is not a place to come back to
    const order = /orders\/(\d{24})/.exec(orderPage)?.[1] ?? ''
    assert.match(decode((await guest.get(`/orders/${order}?page=9`)).body), /data-return="\/p\/long-read\?order=\d{24}#paid"/)

    // paying from the balance goes straight back to the page
    const member = await registered(app, 'page_two_reader')
    const row = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'page_two_reader').executeTakeFirstOrThrow()
    await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 2000, '测试')
    const byBalance = await member.form('/orders', { kind: 'post', slug: 'long-read', method: 'balance', page: '2' })
    assert.equal(byBalance.statusCode, 303)
    assert.match(String(byBalance.headers.location), /^\/p\/long-read\?page=2&order=\d{24}#paid$/)
  })

  test(`${dialect}: the order page: the amount, a countdown to its expiry, and only the other ways to pay`, async (t) => {
    const app = await setUp(t, dialect)
    const reader = await registered(app, 'order_reader')
    const row = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'order_reader').executeTakeFirstOrThrow()
    await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 5000, '测试')
    const created = await reader.form('/orders', { kind: 'post', slug: 'short-read', method: 'sandbox.sandbox' })
    const orderNo = /\d{24}/.exec(String(created.headers.location))?.[0] ?? ''
    const page = (await reader.get(`/orders/${orderNo}`)).body
    assert.match(page, /<p class="cashier-amount"><span>应付金额<\/span><strong>¥5\.00<\/strong><\/p>/)
    // 30 minutes to pay, counted by the page from the server's own figure
    assert.match(page, /data-seconds-left="1800"/)
    assert.match(page, /请在 \d\d:\d\d 前完成支付/)
    // the sandbox was started: 换一种方式 offers the balance, not the sandbox again
    assert.match(page, /换一种方式：/)
    assert.match(page, /value="balance"/)
    assert.doesNotMatch(page, /value="sandbox\.sandbox"/)
    // the number whole, once, in small type at the foot
    assert.match(page, new RegExp(`订单号 <code title="${orderNo}">${orderNo}</code>`))
    // a way to pay this site does not offer: a 4xx page that says what to do next, a link back (no script)
    const refused = await reader.form('/orders', { kind: 'post', slug: 'short-read', method: 'wechat.native', page: '1' })
    assert.ok(refused.statusCode >= 400 && refused.statusCode < 500, String(refused.statusCode))
    assert.match(refused.body, /<a class="buy" href="\/buy\/short-read">返回重新选择支付方式<\/a>/)
    assert.doesNotMatch(refused.body, /javascript:/)
  })

  test(`${dialect}: the VIP page speaks plainly: 8折, what a plan saves, the owner's pick, and a short sign-up for a guest`, async (t) => {
    const app = await setUp(t, dialect)
    const plans = app.services.commerce.vip
    const month = await plans.createPlan(TEST_ACTOR, { name: '月度会员', level: 1, days: 30, price: 1000 as Cents, benefit: 'free' })
    await plans.createPlan(TEST_ACTOR, { name: '折扣会员', level: 1, days: 365, price: 3000 as Cents, benefit: 'discount', discountPercent: 20 })
    // the owner marks the plan to recommend in the console
    const admin = await signedIn(app, 'owner', 'admin')
    const marked = await admin.c.json('PATCH', `/api/admin/plans/${month.id}`, { recommended: true })
    assert.equal(marked.statusCode, 200, marked.body)
    assert.equal(marked.json().plan.recommended, true)
    assert.equal((await admin.c.json('PATCH', `/api/admin/plans/${month.id}`, {})).statusCode, 400, 'a change names what it changes')
    const guest = client(app)
    const vip = (await guest.get('/vip?post=long-read&page=2')).body
    assert.match(vip, /购买付费文档享 8折/)
    // two priced posts (¥9.90 + ¥5.00) open with the free-reading plan: ¥14.90 one by one, ¥4.90 saved
    assert.match(vip, /免费阅读本站 2 篇付费文档/)
    assert.match(vip, /单独购买共需 ¥14\.90，开通省 ¥4\.90/)
    assert.match(vip, /class="plan recommended" id="plan-\d+">\s*<span class="plan-flag">推荐<\/span>\s*<h2>月度会员<\/h2>/)
    assert.doesNotMatch(vip, /等级/, 'levels are named by their plans')
    assert.match(vip, /开通后回到： <a href="\/p\/long-read\?page=2">两页的讲话稿<\/a>/)
    // the guest signs up right there and comes back to the plans, with where they came from
    assert.match(vip, /<form method="post" action="\/register">/)
    assert.match(decode(vip), /name="next" value="\/vip\?post=long-read&page=2"/)
    const signedUp = await guest.form('/register', { username: 'vip_guest', password: 'secret-pass-1', password2: 'secret-pass-1', agree: '1', next: '/vip?post=long-read&page=2' })
    assert.equal(signedUp.statusCode, 303)
    assert.equal(signedUp.headers.location, '/vip?post=long-read&page=2')
    const asMember = (await guest.get('/vip?post=long-read&page=2')).body
    assert.doesNotMatch(asMember, /action="\/register"/)
    assert.match(asMember, /<input type="hidden" name="post" value="long-read"><input type="hidden" name="page" value="2">/)
    // the plan bought from the post brings the reader back to it
    const back = await payInSandbox(guest, await guest.form('/orders', { kind: 'vip', plan: String(month.id), method: 'sandbox.sandbox', post: 'long-read', page: '2' }))
    assert.match(String((await guest.get(back)).headers.location), /^\/p\/long-read\?page=2&order=\d{24}#paid$/)
    assert.match((await guest.get('/p/long-read?page=2')).body, /PAGE2PAID/)
    // and the owner's pick moves: one plan at a time
    const all = await plans.listAllPlans(TEST_ACTOR)
    const other = all.find((p) => p.id !== month.id)
    await plans.setPlanRecommended(TEST_ACTOR, other?.id ?? 0, true)
    assert.deepEqual(
      (await plans.listAllPlans(TEST_ACTOR)).filter((p) => p.recommended).map((p) => p.name),
      ['折扣会员'],
    )
  })

  test(`${dialect}: counts shown only where they help: views from the owner's threshold, real buyers from theirs`, async (t) => {
    const app = await setUp(t, dialect)
    const page = (await client(app).get('/p/short-read')).body
    assert.doesNotMatch(page, /次阅读/, 'a new post does not say 0 次阅读')
    assert.doesNotMatch(page, /人购买/)
    for (const name of ['buyer_a', 'buyer_b']) {
      const c = await registered(app, name)
      const row = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', name).executeTakeFirstOrThrow()
      await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 1000, '测试')
      assert.equal((await c.form('/orders', { kind: 'post', slug: 'short-read', method: 'balance' })).statusCode, 303)
    }
    // a staff grant is no sale
    await registered(app, 'granted_one')
    assert.deepEqual(await app.services.commerce.grants.grantPurchase(TEST_ACTOR, 'granted_one', 'short-read', '测试'), { granted: true })
    await writeSetting(app.services.handle.db, 'purchasesShownFrom', 2)
    await writeSetting(app.services.handle.db, 'viewsShownFrom', 0)
    await app.services.contentChanged()
    const shown = (await client(app).get('/p/short-read')).body
    assert.match(shown, /<p class="paywall-buyers">已有 2 人购买<\/p>/)
    assert.match(shown, /\d+ 次阅读/)
    await writeSetting(app.services.handle.db, 'purchasesShownFrom', 3)
    await app.services.contentChanged()
    assert.doesNotMatch((await client(app).get('/p/short-read')).body, /人购买/)
  })

  test(`${dialect}: the member centre on a phone: rows, not table columns; a short order number with a copy button; purchases link to the text`, async (t) => {
    const app = await setUp(t, dialect)
    const reader = await registered(app, 'centre_reader')
    const row = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'centre_reader').executeTakeFirstOrThrow()
    await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 1000, '测试')
    await reader.form('/orders', { kind: 'post', slug: 'short-read', method: 'balance' })
    const centre = (await reader.get('/user')).body
    assert.match(centre, /你好，centre_reader/)
    assert.doesNotMatch(centre, /<table/)
    const orderNo = (await app.services.handle.db.selectFrom('orders').select('order_no').executeTakeFirstOrThrow()).order_no
    assert.match(centre, new RegExp(`<code title="${orderNo}">…${orderNo.slice(-8)}</code> <button type="button" class="copy" data-copy="${orderNo}"`))
    assert.match(centre, /<a class="row-action" href="\/p\/short-read">阅读<\/a>/)
    // the header greets by name on every page, cached ones too: from a cookie the page's script reads
    assert.equal(decodeURIComponent(reader.cookies.get('ig_name') ?? ''), 'centre_reader')
    assert.match((await reader.get('/')).body, /data-hello="你好，\{name\}"/)
    await reader.form('/logout', {})
    assert.equal(reader.cookies.get('ig_name') ?? '', '', 'logging out forgets the name')
  })

  test(`${dialect}: a search that finds nothing offers somewhere to go: tips, tags and channels`, async (t) => {
    const app = await setUp(t, dialect)
    const none = (await client(app).get(`/search?q=${encodeURIComponent('完全不存在的词语')}`)).body
    assert.match(none, /没有找到与“完全不存在的词语”相关的范文/)
    assert.match(none, /试试换个说法/)
    assert.match(none, /按栏目浏览/)
  })
}
