import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { ALL_SENTINELS, LEAK_POSTS } from './leak-corpus.ts'

/*
 * DESIGN.md's leak test: posts whose paid regions hold sentinels, every public route
 * requested as every viewer without an entitlement, no sentinel anywhere.
 * Viewer kinds: only anonymous visitors exist until members land (issue 3), which
 * adds the member who has not paid, the member who paid another post, the expired
 * VIP, and the entitled viewers who must see the sentinels.
 */

type UrlsFor = (ctx: { slugs: string[]; pages: Map<string, number>; channels: string[]; tags: string[]; assets: string[]; searches: string[] }) => string[]

/*
 * Search queries aimed at paid text: each sentinel's Latin and Chinese halves and
 * the whole, in lower case, so a page echoing the query cannot match the
 * upper-case sentinels while any quoted paid text would.
 */
const SEARCHES = [
  ...ALL_SENTINELS.slice(0, 26).flatMap((s) => [s.toLowerCase(), s.slice(s.indexOf('QZ') + 2), s.slice(0, s.indexOf('QZ') + 2).toLowerCase()]),
  '付费开头', '继续付费', '公开', '泄漏测试', '"zqxpaid0qz 密文"', 'zqxpaid1qz OR 公开', '公开 -zqxpaid3qz', 'NEAR(公开', '*', '"', '',
]
const enc = encodeURIComponent

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
  'GET /assets/:file': ({ assets }) => [...assets, '/assets/missing.css'],
  'GET /api/v1/posts': ({ channels, tags }) => ['/api/v1/posts?pageSize=100', ...channels.map((c) => `/api/v1/posts?channel=${c}&pageSize=100`), ...tags.map((t) => `/api/v1/posts?tag=${encodeURIComponent(t)}`)],
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
}
const NOT_FOUND_URLS = ['/p/nope', '/nope', '/api/v1/nope', '/api/v1/posts/nope', '/p/leak-inline/extra']

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36'
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

async function seedLeakPosts(app: App) {
  await seedChannels(app)
  for (const p of LEAK_POSTS) {
    await seedPost(app, { slug: p.slug, title: `泄漏测试 ${p.slug}`, price: p.price as Cents, format: p.format, source: p.source, tags: ['泄漏测试'], channelSlug: p.channelSlug ?? 'speeches', ...(p.description ? { description: p.description } : {}) })
  }
}

function assertNoSentinel(url: string, body: string): void {
  for (const s of ALL_SENTINELS) {
    assert.ok(!body.includes(s), `${url} leaks ${s}`)
    assert.ok(!body.includes(s.slice(0, 9)), `${url} leaks part of ${s}`)
  }
  assert.doesNotMatch(body, /paid\s*_?\s*(begin|end)/i, `${url} shows a paywall marker`)
}

for (const dialect of testDialects()) {
  test(`${dialect}: no paid byte reaches an anonymous visitor by any public route`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedLeakPosts(app)
    const pages = new Map<string, number>()
    for (const p of LEAK_POSTS) pages.set(p.slug, (await app.inject(`/api/v1/posts/${p.slug}`)).json().post.pageCount)
    const home = await app.inject('/')
    const assets = [...home.body.matchAll(/"(\/assets\/[^"]+)"/g)].map((m) => m[1] as string)
    const ctx = { slugs: LEAK_POSTS.map((p) => p.slug), pages, channels: ['speeches', 'party', 'lessons'], tags: ['泄漏测试'], assets, searches: SEARCHES }
    // readers (not bots) search for paid words twice, so they would reach hot searches if anything let them
    for (const q of SEARCHES.slice(0, 30)) for (let k = 0; k < 2; k++) await app.inject({ url: `/api/v1/search?q=${enc(q)}`, headers: { 'user-agent': BROWSER } })
    await app.services.search.flushLog()

    const uncovered = app.services.routes.map((r) => `${r.method} ${r.url}`).filter((key) => !(key in COVERED))
    assert.deepEqual(uncovered, [], 'routes without leak coverage: add them to COVERED')

    let requests = 0
    for (const [route, urlsFor] of Object.entries(COVERED)) {
      const urls = urlsFor(ctx)
      assert.ok(urls.length > 0, `${route} has no URLs`)
      for (const url of urls) {
        const res = await app.inject({ url, headers: { 'user-agent': BROWSER } })
        requests++
        assert.ok(res.statusCode < 500, `${url} answered ${res.statusCode}`)
        assertNoSentinel(url, res.body)
        for (const value of Object.values(res.headers)) assertNoSentinel(`${url} (headers)`, String(value))
      }
    }
    for (const url of NOT_FOUND_URLS) {
      const res = await app.inject(url)
      assert.equal(res.statusCode, 404, url)
      assertNoSentinel(url, res.body)
    }
    assert.ok(requests > 100)

    // what is stored for the public is free of paid text too
    const rows = await app.services.handle.db.selectFrom('posts').select(['description', 'title']).execute()
    for (const r of rows) assertNoSentinel('posts.description', r.description)
    const segments = await app.services.handle.db.selectFrom('post_segments').select('html').execute()
    for (const s of segments) assertNoSentinel('post_segments', s.html)
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
    for (const [n, slug] of [[0, 'leak-text-sample'], [5, 'leak-dollar'], [9, 'leak-paged'], [12, 'leak-auto']] as const) {
      const r = (await app.inject(`/api/v1/search?q=zqxpaid${n}qz`)).json()
      assert.deepEqual(r.results.map((x: { post: { slug: string } }) => x.post.slug), [slug], `zqxpaid${n}qz`)
      assert.equal(r.results[0].matchedPaidContent, true)
    }
    const paidRows = await app.services.handle.full.selectFrom('post_paid_segments').select('html').execute()
    const stored = paidRows.map((r) => r.html).join('\n')
    for (const s of ALL_SENTINELS.slice(0, 26)) assert.ok(stored.includes(s), `${s} is not in the paid table`)
  })
}
