import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { TEST_ACTOR } from '../helpers/seed.ts'

/** Sessions and throttling in the database, and in Redis when TEST_REDIS_URL is set (CI sets it). */
const variants = testDialects().flatMap((dialect) => [
  { dialect, name: dialect, env: {} as Record<string, string> },
  ...(process.env.TEST_REDIS_URL ? [{ dialect, name: `${dialect}+redis`, env: { REDIS_URL: process.env.TEST_REDIS_URL } }] : []),
])
const withPrefix = (env: Record<string, string>) => (env.REDIS_URL ? { ...env, INKGATE_REDIS_PREFIX: `test:${process.pid}:${Math.random().toString(36).slice(2)}:` } : env)

for (const { dialect, name, env: baseEnv } of variants) {
  const env = () => withPrefix(baseEnv)
  test(`${name}: register, log out, log in, change the password`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })

    const form = await client(app).get('/register')
    assert.equal(form.statusCode, 200)
    assert.equal(form.headers['cache-control'], 'private, no-store')
    assert.match(form.body, /name="robots" content="noindex"/)
    // every rule is explained on the form, in Chinese
    assert.match(form.body, /2–20 个字，可用汉字、字母、数字和下划线/)
    assert.match(form.body, /8–64 个字符，包含字母、数字、符号中的至少两种/)

    const alice = await registered(app, '张小明')
    const sid = alice.cookies.get('ig_sid')
    assert.ok(sid && sid.length >= 40)
    // the session lives where the configuration says: Redis when REDIS_URL is set, else the database
    const rows = await app.services.handle.db.selectFrom('sessions').select('id').execute()
    assert.equal(rows.length, baseEnv.REDIS_URL ? 0 : 1)
    const centre = await alice.get('/user')
    assert.equal(centre.statusCode, 200)
    assert.match(centre.body, /张小明/)
    assert.match(centre.body, /还没有购买过文档/)
    assert.equal(centre.headers['cache-control'], 'private, no-store')

    // a bad registration says what is wrong, keeps what was typed, and stores nothing
    const bob = client(app)
    const taken = await bob.form('/register', { username: '张小明', password: 'another-pass-2', password2: 'another-pass-2', agree: '1' })
    assert.equal(taken.statusCode, 409)
    assert.match(taken.body, /这个用户名已被注册/)
    const weak = await bob.form('/register', { username: 'bob_w', password: 'aaaaaaaa', password2: 'aaaaaaaa', agree: '1' })
    assert.equal(weak.statusCode, 422)
    assert.match(weak.body, /至少两种/)
    assert.match(weak.body, /value="bob_w"/)
    const mismatch = await bob.form('/register', { username: 'bob_w', password: 'abc-12345', password2: 'abc-12346', agree: '1' })
    assert.match(mismatch.body, /两次输入的新密码不一致/)
    // the 用户协议 and 隐私政策 must be agreed to (PIPL): without the tick, nothing is stored and the form says so
    const unagreed = await bob.form('/register', { username: 'bob_w', password: 'abc-12345', password2: 'abc-12345' })
    assert.equal(unagreed.statusCode, 422)
    assert.match(unagreed.body, /请先阅读并同意《用户协议》和《隐私政策》/)
    assert.match(unagreed.body, /href="\/terms"/)
    assert.equal((await app.services.handle.db.selectFrom('members').select('id').execute()).length, 1)
    // the sign-up's agreement is kept: when, from where, and which texts (the version the policy pages show)
    const consent = await app.services.handle.db.selectFrom('member_consents').selectAll().execute()
    assert.equal(consent.length, 1, 'the first sign-up agreed')
    const terms = await client(app).get('/terms')
    assert.equal(terms.statusCode, 200)
    assert.match(terms.body, /用户协议/)
    assert.ok(terms.body.includes(`版本 ${consent[0]?.version}`), 'the version agreed to is the one the page shows')
    assert.match((await client(app).get('/privacy')).body, /隐私政策[\s\S]*Cookie/)

    // logging out ends the session on the server, not only the cookie
    const out = await alice.form('/logout', {})
    assert.equal(out.statusCode, 303)
    assert.equal(alice.cookies.has('ig_sid'), false)
    assert.equal((await app.inject({ url: '/user', headers: { cookie: `ig_sid=${sid}` } })).statusCode, 303)

    const wrong = await alice.form('/login', { login: '张小明', password: 'nope-nope-1' })
    assert.equal(wrong.statusCode, 401)
    assert.match(wrong.body, /用户名或密码不正确/)
    const ok = await alice.form('/login', { login: '张小明', password: 'secret-pass-1', next: '/user' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, '/user')
    // login rotates the session token
    assert.notEqual(alice.cookies.get('ig_sid'), sid)

    // an open redirect is refused: next goes to a local path only
    const other = client(app)
    const away = await other.form('/login', { login: '张小明', password: 'secret-pass-1', next: '//evil.example/x' })
    assert.equal(away.headers.location, '/')

    // a password change ends the other sessions and keeps this one
    const changed = await alice.form('/user/password', { current: 'secret-pass-1', password: 'new-secret-2', password2: 'new-secret-2' })
    assert.equal(changed.statusCode, 200)
    assert.match(changed.body, /密码已修改/)
    assert.equal((await alice.get('/user')).statusCode, 200)
    assert.equal((await other.get('/user')).statusCode, 303)
    const badCurrent = await alice.form('/user/password', { current: 'secret-pass-1', password: 'new-secret-3', password2: 'new-secret-3' })
    assert.equal(badCurrent.statusCode, 403)
    assert.match(badCurrent.body, /当前密码不正确/)
  })

  test(`${name}: every state-changing form and call needs this browser's CSRF token`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })
    const alice = await registered(app, 'alice')
    const cookie = [...alice.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers } })
    // no token, a token of another browser, a forged origin: all refused, nothing done
    for (const res of [
      await post('/logout', ''),
      await post('/logout', `_csrf=${await client(app).csrf()}`),
      await post('/logout', `_csrf=${await alice.csrf()}`, { origin: 'https://evil.example' }),
      await post('/user/password', 'current=secret-pass-1&password=x-1234567&password2=x-1234567'),
    ]) {
      assert.equal(res.statusCode, 403)
      assert.match(res.body, /页面已过期或来源不明/)
      assert.equal(res.headers['cache-control'], 'private, no-store')
    }
    assert.equal((await alice.get('/user')).statusCode, 200, 'still logged in')
    // a JSON call of someone who may make it (an admin), without the header: refused, nothing created
    const aliceId = (await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'alice').executeTakeFirstOrThrow()).id
    await app.services.members.setRole(TEST_ACTOR, aliceId, 'admin')
    const json = await app.inject({ method: 'POST', url: '/api/admin/plans', payload: { name: 'x', level: 1, days: 1, price: '1', benefit: 'free' }, headers: { cookie } })
    assert.equal(json.statusCode, 403)
    assert.equal(json.json().error.code, 'CSRF_FAILED')
    assert.equal((await app.services.handle.db.selectFrom('vip_plans').select('id').execute()).length, 0)
  })

  test(`${name}: behind a trusted proxy, guesses from strangers are stopped and the owner still gets in`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: { ...env(), INKGATE_TRUST_PROXY: '1' } })
    // every request comes through the proxy at 127.0.0.1, which names the reader's address
    const via = (address: string) => ({ address: '127.0.0.1', headers: { 'x-forwarded-for': address } })
    const carol = await registered(app, 'carol', 'secret-pass-1', via('203.0.113.7'))
    await carol.form('/logout', {})
    for (let i = 0; i < 5; i++) assert.equal((await client(app, undefined, via(`198.51.100.${i}`)).form('/login', { login: i % 2 ? 'carol' : 'CAROL', password: `wrong-${i}-x` })).statusCode, 401)
    // strangers are refused even with the right password until the window ends
    const locked = await client(app, undefined, via('198.51.100.50')).form('/login', { login: 'carol', password: 'secret-pass-1' })
    assert.equal(locked.statusCode, 429)
    assert.match(locked.body, /登录失败次数过多，请 15 分钟后再试/)
    // carol at home is not locked out
    assert.equal((await carol.form('/login', { login: 'carol', password: 'secret-pass-1' })).statusCode, 303)
    // an address that tries many names is stopped, for the names it does not own
    await registered(app, 'dave', 'secret-pass-1', via('203.0.113.8'))
    const guesser = client(app, undefined, via('198.51.100.77'))
    for (let i = 0; i < 30; i++) await guesser.form('/login', { login: `nobody${i}`, password: 'wrong-pass-1' })
    assert.equal((await client(app, undefined, via('198.51.100.77')).form('/login', { login: 'dave', password: 'secret-pass-1' })).statusCode, 429)
    assert.equal((await client(app, undefined, via('203.0.113.8')).form('/login', { login: 'dave', password: 'secret-pass-1' })).statusCode, 303)
  })

  test(`${name}: without a trusted proxy, X-Forwarded-For is not believed`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })
    await registered(app, 'erin', 'secret-pass-1', { address: '203.0.113.9' })
    // one address pretending to be many: all its guesses count against it
    for (let i = 0; i < 5; i++) await client(app, undefined, { address: '198.51.100.1', headers: { 'x-forwarded-for': `192.0.2.${i}` } }).form('/login', { login: 'erin', password: `wrong-${i}-x` })
    const spoofed = await client(app, undefined, { address: '198.51.100.1', headers: { 'x-forwarded-for': '203.0.113.9' } }).form('/login', { login: 'erin', password: 'secret-pass-1' })
    assert.equal(spoofed.statusCode, 429, "claiming the owner's address does not help")
    assert.equal((await client(app, undefined, { address: '203.0.113.9' }).form('/login', { login: 'erin', password: 'secret-pass-1' })).statusCode, 303)
  })

  test(`${name}: sign-ups are limited per address, and common passwords refused`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })
    for (let i = 0; i < 5; i++) await registered(app, `signup${i}`, 'secret-pass-1', { address: '198.51.100.3' })
    const sixth = await client(app, undefined, { address: '198.51.100.3' }).form('/register', { username: 'signup5', password: 'secret-pass-1', password2: 'secret-pass-1', agree: '1' })
    assert.equal(sixth.statusCode, 429)
    assert.match(sixth.body, /此网络注册的账号过多/)
    const common = await client(app).form('/register', { username: 'common1', password: 'password1', password2: 'password1', agree: '1' })
    assert.equal(common.statusCode, 422)
    assert.match(common.body, /这个密码太常见/)
  })

  test(`${name}: next= never leads off the site, and a broken one is not an error`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })
    const c = await registered(app, 'frank')
    await c.form('/logout', {})
    const login = await c.form('/login', { login: 'frank', password: 'secret-pass-1', next: '/\t/evil.example' })
    assert.equal(login.statusCode, 303)
    assert.equal(login.headers.location, '/')
    for (const next of ['%2F%09%2Fevil.example', '%0D%0ASet-Cookie:%20x=1', '%2F%0D%0A', '%5C%5Cevil.example', 'https%3A%2F%2Fevil.example']) {
      const page = await c.get(`/login?next=${next}`)
      assert.ok(page.statusCode < 500, `${next}: ${page.statusCode}`)
      assert.doesNotMatch(page.body, /evil\.example|Set-Cookie/)
    }
  })

  test(`${name}: a role change counts on the next request`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: env() })
    const erin = await registered(app, 'erin')
    assert.equal((await erin.get('/api/admin/orders/flagged')).statusCode, 403)
    const id = (await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'erin').executeTakeFirstOrThrow()).id
    await app.services.members.setRole(TEST_ACTOR, id, 'admin')
    assert.equal((await erin.get('/api/admin/orders/flagged')).statusCode, 200)
    // an editor runs content, never money
    await app.services.members.setRole(TEST_ACTOR, id, 'editor')
    assert.equal((await erin.get('/api/admin/orders/flagged')).statusCode, 403)
    assert.equal((await erin.get('/api/admin/me')).json().staff.role, 'editor')
    await app.services.members.setRole(TEST_ACTOR, id, 'member')
    assert.equal((await erin.get('/api/admin/me')).statusCode, 403)
    assert.equal((await client(app).get('/api/admin/orders/flagged')).json().error.code, 'ACCESS_LOGIN_REQUIRED')
  })
}
