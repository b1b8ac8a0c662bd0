import { startTestSmtp } from '../helpers/smtp.ts'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Response } from 'light-my-request'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, type Client } from '../helpers/client.ts'
import { seedPost } from '../helpers/seed.ts'

/*
 * Bad input gets a clear 4xx, never a 500 or a stack trace. Every registered route
 * (collected as the leak test collects them) gets a fixed list of malformed values
 * in every query parameter and body field its schema declares, in its path
 * parameters, and in every header a request may carry; as a visitor, a member and
 * an admin (so the checks past the login run too). Any 5xx fails, and so does any
 * body that shows a stack, an internal message or SQL.
 */
const BAD = [
  '1e309',
  '-1',
  'NaN',
  '0x10',
  '9999999999999999999',
  '1.5',
  '-0',
  'Infinity',
  '',
  ' ',
  '0',
  'a\r\nb',
  'a\u0000b',
  '%00',
  '%0d%0aSet-Cookie:x=1',
  '\ud800',
  'x'.repeat(5000),
  '[]',
  '{"a":1}',
  'true',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"',
  '\\',
  '/\t/evil.example',
  '１２３',
]
const HEADERS = ['cookie', 'user-agent', 'accept-language', 'if-none-match', 'x-forwarded-for', 'x-csrf-token', 'accept-encoding', 'accept', 'referer', 'range']
/** What no answer may show: a stack frame, an internal error's text, SQL or a database's words. */
const LEAKS = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|TypeError|ReferenceError|SqliteError|SQLITE_|syntax error|SELECT .* FROM|INSERT INTO|violates|relation "|Cannot read prop/

/** A well-formed body for each route that takes one, so each malformed field is met by the field's own check. */
const BODIES: Record<string, Record<string, unknown>> = {
  'POST /login': { login: 'fuzz_member', password: 'fuzz-pass-2026', next: '/' },
  'POST /register': { username: 'fuzzer', password: 'fuzz-pass-2027', password2: 'fuzz-pass-2027', email: 'f@example.com', agree: '1', next: '/' },
  'POST /logout': {},
  'POST /password/forgot': { email: 'fuzz@example.com' },
  'POST /password/reset': { token: 'x'.repeat(43), password: 'fuzz-pass-2029', password2: 'fuzz-pass-2029' },
  'POST /user/password': { current: 'fuzz-pass-2026', password: 'fuzz-pass-2028', password2: 'fuzz-pass-2028' },
  'POST /orders': { kind: 'post', slug: 'essay', method: 'sandbox.sandbox', plan: 1, amount: '10.00', page: 2, post: 'essay' },
  'POST /orders/:no/pay': { method: 'sandbox.sandbox', page: 2, post: 'essay' },
  'POST /pay/sandbox/:outTradeNo': { decision: 'cancel' },
  'POST /pay/notify/:provider': { id: 'EV-1' },
  'POST /api/admin/plans': { name: '模糊', level: 1, days: 30, price: '9.90', benefit: 'free', discountPercent: 0 },
  'PATCH /api/admin/plans/:id': { active: true, recommended: true },
  'POST /api/admin/orders/:no/refund': { amount: '0.01', reason: '模糊测试' },
  'PATCH /api/admin/posts/:slug': { status: 'published' },
  'PUT /api/admin/posts/:slug': { title: '模糊', channel: 'speeches', price: '9.90', status: 'published', flags: ['top'], tags: ['模糊'], source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' },
  'DELETE /api/admin/posts/:slug': {},
  'PATCH /api/admin/members/:id': { role: 'member', disabled: false, reason: '模糊测试' },
  'POST /api/admin/members/:id/balance': { amount: '1.00', reason: '模糊测试' },
  'POST /api/admin/members/:id/vip': { plan: 1, reason: '模糊测试' },
  'POST /api/admin/members/:id/password': { password: 'fuzz-new-pass-2026' },
  'PUT /api/admin/settings': {
    name: '模糊站',
    icp: '京ICP备1号',
    previewShare: 0.3,
    guestPurchase: true,
    locale: 'zh-CN',
    searchPaidText: 'words',
    logoUrl: '/logo.png',
    viewsShownFrom: 10,
    purchasesShownFrom: 5,
    termsText: '# 一\n条款',
    privacyText: '隐私',
  },
  'POST /api/admin/channels': { name: '模糊', slug: 'fuzz-channel', kind: 'list', pageSize: 20, vipLevel: 0 },
  'PUT /api/admin/channels/:slug': { name: '模糊', slug: 'fuzz-channel', kind: 'list', pageSize: 20, vipLevel: 0 },
  'POST /api/admin/channels/order': { slugs: ['speeches'] },
  'DELETE /api/admin/channels/:slug': {},
  'POST /api/admin/preview': { source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>', price: '1.00', format: 'html' },
  'POST /api/admin/purchases': { member: 'fuzz_member', post: 'essay', reason: '模糊测试' },
  'POST /api/admin/purchases/revoke': { member: 'fuzz_member', post: 'essay', reason: '模糊测试' },
  'POST /api/admin/session': { login: 'fuzz_member', password: 'fuzz-pass-2026' },
  'DELETE /api/admin/session': {},
  'POST /api/admin/setup': { username: 'fuzz_owner', password: 'fuzz-owner-2026' },
  // a JSON body where a file belongs: refused as no file
  'POST /api/admin/media': {},
  // a JSON body where a form with an export belongs: refused with why
  'POST /api/admin/migrations': { engine: 'wordpress', dryRun: 'true' },
  'POST /api/admin/posts/:slug/trash': {},
  'DELETE /api/admin/media/:key': {},
  'PUT /api/admin/drafts': { post: '', fields: { title: '模糊' }, format: 'html', source: '<p>模糊</p>' },
  'DELETE /api/admin/drafts': {},
  'POST /api/admin/posts/:slug/restore': {},
  'PUT /api/admin/tags/:id': { name: '模糊' },
  'PUT /api/admin/search/terms': { terms: '模糊\n测试' },
  'PUT /api/admin/payments/:provider': { values: { INKGATE_STRIPE_SECRET_KEY: 'sk_test_fuzz', INKGATE_STRIPE_WEBHOOK_SECRET: 'whsec_fuzz' } },
  'DELETE /api/admin/payments/:provider': {},
  'POST /api/admin/search/reindex': {},
  'POST /api/admin/tags/merge': { from: [2], into: 1 },
  'DELETE /api/admin/tags/:id': {},
  'POST /api/admin/me/two-factor/setup': {},
  'POST /api/admin/me/two-factor': { code: '123456' },
  'POST /api/admin/me/two-factor/disable': { code: 'abcde-fghjk' },
  'POST /api/admin/me/two-factor/recovery-codes': { code: '123456' },
  'POST /api/admin/members/:id/two-factor/reset': { reason: '模糊测试' },
}

/** Well-formed query parameters for routes that do little without them (a search needs words). */
const QUERIES: Record<string, Record<string, string>> = {
  'GET /search': { q: '讲话', page: '1' },
  'GET /api/v1/search': { q: '讲话', page: '1' },
  'GET /api/v1/search/suggest': { q: '讲' },
  'GET /api/v1/posts': { page: '1', pageSize: '10' },
  'GET /password/reset': { token: 'x'.repeat(43) },
  'GET /api/admin/audit': { action: 'order.', limit: '10' },
  'GET /api/admin/posts': { page: '1', pageSize: '20', sort: 'updated' },
  'GET /api/admin/slug': { title: '工作总结' },
  'GET /api/admin/members': { q: 'fuzz', role: 'member', page: '1' },
  'GET /api/admin/orders': { state: 'paid', kind: 'post', provider: 'sandbox', from: '2026-01-01T00:00:00Z', member: 'fuzz_member', post: 'essay', flagged: 'false' },
  'GET /api/admin/orders.csv': { state: 'paid', member: 'fuzz_member' },
  'GET /api/admin/editor-choices': { tag: '模糊' },
  'POST /api/admin/media': { kind: 'image' },
  'GET /api/admin/media': { kind: 'file', limit: '10' },
  'GET /api/admin/tags': { q: '模糊', page: '1', pageSize: '20' },
  'GET /media/:file': { e: '1', s: 'x' },
  'GET /buy/:slug': { page: '2' },
  'GET /vip': { post: 'essay', page: '2' },
  'GET /orders/:no': { post: 'essay', page: '2' },
}

interface Ctx {
  orderNo: string
  attempt: string
}
const PARAMS: Record<string, (ctx: Ctx) => string> = {
  slug: () => 'essay',
  no: (c) => c.orderNo,
  outTradeNo: (c) => c.attempt,
  provider: () => 'wechat',
  file: () => 'missing.css',
  n: () => '1',
  id: () => '1',
}

function fill(url: string, ctx: Ctx, override?: { name: string; value: string }): string {
  return url.replace(/:(\w+)/g, (_, name: string) => enc(override?.name === name ? override.value : (PARAMS[name]?.(ctx) ?? 'x')))
}

/** encodeURIComponent, with a lone surrogate sent as the bytes a careless client would send */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80'
  }
}

const propsOf = (schema: unknown, part: string): string[] => Object.keys(((schema as Record<string, { properties?: object }> | undefined)?.[part]?.properties ?? {}) as object)

function check(label: string, res: Response): void {
  assert.ok(res.statusCode < 500, `${label} answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  assert.doesNotMatch(res.body, LEAKS, `${label} shows internals: ${res.body.slice(0, 300)}`)
}

async function send(viewer: Client, method: string, url: string, body: Record<string, unknown> | undefined, headers: Record<string, string> = {}): Promise<Response> {
  if (method === 'GET') return viewer.get(url, headers)
  if (url.startsWith('/api/')) return viewer.json(method as 'POST' | 'PATCH' | 'PUT' | 'DELETE', url, body ?? {})
  return viewer.form(url, Object.fromEntries(Object.entries(body ?? {}).map(([k, v]) => [k, String(v)])))
}

async function fuzzRoute(viewer: Client, route: { method: string; url: string; schema: unknown }, ctx: Ctx): Promise<number> {
  const key = `${route.method} ${route.url}`
  const base = BODIES[key]
  if (route.method !== 'GET') assert.ok(base, `${key} takes a body: add a well-formed one to BODIES`)
  let sent = 0
  const go = async (label: string, url: string, body = base, headers?: Record<string, string>) => {
    check(label, await send(viewer, route.method, url, body, headers))
    sent++
  }
  const query = (over: Record<string, string> = {}) => {
    const q = Object.entries({ ...QUERIES[key], ...over })
      .map(([k, v]) => `${k}=${enc(v)}`)
      .join('&')
    return q ? `?${q}` : ''
  }
  for (const name of propsOf(route.schema, 'querystring')) {
    for (const bad of BAD) await go(`${key} ?${name}=${JSON.stringify(bad).slice(0, 30)}`, `${fill(route.url, ctx)}${query({ [name]: bad })}`)
  }
  for (const name of [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string)) {
    for (const bad of BAD) await go(`${key} :${name}=${JSON.stringify(bad).slice(0, 30)}`, fill(route.url, ctx, { name, value: bad }) + query())
  }
  for (const name of propsOf(route.schema, 'body')) {
    for (const bad of BAD) await go(`${key} body.${name}=${JSON.stringify(bad).slice(0, 30)}`, fill(route.url, ctx), { ...base, [name]: bad })
    // a JSON body may carry real numbers too: 1e309 arrives as Infinity
    // eslint-disable-next-line no-loss-of-precision -- 1e309 is Infinity on purpose: what JSON.parse makes of it
    if (route.url.startsWith('/api/')) for (const bad of [1e309, -1, 1.5, 2 ** 60, null, [], {}]) await go(`${key} body.${name}=${String(bad)}`, fill(route.url, ctx), { ...base, [name]: bad })
  }
  for (const header of HEADERS) {
    for (const bad of BAD.filter((b) => !/[\r\n\u0000\ud800]/.test(b))) await go(`${key} ${header}: ${JSON.stringify(bad).slice(0, 30)}`, fill(route.url, ctx) + query(), base, { [header]: bad })
  }
  return sent
}

test('sqlite: no route answers malformed numbers, strings or headers with a 5xx or a glimpse of its internals', async (t) => {
  // mail on, so the password reset routes are there to be tried
  const smtp = await startTestSmtp(t)
  const app = await buildTestApp(t, { dialect: 'sqlite', env: { SMTP_URL: smtp.url } })
  await seedChannels(app)
  await seedPost(app, { slug: 'essay', title: '关于作风建设的讲话', price: 990 as Cents, tags: ['讲话稿'], source: '<p>公开的开头。</p><p>##paidbegin##</p><p>付费正文</p>' })
  await app.services.members.register({ username: 'fuzz_admin', password: 'fuzz-admin-2026', role: 'admin' })
  await app.services.members.register({ username: 'fuzz_member', password: 'fuzz-pass-2026' })
  const admin = client(app)
  assert.equal((await admin.form('/login', { login: 'fuzz_admin', password: 'fuzz-admin-2026' })).statusCode, 303)
  const started = await admin.form('/orders', { kind: 'post', slug: 'essay', method: 'sandbox.sandbox' })
  const attempt = String(started.headers.location).split('/').pop() as string
  const ctx: Ctx = { orderNo: attempt.slice(0, 24), attempt }
  const visitor = client(app)
  const member = client(app)
  assert.equal((await member.form('/login', { login: 'fuzz_member', password: 'fuzz-pass-2026' })).statusCode, 303)

  let sent = 0
  for (const route of app.services.routes) {
    // the admin last: its answers may change state (a refund) that the others would then read
    for (const viewer of [visitor, member, admin]) sent += await fuzzRoute(viewer, route, ctx)
  }
  assert.ok(sent > 5000, String(sent))
  t.diagnostic(`${sent} malformed requests over ${app.services.routes.length} routes`)
})

test('every integer and number a route accepts has both bounds in its schema', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  const unbounded: string[] = []
  for (const route of app.services.routes) {
    for (const part of ['querystring', 'params', 'body']) {
      const props = (route.schema as Record<string, { properties?: Record<string, { type?: string; minimum?: number; maximum?: number }> }> | undefined)?.[part]?.properties ?? {}
      for (const [name, p] of Object.entries(props)) {
        if ((p.type === 'integer' || p.type === 'number') && (p.minimum === undefined || p.maximum === undefined)) unbounded.push(`${route.method} ${route.url} ${part}.${name}`)
      }
    }
  }
  assert.deepEqual(unbounded, [])
})
