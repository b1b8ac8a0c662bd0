import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { client, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { startTestSmtp, type ReceivedMail } from '../helpers/smtp.ts'

const linkIn = (mail: ReceivedMail | undefined) => {
  const link = /https:\/\/fanwen\.example(\/password\/reset\?token=[\w-]+)/.exec(mail?.text ?? '')?.[1]
  assert.ok(link, `a reset link in: ${mail?.text}`)
  return link
}

/** Registers through the form with an e-mail, and stays logged in. */
async function member(app: Parameters<typeof client>[0], username: string, email: string, password = 'old-pass-2026'): Promise<Client> {
  const c = client(app)
  const res = await c.form('/register', { username, email, password, password2: password, agree: '1', next: '/' })
  assert.equal(res.statusCode, 303, res.body.slice(0, 300))
  return c
}

test('without SMTP_URL no form promises a reset and the reset pages do not exist', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  const reader = client(app)
  assert.doesNotMatch((await reader.get('/login')).body, /忘记密码|password\/forgot/)
  const register = (await reader.get('/register')).body
  assert.match(register, /邮箱（选填）/)
  assert.doesNotMatch(register, /找回密码/)
  assert.equal((await reader.get('/password/forgot')).statusCode, 404)
  assert.equal((await reader.get('/password/reset?token=abc')).statusCode, 404)
})

for (const dialect of testDialects()) {
  test(`${dialect}: a member who forgot the password gets a link by mail, sets a new one through it, and every other login ends`, async (t) => {
    const smtp = await startTestSmtp(t)
    let now = new Date('2026-12-01T08:00:00.000Z')
    const app = await buildTestApp(t, { dialect, now: () => now, env: { SMTP_URL: smtp.url } })
    const mailSent = async (count: number) => {
      await app.services.runJobs()
      return smtp.waitFor(count)
    }

    const onPhone = await member(app, '王老师', 'Wang.Laoshi@Example.com')
    const reader = client(app)
    // the forms say what the e-mail is for, and the login form leads to the reset
    assert.match((await reader.get('/register')).body, /邮箱（选填，用于找回密码）/)
    const login = (await reader.get('/login')).body
    assert.match(login, /<a href="\/password\/forgot">忘记密码？<\/a>/)
    assert.equal((await reader.get('/password/forgot')).headers['cache-control'], 'private, no-store')

    // an address nobody registered gets the same answer, and no mail
    const unknown = await reader.form('/password/forgot', { email: 'nobody@example.com' })
    assert.equal(unknown.statusCode, 200)
    assert.match(unknown.body, /如果 nobody@example.com 是某个账户的邮箱，重置链接已经发过去了，30 分钟内有效/)
    const asked = await reader.form('/password/forgot', { email: ' wang.laoshi@example.COM ' })
    assert.equal(asked.statusCode, 200)
    const section = (body: string, email: string) => /<section class="block account-form">[\s\S]*?<\/section>/.exec(body)?.[0].replaceAll(email, 'X')
    assert.equal(section(asked.body, 'wang.laoshi@example.COM'), section(unknown.body, 'nobody@example.com'), 'the same page either way')

    const [mail] = await mailSent(1)
    assert.equal(smtp.received.length, 1, 'no mail for the unknown address')
    assert.deepEqual(mail?.to, ['wang.laoshi@example.com'])
    assert.match(mail?.from ?? '', /no-reply@fanwen\.example/)
    assert.match(mail?.subject ?? '', /重置你在「.+」的密码/)
    assert.match(mail?.text ?? '', /王老师，你好/)
    assert.match(mail?.text ?? '', /30 分钟内有效，只能使用一次/)
    const link = linkIn(mail)
    // the token is stored only as its hash
    const token = new URL(link, 'https://x').searchParams.get('token') as string
    const stored = await app.services.handle.db.selectFrom('password_resets').select('token_hash').execute()
    assert.equal(stored.length, 1)
    assert.notEqual(stored[0]?.token_hash, token)

    const form = await reader.get(link)
    assert.equal(form.statusCode, 200)
    assert.equal(form.headers['referrer-policy'], 'no-referrer')
    assert.match(form.body, /name="token" value="[\w-]+"/)
    // the new password meets the rules, as at sign-up
    assert.equal((await reader.form('/password/reset', { token, password: 'new-pass-2026', password2: 'other-pass-2026' })).statusCode, 422)
    const common = await reader.form('/password/reset', { token, password: 'password123', password2: 'password123' })
    assert.equal(common.statusCode, 422)
    assert.match(common.body, /这个密码太常见/)
    assert.match(common.body, /name="token"/, 'the form stays, the link still good')

    const done = await reader.form('/password/reset', { token, password: 'new-pass-2026', password2: 'new-pass-2026' })
    assert.equal(done.statusCode, 200)
    assert.match(done.body, /新密码已生效，你已登录/)
    assert.match((await reader.get('/user')).body, /王老师/)
    // the phone's login has ended; the old password no longer works, the new one does
    assert.equal((await onPhone.get('/user')).statusCode, 303)
    assert.equal((await client(app).form('/login', { login: '王老师', password: 'old-pass-2026', next: '/' })).statusCode, 401)
    assert.equal((await client(app).form('/login', { login: 'wang.laoshi@example.com', password: 'new-pass-2026', next: '/' })).statusCode, 303)

    // a link works once
    const again = await client(app).get(link)
    assert.equal(again.statusCode, 410)
    assert.match(again.body, /这个链接已失效/)
    assert.equal((await client(app).form('/password/reset', { token, password: 'third-pass-2026', password2: 'third-pass-2026' })).statusCode, 410)
    assert.equal((await client(app).form('/password/reset', { token: 'not-a-token', password: 'third-pass-2026', password2: 'third-pass-2026' })).statusCode, 410)

    // and for 30 minutes
    await reader.form('/password/forgot', { email: 'wang.laoshi@example.com' })
    const late = linkIn((await mailSent(2))[1])
    now = new Date(now.getTime() + 31 * 60_000)
    assert.equal((await client(app).get(late)).statusCode, 410)
  })

  test(`${dialect}: reset mails are limited per e-mail address and per client address, registered or not`, async (t) => {
    const smtp = await startTestSmtp(t)
    const app = await buildTestApp(t, { dialect, env: { SMTP_URL: smtp.url } })
    await member(app, '李会计', 'li@example.com')
    const reader = client(app)
    for (let i = 0; i < 3; i++) assert.equal((await reader.form('/password/forgot', { email: 'li@example.com' })).statusCode, 200)
    const fourth = await reader.form('/password/forgot', { email: 'li@example.com' })
    assert.equal(fourth.statusCode, 429)
    assert.match(fourth.body, /找回密码的请求过多，请 \d+ 分钟后再试/)
    assert.ok(Number(fourth.headers['retry-after']) > 0)
    // an unregistered address counts the same, so the limit tells nothing
    for (let i = 0; i < 3; i++) await reader.form('/password/forgot', { email: 'ghost@example.com' })
    assert.equal((await reader.form('/password/forgot', { email: 'ghost@example.com' })).statusCode, 429)
    // one address asking for many e-mails is stopped too
    const sweeper = client(app)
    const answers: number[] = []
    for (let i = 0; i < 11; i++) answers.push((await sweeper.form('/password/forgot', { email: `guess${i}@example.com` })).statusCode)
    assert.deepEqual(answers, [...Array<number>(10).fill(200), 429])
    await app.services.runJobs()
    await smtp.waitFor(3)
    assert.equal(smtp.received.length, 3, 'only the registered address got mail')
    // a malformed address is a clear 4xx, not a silent success
    assert.equal((await client(app).form('/password/forgot', { email: 'not an address' })).statusCode, 422)
  })
}
