import { startTestSmtp } from '../helpers/smtp.ts'
import { docxText, isDocx } from '../helpers/docx.ts'
import { isPdf, pdfPages } from '../helpers/pdf.ts'
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { getSegmenter } from '../../src/search/index.ts'
import { ALL_SENTINELS, LEAK_POSTS, sentinel } from './leak-corpus.ts'
import { grantCustomFieldsWriter } from '../../src/paywall/index.ts'
import type { FullDb } from '../../src/platform/db/database.ts'
import { generateKeyPairSync } from 'node:crypto'
import { startPaySim } from '../paysim/paysim.ts'
import { installWechatSim } from '../paysim/wechat-sim.ts'
import { installAlipaySim } from '../paysim/alipay-sim.ts'
import { installStripeSim } from '../paysim/stripe-sim.ts'

/*
 * DESIGN.md's leak test: posts whose paid regions hold sentinels; every route
 * (GET and POST, HTML and JSON) requested by every kind of viewer without an
 * entitlement: anonymous, a member who has not paid, a member who paid another
 * post, a guest who paid another post, an expired VIP, a discount-only VIP, a
 * buyer whose purchase was refunded. No sentinel may appear anywhere. The
 * entitled viewers (buyer, guest buyer on that browser, active VIP, author,
 * staff) must see their sentinels on the post's pages and API, and none
 * anywhere else.
 */

type Req = string | { method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; form?: Record<string, string | number>; json?: object }
interface Ctx {
  slugs: string[]
  pages: Map<string, number>
  channels: string[]
  tags: string[]
  assets: string[]
  consoleAssets: string[]
  searches: string[]
  /** this viewer's order numbers and someone else's */
  orders: string[]
  attempts: string[]
  planIds: number[]
  /** uploaded files: one in a paid region (its bytes hold a sentinel), one in free text, and made-up ones */
  media: string[]
}
type UrlsFor = (ctx: Ctx) => Req[]
/*
 * Search queries aimed at paid text: each sentinel's Latin and Chinese halves and
 * the whole, in lower case, so a page echoing the query cannot match the
 * upper-case sentinels while any quoted paid text would.
 */
const SEARCHES = [
  ...ALL_SENTINELS.slice(0, 26).flatMap((s) => [s.toLowerCase(), s.slice(s.indexOf('QZ') + 2), s.slice(0, s.indexOf('QZ') + 2).toLowerCase()]),
  '付费开头',
  '继续付费',
  '公开',
  '泄漏测试',
  '"zqxpaid0qz 密文"',
  'zqxpaid1qz OR 公开',
  '公开 -zqxpaid3qz',
  'NEAR(公开',
  '*',
  '"',
  '',
]
const enc = encodeURIComponent
/** a real 1×1 PNG */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** Every registered route must be listed here with the URLs that exercise it. */
const COVERED: Record<string, UrlsFor> = {
  'GET /': () => ['/'],
  'GET /p/:slug': ({ slugs, pages }) => slugs.flatMap((s) => [`/p/${s}`, ...range(pages.get(s) ?? 1).map((n) => `/p/${s}?page=${n}`), `/p/${s}?page=${(pages.get(s) ?? 1) + 1}`, `/p/${s}?page=x`]),
  'GET /c/:slug': ({ channels }) => channels.flatMap((c) => [`/c/${c}`, `/c/${c}?page=2`, `/c/${c}?page=99`]),
  'GET /t/:slug': ({ tags }) => tags.map((t) => `/t/${encodeURIComponent(t)}`),
  'GET /rss.xml': () => ['/rss.xml'],
  'GET /c/:slug/rss.xml': ({ channels }) => channels.map((c) => `/c/${c}/rss.xml`),
  'GET /sitemap.xml': () => ['/sitemap.xml'],
  'GET /sitemap-pages.xml': () => ['/sitemap-pages.xml'],
  'GET /sitemap-posts-:n.xml': () => ['/sitemap-posts-1.xml', '/sitemap-posts-2.xml'],
  'GET /robots.txt': () => ['/robots.txt'],
  'GET /favicon.ico': () => ['/favicon.ico'],
  'GET /assets/:file': ({ assets }) => [...assets, '/assets/missing.css'],
  'GET /api/v1/posts': ({ channels, tags }) => [
    '/api/v1/posts?pageSize=100',
    ...channels.map((c) => `/api/v1/posts?channel=${c}&pageSize=100`),
    ...tags.map((t) => `/api/v1/posts?tag=${encodeURIComponent(t)}`),
  ],
  'GET /api/v1/posts/:slug': ({ slugs, pages }) => slugs.flatMap((s) => [...range(pages.get(s) ?? 1).map((n) => `/api/v1/posts/${s}?page=${n}`), `/api/v1/posts/${s}?page=99`]),
  'GET /api/v1/channels': () => ['/api/v1/channels'],
  'GET /api/v1/openapi.json': () => ['/api/v1/openapi.json'],
  'GET /search': ({ searches, channels }) => [
    '/search',
    ...searches.flatMap((q) => [`/search?q=${enc(q)}`, `/search?q=${enc(q)}&sort=newest&price=paid`]),
    ...channels.map((c) => `/search?q=${enc('公开')}&channel=${c}&page=2`),
    `/search?q=${enc('公开')}&tag=${enc('泄漏测试')}&sort=views`,
  ],
  'GET /api/v1/search': ({ searches }) => searches.flatMap((q) => [`/api/v1/search?q=${enc(q)}`, `/api/v1/search?q=${enc(q)}&price=paid&pageSize=50`]),
  'GET /api/v1/search/suggest': ({ searches }) => ['zq', '密', '泄漏', ...searches.slice(0, 12)].map((q) => `/api/v1/search/suggest?q=${enc(q)}`),
  'GET /api/v1/search/hot': () => ['/api/v1/search/hot'],
  'GET /api/v1/orders/:no': ({ orders }) => [...orders.map((n) => `/api/v1/orders/${n}`), '/api/v1/orders/123', `/api/v1/orders/${'9'.repeat(24)}`],
  'GET /login': () => ['/login', '/login?next=/p/leak-inline', '/login?next=//evil.example'],
  'POST /login': () => [{ method: 'POST', url: '/login', form: { login: 'nobody-here', password: 'wrong-pass-1', next: '/p/leak-inline' } }],
  'GET /register': () => ['/register', '/register?next=/buy/leak-inline'],
  'POST /register': () => [{ method: 'POST', url: '/register', form: { username: 'unpaid', password: 'x', password2: 'y' } }],
  'POST /logout': () => [{ method: 'POST', url: '/logout', form: { _csrf: 'not-the-token' } }],
  'GET /password/forgot': () => ['/password/forgot'],
  'POST /password/forgot': () => [{ method: 'POST', url: '/password/forgot', form: { email: 'reader@example.com' } }],
  'GET /password/reset': () => ['/password/reset', '/password/reset?token=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  'POST /password/reset': () => [{ method: 'POST', url: '/password/reset', form: { token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', password: 'next-pass-1', password2: 'next-pass-1' } }],
  'GET /user': () => ['/user'],
  'POST /user/password': () => [{ method: 'POST', url: '/user/password', form: { current: 'wrong-pass-9', password: 'next-pass-1', password2: 'next-pass-1' } }],
  'GET /buy/:slug': ({ slugs }) => [...slugs.map((s) => `/buy/${s}`), ...slugs.map((s) => `/buy/${s}?page=2`), '/buy/nope', '/buy/leak-inline?page=x'],
  'GET /vip': ({ slugs }) => ['/vip', ...slugs.map((s) => `/vip?post=${s}&page=2`), '/vip?post=nope', '/vip?post=..%2F'],
  'GET /terms': () => ['/terms'],
  'GET /p/:slug/download.docx': ({ slugs }) => [...slugs.map((s) => `/p/${s}/download.docx`), '/p/nope/download.docx'],
  'GET /p/:slug/download.pdf': ({ slugs }) => [...slugs.map((s) => `/p/${s}/download.pdf`), '/p/nope/download.pdf'],
  'GET /privacy': () => ['/privacy'],
  'POST /orders': ({ slugs, planIds }) => [
    ...slugs.map((slug): Req => ({ method: 'POST', url: '/orders', form: { kind: 'post', slug, method: 'balance' } })),
    { method: 'POST', url: '/orders', form: { kind: 'post', slug: 'leak-multi', method: 'sandbox.sandbox' } },
    { method: 'POST', url: '/orders', form: { kind: 'post', slug: 'leak-multi', method: 'sandbox.sandbox', page: '2', post: 'leak-inline' } },
    { method: 'POST', url: '/orders', form: { kind: 'vip', plan: planIds[0] ?? 1, method: 'balance' } },
    { method: 'POST', url: '/orders', form: { kind: 'topup', amount: 'x', method: 'sandbox.sandbox' } },
  ],
  'GET /orders/:no': ({ orders, slugs }) => [...orders.map((n) => `/orders/${n}`), ...orders.slice(0, 3).map((n) => `/orders/${n}?post=${slugs[0]}&page=2`), '/orders/x', `/orders/${'9'.repeat(24)}`],
  'POST /orders/:no/pay': ({ orders }) => orders.map((n): Req => ({ method: 'POST', url: `/orders/${n}/pay`, form: { method: 'balance' } })),
  'GET /pay/sandbox/:outTradeNo': ({ attempts }) => [...attempts.map((a) => `/pay/sandbox/${a}`), `/pay/sandbox/${'9'.repeat(24)}A01`],
  'POST /pay/sandbox/:outTradeNo': ({ attempts }) => attempts.slice(0, 2).map((a): Req => ({ method: 'POST', url: `/pay/sandbox/${a}`, form: { decision: 'cancel' } })),
  'POST /pay/notify/:provider': () => [
    { method: 'POST', url: '/pay/notify/wechat', form: { id: 'EV-1', resource: 'x' } },
    { method: 'POST', url: '/pay/notify/alipay', form: { trade_status: 'TRADE_SUCCESS', out_trade_no: '1' } },
    { method: 'POST', url: '/pay/notify/stripe', json: { id: 'evt_1', type: 'checkout.session.completed' } },
    { method: 'POST', url: '/pay/notify/nope', form: {} },
  ],
  'GET /pay/wechat/oauth': ({ orders }) => ['/pay/wechat/oauth?code=x&state=y', ...orders.slice(0, 1).map((n) => `/pay/wechat/oauth?code=x&state=${n}`), '/pay/wechat/oauth'],
  'GET /api/admin/plans': () => ['/api/admin/plans'],
  'POST /api/admin/plans': () => [{ method: 'POST', url: '/api/admin/plans', json: { name: '泄漏', level: 1, days: 1, price: '1.00', benefit: 'free' } }],
  'PATCH /api/admin/plans/:id': ({ planIds }) =>
    planIds.flatMap((id): Req[] => [
      { method: 'PATCH', url: `/api/admin/plans/${id}`, json: { active: true } },
      { method: 'PATCH', url: `/api/admin/plans/${id}`, json: { recommended: true } },
    ]),
  'GET /api/admin/orders/flagged': () => ['/api/admin/orders/flagged'],
  'GET /api/admin/orders': () => ['/api/admin/orders', '/api/admin/orders?kind=post&post=leak-inline', '/api/admin/orders?member=buyer&state=paid'],
  'GET /api/admin/orders.csv': () => ['/api/admin/orders.csv', '/api/admin/orders.csv?post=leak-paged'],
  'GET /api/admin/orders/:no': ({ orders }) => orders.map((n) => `/api/admin/orders/${n}`),
  'POST /api/admin/orders/:no/refund': ({ orders }) =>
    orders.slice(0, 1).map((n): Req => ({ method: 'POST', url: `/api/admin/orders/${n}/refund`, json: { amount: '999999.00', reason: '泄漏测试' } })),
  'PATCH /api/admin/posts/:slug': () => [
    { method: 'PATCH', url: '/api/admin/posts/leak-inline', json: { status: 'published' } },
    { method: 'PATCH', url: '/api/admin/posts/nope', json: { status: 'published' } },
  ],
  'POST /api/admin/purchases': () => [{ method: 'POST', url: '/api/admin/purchases', json: { member: 'nobody-here', post: 'leak-inline', reason: '泄漏测试' } }],
  'POST /api/admin/purchases/revoke': () => [{ method: 'POST', url: '/api/admin/purchases/revoke', json: { member: 'nobody-here', post: 'leak-inline', reason: '泄漏测试' } }],
  'GET /api/admin/me': () => ['/api/admin/me'],
  'GET /api/admin/session': () => ['/api/admin/session'],
  'GET /api/admin/posts': () => ['/api/admin/posts', '/api/admin/posts?paid=true&sort=views', '/api/admin/posts?title=泄漏&pageSize=100'],
  'POST /api/admin/session': () => [{ method: 'POST', url: '/api/admin/session', json: { login: 'nobody-here', password: 'wrong-pass-1' } }],
  // as for POST /logout: a wrong token, so the sweep does not sign its viewer out halfway
  'DELETE /api/admin/session': () => [{ method: 'DELETE', url: '/api/admin/session', json: { _csrf: 'not-the-token' } }],
  'POST /api/admin/setup': () => [{ method: 'POST', url: '/api/admin/setup', json: { username: 'leaker', password: 'leak-pass-2026' } }],
  'GET /api/admin/audit': () => ['/api/admin/audit', '/api/admin/audit?action=order.', '/api/admin/audit?limit=1&before=5'],
  'GET /api/admin/openapi.json': () => ['/api/admin/openapi.json'],
  // the editor: a post's source (paid regions and all) only to who may write it
  'GET /api/admin/posts/:slug': ({ slugs }) => [...slugs.map((s) => `/api/admin/posts/${s}`), '/api/admin/posts/nope'],
  // earlier sources (leak-nested was saved twice: its first source is revision 1)
  'GET /api/admin/posts/:slug/revisions': ({ slugs }) => slugs.map((s) => `/api/admin/posts/${s}/revisions`),
  'GET /api/admin/posts/:slug/revisions/:id': ({ slugs }) => slugs.map((s) => `/api/admin/posts/${s}/revisions/1`),
  'PUT /api/admin/posts/:slug': () => [
    { method: 'PUT', url: '/api/admin/posts/made-in-sweep', json: { title: '新写的', channel: 'speeches', price: '0.00', status: 'draft', source: '<p>新写的</p>' } },
  ],
  'DELETE /api/admin/posts/:slug': () => [{ method: 'DELETE', url: '/api/admin/posts/nope', json: {} }],
  // the trash: a post made in the sweep goes there and back (the leak posts stay where they are)
  'POST /api/admin/posts/:slug/trash': () => [{ method: 'POST', url: '/api/admin/posts/made-in-sweep/trash', json: {} }],
  'POST /api/admin/posts/:slug/restore': () => [{ method: 'POST', url: '/api/admin/posts/made-in-sweep/restore', json: {} }],
  'POST /api/admin/preview': () => [{ method: 'POST', url: '/api/admin/preview', json: { source: '<p>自己的</p><p>##paidbegin##</p><p>文字</p><p>##paidend##</p>', price: '1.00' } }],
  'GET /api/admin/dashboard': () => ['/api/admin/dashboard'],
  'GET /api/admin/settings': () => ['/api/admin/settings'],
  // a member's detail lists their purchases by title, never a post's text
  'GET /api/admin/members': () => ['/api/admin/members', '/api/admin/members?q=buyer'],
  'GET /api/admin/members/:id': () => ['/api/admin/members/1', '/api/admin/members/2', '/api/admin/members/999'],
  'PATCH /api/admin/members/:id': () => [{ method: 'PATCH', url: '/api/admin/members/999', json: { disabled: true, reason: '泄漏测试' } }],
  'POST /api/admin/members/:id/balance': () => [{ method: 'POST', url: '/api/admin/members/999/balance', json: { amount: '1.00', reason: '泄漏测试' } }],
  'POST /api/admin/members/:id/vip': () => [{ method: 'POST', url: '/api/admin/members/999/vip', json: { plan: 1, reason: '泄漏测试' } }],
  'POST /api/admin/members/:id/password': () => [{ method: 'POST', url: '/api/admin/members/999/password', json: { password: 'leak-pass-2026-x' } }],
  'PUT /api/admin/settings': () => [{ method: 'PUT', url: '/api/admin/settings', json: { footerText: '泄漏测试' } }],
  'GET /api/admin/channels': () => ['/api/admin/channels'],
  'POST /api/admin/channels': () => [{ method: 'POST', url: '/api/admin/channels', json: { name: '泄漏测试', slug: 'leak-made', kind: 'section' } }],
  'PUT /api/admin/channels/:slug': () => [{ method: 'PUT', url: '/api/admin/channels/nope', json: { name: '泄漏测试', slug: 'nope', kind: 'list' } }],
  'DELETE /api/admin/channels/:slug': () => [{ method: 'DELETE', url: '/api/admin/channels/nope', json: {} }],
  'POST /api/admin/channels/order': () => [{ method: 'POST', url: '/api/admin/channels/order', json: { slugs: ['speeches'] } }],
  // the console's page and files: the same for everyone, no data in them
  'GET /admin': () => ['/admin'],
  'GET /admin/*': ({ slugs }) => ['/admin/posts', ...slugs.slice(0, 3).map((s) => `/admin/posts/${s}/edit`), '/admin/orders'],
  'GET /admin/assets/:file': ({ consoleAssets }) => [...consoleAssets, '/admin/assets/missing.js'],
  'GET /api/admin/slug': () => ['/api/admin/slug?title=' + encodeURIComponent('泄漏测试')],
  'GET /api/admin/editor-choices': () => ['/api/admin/editor-choices', '/api/admin/editor-choices?tag=' + encodeURIComponent('泄漏')],
  // uploads: the paid file's bytes only by a signed link given to who may have them (the sweep never follows the redirect)
  'GET /media/:file': ({ media }) => media,
  'GET /api/admin/media': () => ['/api/admin/media', '/api/admin/media?kind=file', '/api/admin/media?q=leak'],
  'POST /api/admin/media': () => [{ method: 'POST', url: '/api/admin/media?kind=file', json: {} }],
  // a migration's report names posts by their old ids and counts; a console run starts only from a file (admin-migrate.e2e)
  'GET /api/admin/migrations/current': () => ['/api/admin/migrations/current'],
  'POST /api/admin/migrations': () => [{ method: 'POST', url: '/api/admin/migrations', json: {} }],
  // drafts: each writer's own (a new post's, without sentinels); no draft of a sentinel post was saved, so none comes back to anyone
  'PUT /api/admin/drafts': () => [{ method: 'PUT', url: '/api/admin/drafts', json: { post: '', fields: { title: '泄漏测试' }, format: 'html', source: '<p>草稿</p>' } }],
  'GET /api/admin/drafts': ({ slugs }) => ['/api/admin/drafts', ...slugs.map((s) => `/api/admin/drafts?post=${s}`)],
  'DELETE /api/admin/drafts': () => [{ method: 'DELETE', url: '/api/admin/drafts', json: {} }],
  // the library's search, and deleting one that does not exist
  'DELETE /api/admin/media/:key': () => [{ method: 'DELETE', url: '/api/admin/media/AAAAAAAAAAAAAAAAAAAAAA', json: {} }],
  // tags: names and counts only; changes to tags that do not exist
  'GET /api/admin/tags': () => ['/api/admin/tags', '/api/admin/tags?q=leak'],
  'PUT /api/admin/tags/:id': () => [{ method: 'PUT', url: '/api/admin/tags/99999', json: { name: '泄漏测试' } }],
  'POST /api/admin/tags/merge': () => [{ method: 'POST', url: '/api/admin/tags/merge', json: { from: [99998], into: 99999 } }],
  'DELETE /api/admin/tags/:id': () => [{ method: 'DELETE', url: '/api/admin/tags/99999', json: {} }],
  // the search index: the dictionary and counts only; a rebuild from what is stored (paid words kept apart as on a save)
  'GET /api/admin/search/index': () => ['/api/admin/search/index'],
  'PUT /api/admin/search/terms': () => [{ method: 'PUT', url: '/api/admin/search/terms', json: { terms: '泄漏测试' } }],
  'POST /api/admin/search/reindex': () => [{ method: 'POST', url: '/api/admin/search/reindex', json: {} }],
  // payment credentials: names and whether set; a refused set (no value), a forget of nothing stored
  'GET /api/admin/payments': () => ['/api/admin/payments'],
  'PUT /api/admin/payments/:provider': () => [{ method: 'PUT', url: '/api/admin/payments/alipay', json: { values: {} } }],
  'DELETE /api/admin/payments/:provider': () => [{ method: 'DELETE', url: '/api/admin/payments/wechat', json: {} }],
  // two-factor sign-in: a seed is made for each staff viewer, never turned on (no code from it is given)
  'GET /api/admin/me/two-factor': () => ['/api/admin/me/two-factor'],
  'POST /api/admin/me/two-factor/setup': () => [{ method: 'POST', url: '/api/admin/me/two-factor/setup', json: {} }],
  'POST /api/admin/me/two-factor': () => [{ method: 'POST', url: '/api/admin/me/two-factor', json: { code: '123456' } }],
  'POST /api/admin/me/two-factor/disable': () => [{ method: 'POST', url: '/api/admin/me/two-factor/disable', json: { code: '123456' } }],
  'POST /api/admin/me/two-factor/recovery-codes': () => [{ method: 'POST', url: '/api/admin/me/two-factor/recovery-codes', json: { code: '123456' } }],
  'POST /api/admin/members/:id/two-factor/reset': () => [{ method: 'POST', url: '/api/admin/members/999/two-factor/reset', json: { reason: '泄漏测试' } }],
}
/**
 * Routes whose answers may be kept by shared caches (caching fails closed: every
 * other answer must be no-store). Pages and the API are revalidated by browsers
 * and never shared with a request that has cookies; feeds and assets are the
 * same for everyone.
 */
const SHARED_PAGES = new Set([
  'GET /',
  'GET /terms',
  'GET /privacy',
  'GET /p/:slug',
  'GET /c/:slug',
  'GET /t/:slug',
  'GET /search',
  'GET /api/v1/posts',
  'GET /api/v1/posts/:slug',
  'GET /api/v1/channels',
  'GET /api/v1/openapi.json',
  'GET /api/v1/search',
  'GET /api/v1/search/suggest',
  'GET /api/v1/search/hot',
])
const SHARED_STATIC = new Set([
  'GET /rss.xml',
  'GET /c/:slug/rss.xml',
  'GET /sitemap.xml',
  'GET /sitemap-pages.xml',
  'GET /sitemap-posts-:n.xml',
  'GET /robots.txt',
  'GET /favicon.ico',
  'GET /assets/:file',
  'GET /admin/assets/:file',
  'GET /media/:file',
])

function assertCaching(route: string, url: string, status: number, headers: Record<string, unknown>): void {
  const cc = String(headers['cache-control'] ?? '')
  assert.ok(cc, `${url} says nothing about caching`)
  if (!/\bpublic\b/.test(cc)) return assert.match(cc, /no-store/, `${url}: ${cc}`)
  assert.ok(status === 200 || status === 304, `${url} answered ${status} as public`)
  if (SHARED_STATIC.has(route)) return
  assert.ok(SHARED_PAGES.has(route), `${url} (${route}) is public but its route is not shareable`)
  assert.match(cc, /max-age=0\b/, `${url}: browsers must revalidate`)
  assert.match(String(headers.vary), /\bCookie\b/, `${url}: a shared cache must not give it to a request with cookies`)
}

const NOT_FOUND_URLS = ['/p/nope', '/nope', '/api/v1/nope', '/api/v1/posts/nope', '/p/leak-inline/extra']

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36'
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

async function seedLeakPosts(app: App & { full: FullDb }) {
  await seedChannels(app)
  for (const p of LEAK_POSTS) {
    await seedPost(app, {
      slug: p.slug,
      title: `泄漏测试 ${p.slug}`,
      price: p.price as Cents,
      format: p.format,
      source: p.source,
      tags: ['泄漏测试'],
      channelSlug: p.channelSlug ?? 'speeches',
      ...(p.description ? { description: p.description } : {}),
    })
  }
  // a migrated post's own columns (a FastAdmin model's 网盘 link) holding its paid text: for its editors only
  const dollar = await app.services.handle.db.selectFrom('posts').select('id').where('slug', '=', 'leak-dollar').executeTakeFirstOrThrow()
  await grantCustomFieldsWriter(app.full)(dollar.id, 'fastadmin:cms_addondownload', [{ name: 'downloadurl', value: `https://pan.example.com/s/${sentinel(5)}` }], TEST_NOW.toISOString())
}

function assertNoSentinel(url: string, body: string, allowed: string[]): void {
  for (const s of ALL_SENTINELS) {
    if (allowed.includes(s)) continue
    assert.ok(!body.includes(s), `${url} leaks ${s}`)
    assert.ok(!body.includes(s.slice(0, 9)), `${url} leaks part of ${s}`)
  }
  // the editor's source is written in the markup: it keeps its markers, for those who may edit it
  if (allowed.length && url.startsWith('/api/admin/posts/')) return
  assert.doesNotMatch(body, /paid\s*_?\s*(begin|end)/i, `${url} shows a paywall marker`)
}

/** The sentinels hidden in one leak post. */
const sentinelsOf = (slug: string) => ALL_SENTINELS.filter((s) => LEAK_POSTS.find((p) => p.slug === slug)?.source.includes(s))
/** URLs that show one post's body: only these may carry its paid text, and only to an entitled viewer. */
const bodyOf = (url: string): string | undefined => /^\/(?:api\/v1\/posts|api\/admin\/posts|p)\/(leak-[a-z-]+)(?:\/revisions(?:\/\d+)?|\/download\.(?:docx|pdf))?(?:\?|$)/.exec(url)?.[1]

/**
 * Requests every covered route as one viewer and checks each answer: no
 * sentinel, except those of posts `entitled` says this viewer may read, and
 * those only on that post's own pages and API.
 */
async function sweep(viewer: Client, ctx: Ctx, entitled: (slug: string) => boolean): Promise<number> {
  let requests = 0
  for (const [route, urlsFor] of Object.entries(COVERED)) {
    const reqs = urlsFor(ctx)
    assert.ok(reqs.length > 0, `${route} has no URLs`)
    for (const req of reqs) {
      const res = typeof req === 'string' ? await viewer.get(req) : req.json ? await viewer.json(req.method, req.url, req.json) : await viewer.form(req.url, req.form ?? {})
      const url = typeof req === 'string' ? req : `${req.method} ${req.url}`
      requests++
      assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`)
      const own = typeof req === 'string' ? bodyOf(req) : undefined
      const allowed = own && entitled(own) ? sentinelsOf(own) : []
      // a Word file is a zip, a PDF's text is in its embedded font's glyphs: what a reader would see is checked
      const contentType = res.headers['content-type']
      assertNoSentinel(url, isDocx(contentType) ? docxText(res.rawPayload) : isPdf(contentType) ? (await pdfPages(res.rawPayload)).join('\n') : res.body, allowed)
      for (const value of Object.values(res.headers)) assertNoSentinel(`${url} (headers)`, String(value), [])
      assertCaching(route, url, res.statusCode, res.headers)
      if (allowed.length && res.statusCode === 200) assert.match(String(res.headers['cache-control']), /private, no-store/, `${url} carries paid text and must not be cached`)
    }
  }
  return requests
}

/** The post's paid text as this viewer gets it over all its pages and the API. */
async function readAll(viewer: Client, slug: string, pages: Map<string, number>): Promise<string> {
  let all = ''
  for (const n of range(pages.get(slug) ?? 1)) all += (await viewer.get(`/p/${slug}?page=${n}`)).body + (await viewer.get(`/api/v1/posts/${slug}?page=${n}`)).body
  return all
}

for (const dialect of testDialects()) {
  test(`${dialect}: no paid byte reaches a viewer without an entitlement, by any route; entitled viewers see exactly theirs`, async (t) => {
    let clock = TEST_NOW
    // every payment provider on (against the simulator), so their routes are swept too
    const sim = await startPaySim()
    t.after(() => sim.close())
    const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
    const [wxKeys, aliKeys] = [keys(), keys()]
    const wx = installWechatSim(sim, {
      mchid: '1900000109',
      appid: 'wxd678efh567hg6787',
      apiV3Key: 'k'.repeat(32),
      merchantSerial: 'ABC',
      merchantPublicKey: wxKeys.publicKey,
      mode: 'public-key',
      now: () => clock.getTime(),
      oauth: { appSecret: 's', openid: 'oLeakOpenid000' },
    })
    const ali = installAlipaySim(sim, { appId: '2021000000000001', sellerId: '2088000000000001', appPublicKey: aliKeys.publicKey, now: () => clock.getTime() })
    const stripe = installStripeSim(sim, { now: () => clock.getTime(), webhookUrl: 'https://fanwen.example/pay/notify/stripe' })
    // mail on, so the password reset pages are swept too
    const smtp = await startTestSmtp(t)
    const app = await buildTestApp(t, {
      dialect,
      now: () => clock,
      env: {
        ...wx.appEnv(),
        ...ali.appEnv(),
        ...stripe.appEnv(),
        INKGATE_WECHATPAY_PRIVATE_KEY: wxKeys.privateKey,
        INKGATE_ALIPAY_PRIVATE_KEY: aliKeys.privateKey,
        INKGATE_PAY_SANDBOX: 'true',
        SMTP_URL: smtp.url,
      },
    })
    await seedLeakPosts(app)
    const nested = LEAK_POSTS.find((p) => p.slug === 'leak-nested') as (typeof LEAK_POSTS)[number]
    await seedPost(app, {
      slug: nested.slug,
      title: `泄漏测试 ${nested.slug}`,
      price: nested.price as Cents,
      format: nested.format,
      source: `${nested.source}<p>补充的公开段落</p>`,
      tags: ['泄漏测试'],
    })
    await seedPost(app, { slug: 'other-paid', title: '另一篇付费文档', price: 300 as Cents, source: '<p>公开</p><p>##paidbegin##</p><p>别的付费内容</p>' })
    const pages = new Map<string, number>()
    for (const p of LEAK_POSTS) pages.set(p.slug, (await app.inject(`/api/v1/posts/${p.slug}`)).json().post.pageCount)
    const home = await app.inject('/')
    const assets = [...home.body.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1] as string)
    const consolePage = await app.inject('/admin')
    assert.equal(consolePage.statusCode, 200, 'the console is built (npm test builds it)')
    const consoleAssets = [...consolePage.body.matchAll(/"(\/admin\/assets\/[^"]+)"/g)].map((m) => m[1] as string)
    assert.ok(consoleAssets.length > 0)
    // readers (not bots) search for paid words twice, so they would reach hot searches if anything let them
    for (const q of SEARCHES.slice(0, 30)) for (let k = 0; k < 2; k++) await app.inject({ url: `/api/v1/search?q=${enc(q)}`, headers: { 'user-agent': BROWSER } })
    await app.services.search.flushLog()

    const uncovered = app.services.routes.map((r) => `${r.method} ${r.url}`).filter((key) => !(key in COVERED))
    assert.deepEqual(uncovered, [], 'routes without leak coverage: add them to COVERED')

    // the people
    await app.services.members.register({ username: 'boss', password: 'admin-pass-1', role: 'admin' })
    const admin = client(app, BROWSER)
    assert.equal((await admin.form('/login', { login: 'boss', password: 'admin-pass-1' })).statusCode, 303)
    // a paid attachment whose bytes hold a sentinel, in other-paid's paid region, and a picture in its free text
    const paidFile = (await admin.upload('/api/admin/media?kind=file', { name: '附件.txt', bytes: `附件正文 ${sentinel(30)}\n` })).json().media
    const picture = (await admin.upload('/api/admin/media?kind=image', { name: 'tu.png', bytes: PNG })).json().media
    await seedPost(app, {
      slug: 'other-paid',
      title: '另一篇付费文档',
      price: 300 as Cents,
      source: `<p>公开</p><p><img src="${picture.url}"></p><p>##paidbegin##</p><p>别的付费内容 <a href="${paidFile.url}">下载附件</a></p>`,
    })
    const mediaUrls = [
      paidFile.url,
      picture.url,
      paidFile.url.replace('.txt', '.png'),
      '/media/AAAAAAAAAAAAAAAAAAAAAA.txt',
      `${paidFile.url}?e=${Math.floor(TEST_NOW.getTime() / 1000) + 300}&s=${'A'.repeat(43)}`,
      `${paidFile.url}?e=1&s=x`,
    ]
    const freePlan = (await admin.json('POST', '/api/admin/plans', { name: '全站会员', level: 1, days: 30, price: '30.00', benefit: 'free' })).json().plan
    const discountPlan = (await admin.json('POST', '/api/admin/plans', { name: '折扣会员', level: 1, days: 30, price: '10.00', benefit: 'discount', discountPercent: 30 })).json().plan
    const buy = async (c: Client, form: Record<string, string | number>) => {
      const started = await c.form('/orders', { method: 'sandbox.sandbox', ...form })
      assert.equal(started.statusCode, 303, JSON.stringify(form))
      assert.equal((await c.form(String(started.headers.location), { decision: 'pay' })).statusCode, 303)
    }

    const unpaid = await registered(app, 'unpaid')
    const otherBuyer = await registered(app, 'other_buyer')
    await buy(otherBuyer, { kind: 'post', slug: 'other-paid' })
    const otherGuest = client(app, BROWSER)
    await buy(otherGuest, { kind: 'post', slug: 'other-paid' })
    const discountVip = await registered(app, 'discount_vip')
    await buy(discountVip, { kind: 'vip', plan: discountPlan.id })
    // an expired VIP: bought 40 days ago, for 30 days
    clock = new Date(TEST_NOW.getTime() - 40 * 86_400_000)
    const expiredVip = await registered(app, 'expired_vip')
    await buy(expiredVip, { kind: 'vip', plan: freePlan.id })
    clock = TEST_NOW
    assert.equal((await expiredVip.form('/login', { login: 'expired_vip', password: 'secret-pass-1' })).statusCode, 303)
    const refunded = await registered(app, 'refunded')
    await buy(refunded, { kind: 'post', slug: 'leak-text-sample' })
    const refundedOrder = await app.services.handle.db
      .selectFrom('orders')
      .innerJoin('members', 'members.id', 'orders.member_id')
      .select('order_no')
      .where('members.username', '=', 'refunded')
      .executeTakeFirstOrThrow()
    assert.equal((await admin.json('POST', `/api/admin/orders/${refundedOrder.order_no}/refund`, { reason: '泄漏测试退款' })).statusCode, 200)

    const buyer = await registered(app, 'buyer')
    await buy(buyer, { kind: 'post', slug: 'leak-paged' })
    const guestBuyer = client(app, BROWSER)
    await buy(guestBuyer, { kind: 'post', slug: 'leak-inline' })
    const vip = await registered(app, 'active_vip')
    await buy(vip, { kind: 'vip', plan: freePlan.id })
    const author = await registered(app, 'author1')
    const authorId = (await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'author1').executeTakeFirstOrThrow()).id
    const dollar = LEAK_POSTS.find((p) => p.slug === 'leak-dollar') as (typeof LEAK_POSTS)[number]
    await seedPost(app, { slug: dollar.slug, title: `泄漏测试 ${dollar.slug}`, price: dollar.price as Cents, format: dollar.format, source: dollar.source, tags: ['泄漏测试'], authorId })
    // an author in the console: the editor's routes give them the source of their own post only
    await app.services.members.setRole(TEST_ACTOR, authorId, 'author')
    const editor = await registered(app, 'editor1')
    const editorId = (await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'editor1').executeTakeFirstOrThrow()).id
    await app.services.members.setRole(TEST_ACTOR, editorId, 'editor')

    const allOrders = await app.services.handle.db.selectFrom('orders').select(['order_no', 'member_id', 'guest_key']).orderBy('id').execute()
    const attempts = (await app.services.handle.db.selectFrom('payment_attempts').select('out_trade_no').orderBy('id').execute()).map((a) => a.out_trade_no)
    const memberIdOf = async (name: string) => (await app.services.handle.db.selectFrom('members').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id
    const ctxFor = async (name: string | undefined, searches: string[]): Promise<Ctx> => {
      const id = name ? await memberIdOf(name) : undefined
      const mine = allOrders.filter((o) => id !== undefined && o.member_id === id).map((o) => o.order_no)
      return {
        slugs: LEAK_POSTS.map((p) => p.slug),
        pages,
        channels: ['speeches', 'party', 'lessons'],
        tags: ['泄漏测试'],
        assets,
        consoleAssets,
        searches,
        orders: [
          ...mine,
          ...allOrders
            .filter((o) => o.member_id !== id)
            .slice(0, 1)
            .map((o) => o.order_no),
        ],
        attempts,
        planIds: [freePlan.id, discountPlan.id],
        media: mediaUrls,
      }
    }
    const few = SEARCHES.filter((_, i) => i % 6 === 0)
    const none = () => false
    const priced = (slug: string) => (LEAK_POSTS.find((p) => p.slug === slug)?.price ?? 0) > 0

    let requests = 0
    requests += await sweep(client(app, BROWSER), await ctxFor(undefined, SEARCHES), none)
    for (const [name, viewer] of [
      ['unpaid', unpaid],
      ['other_buyer', otherBuyer],
      ['discount_vip', discountVip],
      ['expired_vip', expiredVip],
      ['refunded', refunded],
    ] as const) {
      // a member reads price-0 members-only posts (access setting); nothing else
      requests += await sweep(viewer, await ctxFor(name, few), (slug) => slug === 'leak-free-members')
      for (const slug of ['leak-text-sample', 'leak-inline', 'leak-all-paid']) assert.doesNotMatch(await readAll(viewer, slug, pages), /ZQXPAID/, `${name} reads ${slug}`)
    }
    requests += await sweep(otherGuest, await ctxFor(undefined, few), none)

    // entitled viewers: exactly their posts, on every page, and nowhere else
    const checks: Array<[string, Client, (slug: string) => boolean]> = [
      ['buyer', buyer, (s) => s === 'leak-paged' || s === 'leak-free-members'],
      ['guest buyer', guestBuyer, (s) => s === 'leak-inline'],
      ['active_vip', vip, (s) => priced(s) || s === 'leak-free-members'],
      ['author1', author, (s) => s === 'leak-dollar' || s === 'leak-free-members'],
      ['editor1', editor, () => true],
    ]
    for (const [name, viewer, entitled] of checks) {
      requests += await sweep(viewer, await ctxFor(name === 'guest buyer' ? undefined : name, few), entitled)
      for (const p of LEAK_POSTS) {
        const all = await readAll(viewer, p.slug, pages)
        for (const s of sentinelsOf(p.slug)) assert.equal(all.includes(s), entitled(p.slug), `${name} ${entitled(p.slug) ? 'does not see' : 'sees'} ${s} of ${p.slug}`)
      }
    }
    // the editor's earlier sources are real: the editor reads leak-nested's first one, paid text and all
    const firstSource = await editor.get('/api/admin/posts/leak-nested/revisions/1')
    assert.equal(firstSource.statusCode, 200)
    for (const s of sentinelsOf('leak-nested')) assert.ok(firstSource.body.includes(s), `the revision holds ${s}`)
    // after entitled viewers read everything, nothing they were shown reaches anyone else (no shared cache holds it)
    for (const viewer of [client(app, BROWSER), unpaid, otherGuest]) {
      for (const p of LEAK_POSTS)
        assertNoSentinel(`/p/${p.slug} after entitled reads`, await readAll(viewer, p.slug, pages), p.slug === 'leak-free-members' && viewer === unpaid ? sentinelsOf(p.slug) : [])
    }
    // the paid attachment: its buyers (a member, and a guest on their browser) and staff get its bytes by a signed link; no one else
    const fileFor = async (c: Client) => {
      const first = await c.get(paidFile.url)
      return first.statusCode === 302 ? await c.get(String(first.headers.location)) : first
    }
    for (const c of [otherBuyer, otherGuest, editor]) assert.ok((await fileFor(c)).body.includes(sentinel(30)), 'an entitled viewer gets the attachment')
    for (const c of [client(app, BROWSER), unpaid, buyer, guestBuyer, discountVip, expiredVip, refunded, author]) {
      const res = await fileFor(c)
      assert.equal(res.statusCode, 403)
      assertNoSentinel(paidFile.url, res.body, [])
    }
    assert.equal((await client(app, BROWSER).get(picture.url)).statusCode, 200, 'a picture in free text is public')
    for (const url of NOT_FOUND_URLS) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 404, url)
      assert.match(String(res.headers['cache-control']), /no-store/, url)
      assertNoSentinel(url, res.body, [])
    }
    assert.ok(requests > 2000, String(requests))
    t.diagnostic(`${requests} requests by 12 viewers`)

    // what is stored for the public is free of paid text too
    const rows = await app.services.handle.db.selectFrom('posts').select(['description', 'title']).execute()
    for (const r of rows) assertNoSentinel('posts.description', r.description, [])
    const segments = await app.services.handle.db.selectFrom('post_segments').select('html').execute()
    for (const s of segments) assertNoSentinel('post_segments', s.html, [])
  })

  test(`${dialect}: the paid regions are really stored and counted, so the leak test is not vacuous`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedLeakPosts(app)
    for (const p of LEAK_POSTS) {
      const api = (await app.inject(`/api/v1/posts/${p.slug}`)).json()
      assert.ok(api.paywall.regionCount >= 1, `${p.slug} has no paid region`)
      assert.ok(api.paywall.paidCharCount > 0, `${p.slug} hides no characters`)
    }
    // search does match paid text (so buyers find what they bought), and says so instead of quoting it
    for (const [n, slug] of [
      [0, 'leak-text-sample'],
      [5, 'leak-dollar'],
      [9, 'leak-paged'],
      [12, 'leak-auto'],
    ] as const) {
      const r = (await app.inject(`/api/v1/search?q=zqxpaid${n}qz`)).json()
      assert.deepEqual(
        r.results.map((x: { post: { slug: string } }) => x.post.slug),
        [slug],
        `zqxpaid${n}qz`,
      )
      assert.equal(r.results[0].matchedPaidContent, true)
    }
    // but it answers no question about paid text: a phrase of paid words finds nothing, excluding a paid word hides nothing
    const seg = getSegmenter([])
    for (const s of ALL_SENTINELS.slice(0, 26)) {
      const slug = LEAK_POSTS.find((p) => p.source.includes(s))?.slug as string
      const words = seg.words(s)
      assert.ok(words.length >= 2, s)
      for (let i = 0; i + 1 < words.length; i++) {
        const phrase = `"${words[i]} ${words[i + 1]}"`
        const r = (await app.inject(`/api/v1/search?q=${enc(phrase)}`)).json()
        assert.equal(r.total, 0, `${phrase} tells that ${slug} holds these words together`)
        const page = await app.inject(`/search?q=${enc(phrase)}`)
        assert.ok(!page.body.includes(`/p/${slug}"`), `${phrase} on /search`)
      }
      for (const word of words) {
        const r = (await app.inject(`/api/v1/search?q=${enc(`泄漏测试 -${word}`)}&pageSize=50`)).json()
        assert.ok(
          r.results.some((x: { post: { slug: string } }) => x.post.slug === slug),
          `excluding ${word} hides ${slug}`,
        )
      }
    }
    const paidRows = await app.full.selectFrom('post_paid_segments').select('html').execute()
    const stored = paidRows.map((r) => r.html).join('\n')
    for (const s of ALL_SENTINELS.slice(0, 26)) assert.ok(stored.includes(s), `${s} is not in the paid table`)
  })
}
