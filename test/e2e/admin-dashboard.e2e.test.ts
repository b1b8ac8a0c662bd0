import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const DAY = 86_400_000
/** TEST_NOW is 16:00 on 2026-11-27 in China: "today" began at 16:00 UTC the day before */
const ago = (days: number, hours = 0) => new Date(TEST_NOW.getTime() - days * DAY - hours * 3_600_000).toISOString()

let serial = 0
/** An order as the order service would have left it, paid (or not) through `provider`. */
async function order(
  app: App,
  o: {
    kind?: 'post' | 'topup'
    postId?: number
    memberId: number
    amount: number
    at: string
    provider?: string
    state?: 'created' | 'paid' | 'closed'
    refunded?: number
    flag?: string
    title?: string
  },
): Promise<string> {
  const db = app.services.handle.db
  const no = String(++serial).padStart(24, '9')
  const paid = o.provider !== undefined
  const row = await db
    .insertInto('orders')
    .values({
      order_no: no,
      kind: o.kind ?? 'post',
      member_id: o.memberId,
      guest_key: null,
      post_id: o.postId ?? null,
      plan_id: null,
      title: o.title ?? '订单',
      amount: o.amount,
      state: o.state ?? (paid ? 'paid' : 'created'),
      paid_attempt_id: null,
      refunded_amount: o.refunded ?? 0,
      flag: o.flag ?? null,
      created_at: o.at,
      expires_at: o.at,
      paid_at: paid ? o.at : null,
      closed_at: null,
      updated_at: o.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (!paid) return no
  const attempt = await db
    .insertInto('payment_attempts')
    .values({
      order_id: row.id,
      provider: o.provider as string,
      method: 'native',
      out_trade_no: `${no}01`,
      amount: o.amount,
      currency: 'CNY',
      state: 'succeeded',
      provider_txn_id: null,
      action: null,
      created_at: o.at,
      updated_at: o.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.updateTable('orders').set({ paid_attempt_id: attempt.id }).where('id', '=', row.id).execute()
  // each its own buyer's (one running purchase per buyer and post)
  if (o.postId !== undefined)
    await db
      .insertInto('purchases')
      .values({ post_id: o.postId, member_id: null, guest_key: `guest-${serial}`, order_id: row.id, granted_by: null, created_at: o.at, revoked_at: null, revoked_reason: null })
      .execute()
  return no
}

for (const dialect of testDialects()) {
  test(`${dialect}: the dashboard's figures are those of the orders, members and views behind them`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const db = app.services.handle.db
    for (const [name, daysAgo] of [
      ['five_days', 5],
      ['twenty_days', 20],
      ['forty_days', 40],
    ] as const) {
      const m = await app.services.members.register({ username: name, password: `${name}-pass-1` })
      await db
        .updateTable('members')
        .set({ created_at: ago(daysAgo) })
        .where('id', '=', m.id)
        .execute()
    }
    await seedPost(app, { slug: 'post-a', title: '甲', price: 990 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    await seedPost(app, { slug: 'post-b', title: '乙', price: 500 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    const id = async (slug: string) => (await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id
    const [a, b] = [await id('post-a'), await id('post-b')]
    await db
      .insertInto('post_views')
      .values([
        { post_id: a, views: 40 },
        { post_id: b, views: 100 },
      ])
      .execute()
    const buyer = admin.id
    await order(app, { postId: a, memberId: buyer, amount: 990, at: ago(0, 1), provider: 'wechat' })
    await order(app, { postId: a, memberId: buyer, amount: 990, at: ago(1), provider: 'alipay', refunded: 300, flag: 'paid_late' })
    await order(app, { postId: b, memberId: buyer, amount: 500, at: ago(3), provider: 'stripe' })
    await order(app, { kind: 'topup', memberId: buyer, amount: 2000, at: ago(10), provider: 'wechat' })
    // paid from the balance: its money was counted when the balance was topped up
    await order(app, { postId: b, memberId: buyer, amount: 500, at: ago(0, 2), provider: 'balance' })
    await order(app, { postId: a, memberId: buyer, amount: 990, at: ago(0, 3) })
    // before the 30 days
    await order(app, { postId: a, memberId: buyer, amount: 1000, at: ago(35), provider: 'wechat' })
    await order(app, { postId: a, memberId: buyer, amount: 990, at: ago(40), state: 'closed' })

    const res = await admin.c.get('/api/admin/dashboard')
    assert.equal(res.statusCode, 200, res.body)
    const d = res.json()
    assert.deepEqual(d.revenue, { today: 990, yesterday: 690, last7: 2180, last30: 4180 })
    assert.equal(d.daily.length, 30)
    assert.deepEqual(d.daily.at(-1), { day: '2026-11-27', byProvider: { wechat: 990 }, total: 990 })
    assert.deepEqual(d.daily.at(-2), { day: '2026-11-26', byProvider: { alipay: 690 }, total: 690 })
    assert.equal(
      d.daily.reduce((n: number, day: { total: number }) => n + day.total, 0),
      4180,
    )
    // the 35-day-old paid order counts in the purchases it made, not in the 30 days
    assert.deepEqual(d.ordersByState, { created: 1, paid: 5, closed: 0, refunded: 0 })
    // the admin and the editor joined today
    assert.deepEqual(d.newMembers, { today: 2, last7: 3, last30: 4 })
    assert.deepEqual(d.topSelling, [
      { slug: 'post-a', title: '甲', purchases: 3, revenue: 990 + 690 + 1000, views: 40, conversion: 3 / 40 },
      { slug: 'post-b', title: '乙', purchases: 2, revenue: 1000, views: 100, conversion: 0.02 },
    ])
    assert.deepEqual(d.mostRead, [
      { slug: 'post-b', title: '乙', views: 100 },
      { slug: 'post-a', title: '甲', views: 40 },
    ])
    assert.equal(d.flaggedOrders, 1)
    // money is the admin's
    assert.equal((await editor.c.get('/api/admin/dashboard')).statusCode, 403)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: orders are found by state, kind, provider, time, member, post and flag, and exported as CSV for a spreadsheet`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const other = await signedIn(app, 'other_buyer', 'member')
    const editor = await signedIn(app, 'bianji', 'editor')
    await seedPost(app, { slug: 'post-a', title: '甲', price: 990 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    const a = (await app.services.handle.db.selectFrom('posts').select('id').where('slug', '=', 'post-a').executeTakeFirstOrThrow()).id
    const made = [
      await order(app, { postId: a, memberId: admin.id, amount: 990, at: ago(0, 1), provider: 'wechat', title: '=HYPERLINK("x") 甲' }),
      await order(app, { postId: a, memberId: other.id, amount: 990, at: ago(2), provider: 'alipay', flag: 'paid_late' }),
      await order(app, { kind: 'topup', memberId: other.id, amount: 2000, at: ago(5), provider: 'wechat' }),
      await order(app, { postId: a, memberId: other.id, amount: 990, at: ago(6) }),
    ]
    /** which of the four (1..4) a search finds, newest first */
    const nos = async (query: string) => ((await admin.c.get(`/api/admin/orders${query}`)).json().items as Array<{ orderNo: string }>).map((o) => String(made.indexOf(o.orderNo) + 1))
    const all = (await admin.c.get('/api/admin/orders')).json()
    assert.equal(all.total, 4)
    assert.deepEqual(
      all.items.map((o: { provider: string | null }) => o.provider),
      [null, 'wechat', 'alipay', 'wechat'],
    )
    assert.deepEqual(await nos('?state=paid&kind=post'), ['2', '1'])
    assert.deepEqual(await nos('?provider=wechat'), ['3', '1'])
    assert.deepEqual(await nos('?member=other_buyer'), ['4', '3', '2'])
    assert.deepEqual(await nos(`?member=${admin.id}`), ['1'])
    assert.deepEqual(await nos('?post=post-a&state=created'), ['4'])
    assert.deepEqual(await nos('?flagged=true'), ['2'])
    assert.deepEqual(await nos(`?from=${encodeURIComponent(ago(3))}`), ['2', '1'])
    assert.deepEqual(await nos('?member=nobody'), [], 'an unknown member matches nothing')
    assert.equal((await admin.c.get('/api/admin/orders?page=2&pageSize=3')).json().items.length, 1)

    const csv = await admin.c.get('/api/admin/orders.csv?kind=post')
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv/)
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="orders-/)
    assert.ok(csv.body.startsWith('\uFEFF订单号,'), 'a BOM, so Excel reads the Chinese')
    const lines = csv.body.trim().split('\n')
    assert.equal(lines.length, 4, 'a header and three post orders')
    assert.match(csv.body, /'=HYPERLINK/, 'a formula is never a formula in a spreadsheet')
    assert.equal((await editor.c.get('/api/admin/orders.csv')).statusCode, 403)
    const exported = await app.services.handle.db.selectFrom('audit_log').select('detail').where('action', '=', 'order.export').execute()
    assert.equal(exported.length, 1)
    assert.equal(JSON.parse(exported[0]?.detail as string).rows, 3)
  })
}
