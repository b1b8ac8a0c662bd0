import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, loadConfig } from './load-config.ts'

test('no variables give the embedded mode on port 3000', () => {
  const config = loadConfig({})
  assert.equal(config.http.port, 3000)
  assert.equal(config.database.kind, 'sqlite')
  assert.equal(config.siteUrl, 'http://localhost:3000')
  assert.ok(Object.isFrozen(config.http))
})

test('DATABASE_URL switches to PostgreSQL', () => {
  assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://localhost/test' }).database, { kind: 'postgres', url: 'postgres://localhost/test' })
})

test('every bad variable is reported together', () => {
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', INKGATE_SEED_DEMOO: '1', INKGATE_SEED_DEMO: 'maybe' })
    assert.fail('expected a ConfigError')
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    assert.equal(error.problems.length, 4)
    assert.match(error.message, /PORT: must be a whole number/)
    assert.match(error.message, /DATABASE_URL: must be a URL starting with postgres/)
    assert.match(error.message, /INKGATE_SEED_DEMOO: unknown setting/)
    assert.match(error.message, /INKGATE_SEED_DEMO: must be true or false/)
  }
})

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    return error.problems
  }
}

test('production needs a cookie secret and refuses the payment sandbox', () => {
  const problems = problemsOf({ NODE_ENV: 'production', INKGATE_PAY_SANDBOX: 'true' })
  assert.ok(problems.some((p) => p.startsWith('INKGATE_COOKIE_SECRET: required in production')))
  assert.ok(problems.some((p) => p.startsWith('INKGATE_PAY_SANDBOX: the payment sandbox cannot run in production')))
  const ok = loadConfig({ NODE_ENV: 'production', INKGATE_COOKIE_SECRET: 'x'.repeat(40) })
  assert.equal(ok.paySandbox, false)
  assert.equal(loadConfig({}).paySandbox, true, 'on in development')
  assert.ok(problemsOf({ INKGATE_COOKIE_SECRET: 'short' }).some((p) => p.startsWith('INKGATE_COOKIE_SECRET: must be at least 32')))
  assert.ok(problemsOf({ INKGATE_TEST_PAUSE: 'reply:100' }).some((p) => p.startsWith('INKGATE_TEST_PAUSE: only for NODE_ENV=test')))
})

test('a payment provider is on when its variables are set; each missing or bad one is reported', () => {
  assert.equal(loadConfig({}).payments.wechat, undefined)
  const partial = problemsOf({ INKGATE_WECHATPAY_MCHID: '1900000109', INKGATE_WECHATPAY_APIV3_KEY: 'short', INKGATE_ALIPAY_APP_ID: '2021', INKGATE_ALIPAY_PRIVATE_KEY: 'not a key' })
  for (const name of ['INKGATE_WECHATPAY_APPID', 'INKGATE_WECHATPAY_SERIAL_NO', 'INKGATE_WECHATPAY_PRIVATE_KEY', 'INKGATE_ALIPAY_PUBLIC_KEY'])
    assert.ok(
      partial.some((p) => p.startsWith(`${name}: required`)),
      name,
    )
  assert.ok(partial.some((p) => p.startsWith('INKGATE_WECHATPAY_APIV3_KEY: must be exactly 32')))
  assert.ok(partial.some((p) => p.startsWith('INKGATE_ALIPAY_PRIVATE_KEY: not a readable private key')))
  assert.ok(partial.some((p) => p.includes('WeChat Pay needs a platform key')))
})

test("production refuses a payment host that is not the provider's own unless allowed", () => {
  const stripe = {
    NODE_ENV: 'production',
    INKGATE_COOKIE_SECRET: 'x'.repeat(40),
    INKGATE_STRIPE_SECRET_KEY: 'sk_live_x',
    INKGATE_STRIPE_WEBHOOK_SECRET: 'whsec_x',
    INKGATE_STRIPE_API_BASE: 'http://127.0.0.1:9999',
  }
  assert.ok(problemsOf(stripe).some((p) => p.startsWith('INKGATE_STRIPE_API_BASE: http://127.0.0.1:9999 is not the provider')))
  assert.equal(loadConfig({ ...stripe, INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS: 'true' }).payments.stripe?.apiBase, 'http://127.0.0.1:9999')
  assert.equal(loadConfig({ ...stripe, INKGATE_STRIPE_API_BASE: 'https://api.stripe.com' }).payments.stripe?.apiBase, 'https://api.stripe.com')
  assert.equal(loadConfig({ ...stripe, NODE_ENV: 'development' }).payments.stripe?.apiBase, 'http://127.0.0.1:9999', 'development may use a simulator')
})

test('INKGATE_TRUST_PROXY: off by default, the nearest proxy, or a list of proxy addresses and ranges', () => {
  assert.equal(loadConfig({}).trustProxy, false)
  assert.equal(loadConfig({ INKGATE_TRUST_PROXY: 'true' }).trustProxy, 1)
  assert.equal(loadConfig({ INKGATE_TRUST_PROXY: '1' }).trustProxy, 1)
  assert.equal(loadConfig({ INKGATE_TRUST_PROXY: 'off' }).trustProxy, false)
  assert.deepEqual(loadConfig({ INKGATE_TRUST_PROXY: '10.0.0.1, 172.16.0.0/12, ::1, loopback' }).trustProxy, ['10.0.0.1', '172.16.0.0/12', '::1', 'loopback'])
  for (const bad of ['nginx', '10.0.0.1/33', '300.1.1.1', '10.0.0.0/8/1', 'yes please'])
    assert.match(problemsOf({ INKGATE_TRUST_PROXY: bad }).join(), /INKGATE_TRUST_PROXY: must be off, 1 or true/, bad)
})

test('the payment sandbox is on only outside production while no real provider is configured', () => {
  assert.equal(loadConfig({}).paySandbox, true)
  assert.equal(loadConfig({ INKGATE_PAY_SANDBOX: 'false' }).paySandbox, false)
  assert.equal(loadConfig({ NODE_ENV: 'production', INKGATE_COOKIE_SECRET: 'x'.repeat(32) }).paySandbox, false)
  const stripe = { INKGATE_STRIPE_SECRET_KEY: 'sk_test_123', INKGATE_STRIPE_WEBHOOK_SECRET: 'whsec_123' }
  assert.equal(loadConfig(stripe).paySandbox, false, 'a real provider turns it off')
  assert.match(problemsOf({ ...stripe, INKGATE_PAY_SANDBOX: 'true' }).join(), /INKGATE_PAY_SANDBOX: the payment sandbox cannot run beside a real payment provider \(Stripe configured\)/)
  assert.equal(loadConfig({ ...stripe, INKGATE_PAY_SANDBOX: 'true', NODE_ENV: 'test' }).paySandbox, true, 'tests may put it beside their simulators')
})

test('a command-line run checks only the configuration it uses: an import in production needs no cookie secret', () => {
  const production = { NODE_ENV: 'production', PORT: 'eighty' }
  assert.match(problemsOf(production).join('\n'), /INKGATE_COOKIE_SECRET: required in production[\s\S]*|PORT: must be/)
  assert.equal(problemsOf(production).length, 2, 'the server: both problems at once')
  assert.equal(loadConfig(production, 'database').env, 'production')
  // what an import does use is still checked, every problem at once; a typo is still a typo
  try {
    loadConfig({ ...production, DATABASE_URL: 'mysql://x', INKGATE_LOG_LEVEL: 'loud', INKGATE_DATA_DIRR: './d' }, 'database')
    assert.fail('expected a ConfigError')
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    assert.deepEqual(
      error.problems.map((p) => p.split(':')[0]),
      ['DATABASE_URL', 'INKGATE_LOG_LEVEL', 'INKGATE_DATA_DIRR'],
    )
  }
  // refunds reach the providers: the commerce commands check their settings
  assert.match(String(problemsOf({ NODE_ENV: 'production', INKGATE_STRIPE_SECRET_KEY: 'sk_live_1' }).join()), /INKGATE_STRIPE_WEBHOOK_SECRET: required/)
  assert.throws(() => loadConfig({ NODE_ENV: 'production', INKGATE_STRIPE_SECRET_KEY: 'sk_live_1' }, 'commerce'), /INKGATE_STRIPE_WEBHOOK_SECRET/)
  assert.equal(loadConfig({ NODE_ENV: 'production', INKGATE_STRIPE_SECRET_KEY: 'sk_live_1' }, 'database').payments.stripe, undefined)
})

test('SMTP_URL turns mail on; a bad URL, a bad sender or a sender without SMTP_URL is reported', () => {
  assert.equal(loadConfig({}).mail, undefined)
  assert.deepEqual(loadConfig({ SMTP_URL: 'smtps://u:p@smtp.example.com', INKGATE_MAIL_FROM: '范文网 <no-reply@fanwen.example>' }).mail, {
    smtpUrl: 'smtps://u:p@smtp.example.com',
    from: '范文网 <no-reply@fanwen.example>',
  })
  assert.deepEqual(problemsOf({ SMTP_URL: 'http://mailer:s3cret-pass@smtp.example.com', INKGATE_MAIL_FROM: 'no-reply' }), [
    "SMTP_URL: must be a URL such as smtps://user:password@smtp.example.com (port 465) or smtp://user:password@smtp.example.com:587 (got 'http://mailer:***@smtp.example.com/')",
    "INKGATE_MAIL_FROM: must be an e-mail address, alone or as Name <address@example.com> (got 'no-reply')",
  ])
  // a secret's value is never printed, whatever is wrong with it
  assert.match(problemsOf({ INKGATE_COOKIE_SECRET: 'short-secret' }).join(), /INKGATE_COOKIE_SECRET: .*\(got '\(hidden\)'\)/)
  assert.deepEqual(problemsOf({ INKGATE_MAIL_FROM: 'no-reply@fanwen.example' }), ['INKGATE_MAIL_FROM: set SMTP_URL too (no mail goes out without it)'])
})
