import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Secret, TOTP } from 'otpauth'
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { startTestSmtp } from '../helpers/smtp.ts'
import { signedIn } from '../helpers/staff.ts'

/** the code an authenticator app shows `seconds` after the tests' clock */
const codeAt = (secret: string, seconds = 0) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: TEST_NOW.getTime() + seconds * 1000 })

for (const dialect of testDialects()) {
  test(`${dialect}: a staff member turns on two-step sign-in; the console and the site's login then want a code, each code works once, recovery codes once each, an admin can turn it off for them`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')

    // none of it for a visitor or a reader
    const reader = await signedIn(app, 'duzhe', 'member')
    for (const [url, body] of [
      ['/api/admin/me/two-factor/setup', {}],
      ['/api/admin/me/two-factor', { code: '123456' }],
      ['/api/admin/me/two-factor/disable', { code: '123456' }],
      ['/api/admin/me/two-factor/recovery-codes', { code: '123456' }],
      [`/api/admin/members/${editor.id}/two-factor/reset`, { reason: '试试' }],
    ] as const) {
      assert.equal((await client(app).json('POST', url, body)).statusCode, 401, url)
      assert.equal((await reader.c.json('POST', url, body)).statusCode, 403, url)
    }
    assert.equal((await reader.c.get('/api/admin/me/two-factor')).statusCode, 403)

    assert.deepEqual((await editor.c.get('/api/admin/me/two-factor')).json(), { enabled: false, recoveryCodesLeft: 0 })
    assert.equal((await editor.c.json('POST', '/api/admin/me/two-factor', { code: '123456' })).json().error.code, 'MEMBER_TOTP_NOT_STARTED')
    const setup = await editor.c.json('POST', '/api/admin/me/two-factor/setup', {})
    assert.equal(setup.statusCode, 200, setup.body)
    assert.equal(setup.headers['cache-control'], 'private, no-store', 'the seed is kept by no cache')
    const { secret, uri } = setup.json() as { secret: string; uri: string }
    assert.match(uri, /^otpauth:\/\/totp\/.*bianji\?.*secret=/)
    // the seed is stored sealed, never as the app's text
    const stored = await app.services.handle.db.selectFrom('member_totp').select('secret_sealed').where('member_id', '=', editor.id).executeTakeFirstOrThrow()
    assert.ok(!stored.secret_sealed.includes(secret))
    // not on until a right code comes from the app
    const wrong = await editor.c.json('POST', '/api/admin/me/two-factor', { code: codeAt(secret, 300) })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.json().error.message, /验证码不对/)
    const on = await editor.c.json('POST', '/api/admin/me/two-factor', { code: codeAt(secret) })
    assert.equal(on.statusCode, 200, on.body)
    const recovery = on.json().recoveryCodes as string[]
    assert.equal(recovery.length, 10)
    assert.equal(new Set(recovery).size, 10)
    assert.deepEqual((await editor.c.get('/api/admin/me/two-factor')).json(), { enabled: true, recoveryCodesLeft: 10 })
    assert.equal((await admin.c.get(`/api/admin/members/${editor.id}`)).json().member.twoFactor, true)

    // the console: the password alone asks for a code; a wrong password says nothing of two-step sign-in
    const browser = client(app)
    const signIn = (body: object) => browser.json('POST', '/api/admin/session', body)
    const badPassword = await signIn({ login: 'bianji', password: 'wrong-pass-1' })
    assert.equal(badPassword.json().error.code, 'MEMBER_LOGIN_FAILED')
    const asks = await signIn({ login: 'bianji', password: 'bianji-pass-1' })
    assert.equal(asks.statusCode, 401)
    assert.equal(asks.json().error.code, 'MEMBER_TOTP_REQUIRED')
    assert.equal((await browser.get('/api/admin/me')).statusCode, 401, 'no session from the password alone')
    assert.equal((await signIn({ login: 'bianji', password: 'bianji-pass-1', code: '000000' })).json().error.code, 'MEMBER_TOTP_WRONG')
    assert.equal((await signIn({ login: 'bianji', password: 'bianji-pass-1', code: codeAt(secret) })).json().error.code, 'MEMBER_TOTP_WRONG', 'the code that turned it on was spent')
    const inside = await signIn({ login: 'bianji', password: 'bianji-pass-1', code: codeAt(secret, 30) })
    assert.equal(inside.statusCode, 200, inside.body)
    assert.equal((await browser.get('/api/admin/me')).statusCode, 200)

    // the site's login: the same account, the same second step (the code field appears; a recovery code works once)
    const site = client(app)
    const first = await site.form('/login', { login: 'bianji', password: 'bianji-pass-1' })
    assert.equal(first.statusCode, 401)
    assert.match(first.body, /name="code"/)
    assert.match(first.body, /开启了两步验证/)
    assert.equal((await site.get('/user')).statusCode, 303, 'not signed in')
    const typed = ` ${recovery[0]!.toUpperCase().replace('-', ' ')} `
    assert.equal((await site.form('/login', { login: 'bianji', password: 'bianji-pass-1', code: typed })).statusCode, 303, 'a recovery code, typed loosely')
    // (from the same browser: other clients come from other addresses, strangers to the account, whose few failures lock it for strangers)
    assert.notEqual((await site.form('/login', { login: 'bianji', password: 'bianji-pass-1', code: recovery[0]! })).statusCode, 303, 'once')
    assert.equal((await editor.c.get('/api/admin/me/two-factor')).json().recoveryCodesLeft, 9)

    // new recovery codes replace the old; turning it off needs a code
    const renewed = await editor.c.json('POST', '/api/admin/me/two-factor/recovery-codes', { code: recovery[2]! })
    assert.equal(renewed.statusCode, 200, renewed.body)
    assert.notEqual((await site.form('/login', { login: 'bianji', password: 'bianji-pass-1', code: recovery[1]! })).statusCode, 303, 'old codes are gone')
    assert.equal((await editor.c.json('POST', '/api/admin/me/two-factor/disable', { code: '111111' })).statusCode, 401)

    // an admin turns it off for a member who lost the phone: with a reason, never their own, audited
    assert.equal((await editor.c.json('POST', `/api/admin/members/${admin.id}/two-factor/reset`, { reason: '手机丢了' })).statusCode, 403, 'editors cannot')
    assert.equal((await admin.c.json('POST', `/api/admin/members/${editor.id}/two-factor/reset`, { reason: '' })).statusCode, 400)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${admin.id}/two-factor/reset`, { reason: '自己' })).statusCode, 409)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${editor.id}/two-factor/reset`, { reason: '手机丢了' })).statusCode, 200)
    assert.equal((await site.form('/login', { login: 'bianji', password: 'bianji-pass-1' })).statusCode, 303)
    const audit = (await admin.c.get(`/api/admin/audit?target=member:${editor.id}`)).json()
    assert.deepEqual(
      audit.items.map((i: { action: string }) => i.action).filter((a: string) => a.startsWith('member.totp')),
      ['member.totp-disable', 'member.totp-recovery-codes', 'member.totp-enable'],
    )
    assert.equal(audit.items[0].detail.reason, '手机丢了')
    assert.ok(!JSON.stringify(audit).includes(secret), 'no secret in the audit log')
  })
}

test('wrong codes are throttled like wrong passwords: after the limit even the right code waits', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  const admin = await signedIn(app, 'boss', 'admin')
  const { secret } = (await admin.c.json('POST', '/api/admin/me/two-factor/setup', {})).json() as { secret: string }
  assert.equal((await admin.c.json('POST', '/api/admin/me/two-factor', { code: codeAt(secret) })).statusCode, 200)
  const browser = client(app)
  const signIn = (code: string) => browser.json('POST', '/api/admin/session', { login: 'boss', password: 'boss-pass-1', code })
  let last = 0
  for (let i = 0; i < 12 && last !== 429; i++) last = (await signIn(String(100000 + i))).statusCode
  assert.equal(last, 429)
  assert.equal((await signIn(codeAt(secret, 30))).statusCode, 429)
})

test('a password reset by mail does not sign in an account with two-step sign-in', async (t) => {
  const smtp = await startTestSmtp(t)
  const app = await buildTestApp(t, { dialect: 'sqlite', env: { SMTP_URL: smtp.url } })
  await app.services.members.register({ username: 'zhubian', email: 'zhubian@example.com', password: 'zhubian-pass-1', role: 'editor' })
  const editor = client(app)
  assert.equal((await editor.form('/login', { login: 'zhubian', password: 'zhubian-pass-1' })).statusCode, 303)
  const { secret } = (await editor.json('POST', '/api/admin/me/two-factor/setup', {})).json() as { secret: string }
  assert.equal((await editor.json('POST', '/api/admin/me/two-factor', { code: codeAt(secret) })).statusCode, 200)

  const someone = client(app)
  assert.equal((await someone.form('/password/forgot', { email: 'zhubian@example.com' })).statusCode, 200)
  await app.services.runJobs()
  const [mail] = await smtp.waitFor(1)
  const link = /https?:\/\/[^/\s]+(\/password\/reset\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1]
  assert.ok(link, mail?.text)
  const token = new URL(link, 'http://x').searchParams.get('token') ?? ''
  await someone.get(link)
  const done = await someone.form('/password/reset', { token, password: 'fresh-pass-2026', password2: 'fresh-pass-2026' })
  assert.equal(done.statusCode, 200, done.body.slice(0, 500))
  assert.match(done.body, /请用新密码和验证码登录/)
  assert.equal((await someone.get('/user')).statusCode, 303, 'not signed in by the mailbox alone')
  assert.equal((await someone.json('POST', '/api/admin/session', { login: 'zhubian', password: 'fresh-pass-2026' })).json().error.code, 'MEMBER_TOTP_REQUIRED')
})
