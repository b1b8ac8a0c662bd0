import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { startPaySim } from '../paysim/paysim.ts'
import { installStripeSim, type StripeTamper } from '../paysim/stripe-sim.ts'

const PAID = 'STRIPEPAIDTEXT'

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres') {
  let clock = TEST_NOW.getTime()
  const sim = await startPaySim()
  t?.after(() => sim.close())
  const stripe = installStripeSim(sim, { now: () => clock, webhookUrl: 'https://fanwen.example/pay/notify/stripe' })
  const app = await buildTestApp(t, { dialect, now: () => new Date(clock), env: stripe.appEnv() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  sim.notifyOrigin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  await seedChannels(app)
  await seedPost(app, { slug: 'essay', price: 990 as Cents, source: `<p>公开</p><p>##paidbegin##</p><p>${PAID}-essay</p>` })
  await app.services.members.register({ username: 'boss', password: 'admin-pass-1', role: 'admin' })
  const admin = client(app)
  await admin.form('/login', { login: 'boss', password: 'admin-pass-1' })
  return { app, stripe, admin, advance: (ms: number) => (clock += ms) }
}
const reads = async (c: Client, slug: string) => (await c.get(`/p/${slug}`)).body.includes(`${PAID}-${slug}`)
const sessionOf = async (app: App) =>
  await app.services.handle.db.selectFrom('payment_attempts').select(['provider_ref', 'out_trade_no']).where('provider', '=', 'stripe').orderBy('id', 'desc').executeTakeFirstOrThrow()

for (const dialect of testDialects()) {
  test(`${dialect}: Stripe Checkout: redirect, webhook verified over the raw body, one fulfilment, refund`, async (t) => {
    const { app, stripe, admin } = await setUp(t, dialect)
    const m = await registered(app, 'stripe_reader')
    const res = await m.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    assert.equal(res.statusCode, 303)
    const attempt = await sessionOf(app)
    assert.ok(attempt.provider_ref?.startsWith('cs_test_'))
    assert.equal(String(res.headers.location), stripe.session(attempt.provider_ref as string)?.url)
    assert.deepEqual(stripe.idempotencyKeys, [`checkout-${attempt.out_trade_no}`])
    assert.equal(stripe.session(attempt.provider_ref as string)?.amount_total, 990)

    for (const tamper of ['signature', 'timestamp'] as StripeTamper[]) {
      const [r] = await stripe.pay(attempt.provider_ref as string, { tamper })
      assert.equal(r?.status, 400, tamper)
    }
    assert.equal(await reads(m, 'essay'), false)
    const ok = await stripe.pay(attempt.provider_ref as string, { copies: 4, concurrent: true })
    assert.deepEqual(
      ok.map((r) => r.status),
      [200, 200, 200, 200],
    )
    assert.equal((await app.services.handle.db.selectFrom('purchases').select('id').execute()).length, 1)
    assert.equal(await reads(m, 'essay'), true)

    const r = await admin.json('POST', `/api/admin/orders/${attempt.out_trade_no.slice(0, 24)}/refund`, { reason: 'requested by the reader' })
    assert.equal(r.json().order.state, 'refunded')
    assert.equal(await reads(m, 'essay'), false)
    assert.equal(stripe.refunds.length, 1)
    assert.equal(stripe.refunds[0]?.amount, 990)
  })

  test(`${dialect}: Stripe: a wrong amount is flagged; an unpaid session expires with the order`, async (t) => {
    const { app, stripe, advance } = await setUp(t, dialect)
    const m = await registered(app, 'stripe_flag')
    await m.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    const a = await sessionOf(app)
    assert.equal((await stripe.pay(a.provider_ref as string, { tamper: 'amount' }))[0]?.status, 200)
    assert.equal(await reads(m, 'essay'), false)
    assert.equal((await app.services.handle.db.selectFrom('orders').select('flag').executeTakeFirstOrThrow()).flag, 'amount_mismatch')

    const other = await registered(app, 'stripe_expire')
    await other.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    const b = await sessionOf(app)
    advance(31 * 60_000)
    await app.services.runJobs()
    assert.equal(stripe.session(b.provider_ref as string)?.status, 'expired')
  })
}
