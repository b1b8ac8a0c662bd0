import { test } from 'node:test'
import { generateKeyPairSync } from 'node:crypto'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'
import { startPaySim } from '../paysim/paysim.ts'
import { installStripeSim } from '../paysim/stripe-sim.ts'

const PAID = 'CONSOLEPAIDTEXT'
type View = { provider: string; source: string; active: boolean; fields: Array<{ name: string; set: boolean; value: string | null }> }

for (const dialect of testDialects()) {
  test(`${dialect}: the owner enters Stripe's keys in the console: checked, sealed, never shown again, used at once; a way to pay turned off is neither offered nor taken`, async (t) => {
    const sim = await startPaySim()
    t.after(() => sim.close())
    const stripe = installStripeSim(sim, { now: () => TEST_NOW.getTime(), webhookUrl: 'https://fanwen.example/pay/notify/stripe' })
    const app = await buildTestApp(t, { dialect })
    await app.listen({ port: 0, host: '127.0.0.1' })
    sim.notifyOrigin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    await seedChannels(app)
    await seedPost(app, { slug: 'essay', price: 990 as Cents, source: `<p>公开</p><p>##paidbegin##</p><p>${PAID}</p>` })
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const keys = stripe.appEnv()
    const stripeOf = (items: View[]) => items.find((i) => i.provider === 'stripe') as View

    const before = await admin.c.get('/api/admin/payments')
    assert.equal(before.statusCode, 200, before.body)
    assert.deepEqual({ source: stripeOf(before.json().items).source, active: stripeOf(before.json().items).active }, { source: 'none', active: false })
    assert.equal((await editor.c.get('/api/admin/payments')).statusCode, 403, 'money settings are the admin’s')
    assert.equal((await editor.c.json('PUT', '/api/admin/payments/stripe', { values: keys })).statusCode, 403)
    const reader = await registered(app, 'reader_one')
    const refused = await reader.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    assert.equal(refused.statusCode, 400, 'not offered before it is set')

    // checked like the environment: a missing secret and a bad key are refused at their field, nothing stored
    const missing = await admin.c.json('PUT', '/api/admin/payments/stripe', { values: { INKGATE_STRIPE_SECRET_KEY: keys.INKGATE_STRIPE_SECRET_KEY } })
    assert.equal(missing.statusCode, 422, missing.body)
    assert.ok(missing.json().error.fields.INKGATE_STRIPE_WEBHOOK_SECRET)
    const badKey = await admin.c.json('PUT', '/api/admin/payments/alipay', {
      values: { INKGATE_ALIPAY_APP_ID: '2021000000000000', INKGATE_ALIPAY_PRIVATE_KEY: '/etc/passwd', INKGATE_ALIPAY_PUBLIC_KEY: 'x' },
    })
    assert.equal(badKey.statusCode, 422)
    assert.equal(badKey.json().error.code, 'PAYMENT_FIELD_KEY', 'a path is never read from the console')
    assert.ok(badKey.json().error.fields.INKGATE_ALIPAY_PRIVATE_KEY)
    // a 31-character APIv3 key is refused at its own field (the configuration's reader decides, as for the environment)
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const wechat = await admin.c.json('PUT', '/api/admin/payments/wechat', {
      values: {
        INKGATE_WECHATPAY_MCHID: '1900000109',
        INKGATE_WECHATPAY_APPID: 'wx0000000000000001',
        INKGATE_WECHATPAY_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
        INKGATE_WECHATPAY_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        INKGATE_WECHATPAY_APIV3_KEY: 'x'.repeat(31),
        INKGATE_WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0000000001',
        INKGATE_WECHATPAY_PUBLIC_KEY: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      },
    })
    assert.equal(wechat.statusCode, 422, wechat.body)
    assert.deepEqual(Object.keys(wechat.json().error.fields), ['INKGATE_WECHATPAY_APIV3_KEY'])
    const unknown = await admin.c.json('PUT', '/api/admin/payments/stripe', { values: { ...keys, INKGATE_DATABASE_URL: 'x' } })
    assert.equal(unknown.statusCode, 422)
    assert.equal((await app.services.handle.db.selectFrom('payment_credentials').selectAll().execute()).length, 0)

    const saved = await admin.c.json('PUT', '/api/admin/payments/stripe', { values: keys })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.deepEqual({ source: stripeOf(saved.json().items).source, active: stripeOf(saved.json().items).active }, { source: 'console', active: true })
    // secrets never come back, nor are they readable from the database
    const shown = (await admin.c.get('/api/admin/payments')).body
    for (const secret of [keys.INKGATE_STRIPE_SECRET_KEY, keys.INKGATE_STRIPE_WEBHOOK_SECRET]) {
      assert.equal(shown.includes(secret as string), false)
      const row = await app.services.handle.db.selectFrom('payment_credentials').select('sealed').executeTakeFirstOrThrow()
      assert.equal(row.sealed.includes(secret as string), false)
    }
    assert.equal(stripeOf(JSON.parse(shown).items).fields.find((f) => f.name === 'INKGATE_STRIPE_API_BASE')?.value, keys.INKGATE_STRIPE_API_BASE, 'a plain field is shown')
    assert.equal(stripeOf(JSON.parse(shown).items).fields.find((f) => f.name === 'INKGATE_STRIPE_SECRET_KEY')?.set, true)

    // used at once: a reader pays with Stripe and reads; the webhook is verified with the console's secret
    const order = await reader.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    assert.equal(order.statusCode, 303, order.body.slice(0, 300))
    const attempt = await app.services.handle.db.selectFrom('payment_attempts').select(['provider_ref']).where('provider', '=', 'stripe').executeTakeFirstOrThrow()
    const paid = await stripe.pay(attempt.provider_ref as string)
    assert.equal(paid[0]?.status, 200)
    assert.match((await reader.get('/p/essay')).body, new RegExp(PAID))

    // saved again with the secrets left empty: they are kept
    const again = await admin.c.json('PUT', '/api/admin/payments/stripe', {
      values: { INKGATE_STRIPE_SECRET_KEY: '', INKGATE_STRIPE_WEBHOOK_SECRET: '', INKGATE_STRIPE_API_BASE: keys.INKGATE_STRIPE_API_BASE },
    })
    assert.equal(again.statusCode, 200, again.body)
    assert.equal(stripeOf(again.json().items).active, true)

    // turned off in the settings: not offered on the cashier, refused if asked for; balance too
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { paymentsOff: ['stripe', 'balance'] })).statusCode, 200)
    const other = await registered(app, 'reader_two')
    const off = await other.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })
    assert.equal(off.statusCode, 400)
    assert.doesNotMatch(off.body, new RegExp(PAID))
    const byBalance = await other.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })
    assert.equal(byBalance.statusCode, 400)
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { paymentsOff: ['cash'] })).statusCode, 400)
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { paymentsOff: [] })).statusCode, 200)

    // forgotten: the cashier no longer offers it
    const removed = await admin.c.json('DELETE', '/api/admin/payments/stripe', {})
    assert.equal(removed.statusCode, 200, removed.body)
    assert.deepEqual({ source: stripeOf(removed.json().items).source, active: stripeOf(removed.json().items).active }, { source: 'none', active: false })
    assert.equal((await other.form('/orders', { kind: 'post', slug: 'essay', method: 'stripe.checkout' })).statusCode, 400)

    // audited with the names of what changed, never a value
    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'payments.%').orderBy('id').execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['payments.credentials', 'payments.credentials', 'payments.credentials-remove'],
    )
    assert.deepEqual(JSON.parse(audit[0]?.detail as string).changed, ['INKGATE_STRIPE_SECRET_KEY', 'INKGATE_STRIPE_WEBHOOK_SECRET', 'INKGATE_STRIPE_API_BASE'])
    assert.deepEqual(JSON.parse(audit[1]?.detail as string).changed, [])
    for (const a of audit) assert.equal(String(a.detail).includes('sk_test_'), false)
  })

  test(`${dialect}: a provider the environment configures is shown as the server's and cannot be changed from the console`, async (t) => {
    const sim = await startPaySim()
    t.after(() => sim.close())
    const stripe = installStripeSim(sim, { now: () => TEST_NOW.getTime(), webhookUrl: 'https://fanwen.example/pay/notify/stripe' })
    const app = await buildTestApp(t, { dialect, env: stripe.appEnv() })
    const admin = await signedIn(app, 'boss', 'admin')
    const view = (await admin.c.get('/api/admin/payments')).json().items as View[]
    const s = view.find((i) => i.provider === 'stripe') as View
    assert.deepEqual({ source: s.source, active: s.active }, { source: 'env', active: true })
    assert.ok(
      s.fields.every((f) => f.value === null && f.set),
      'nothing of the environment is shown',
    )
    const put = await admin.c.json('PUT', '/api/admin/payments/stripe', { values: stripe.appEnv() })
    assert.equal(put.statusCode, 409)
    assert.equal(put.json().error.code, 'PAYMENT_CREDENTIALS_FROM_ENV')
    assert.equal((await admin.c.json('DELETE', '/api/admin/payments/stripe', {})).statusCode, 409)
  })
}
