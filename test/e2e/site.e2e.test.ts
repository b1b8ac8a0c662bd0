import { test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import assert from 'node:assert/strict'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { registered } from '../helpers/client.ts'
import type { Cents } from '../../src/shared/money.ts'
import { writeSetting } from '../../src/content/index.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: public pages, feeds and API for a small site`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'free-one', title: '免费的工作总结', source: '<p>免费正文一。</p>', tags: ['总结'], flags: ['recommend'] })
    await seedPost(app, { slug: 'paid-one', title: '付费的讲话稿', price: 990 as Cents, source: '<p>试读部分。</p><p>##paidbegin##</p><p>付费部分。</p>', tags: ['总结', '讲话'] })
    await seedPost(app, { slug: 'paged', title: '分页文档', channelSlug: 'lessons', source: '<p>第一页</p>##pagebreak##<p>第二页</p>' })
    await seedPost(app, { slug: 'draft', title: '草稿不可见', status: 'draft', source: '<p>草稿</p>' })
    await seedPost(app, { slug: 'future', title: '定时发布', publishedAt: '2027-01-01T00:00:00.000Z', source: '<p>未来</p>' })

    await t.test('home lists published posts only, newest and recommended', async () => {
      const res = await app.inject('/')
      assert.equal(res.statusCode, 200)
      // browsers revalidate (a reader who pays must not see the old copy), shared caches may keep it a minute, never for a request with cookies
      assert.equal(res.headers['cache-control'], 'public, max-age=0, s-maxage=60')
      assert.equal(res.headers.vary, 'Cookie, Accept-Encoding')
      const etag = String(res.headers.etag)
      assert.match(etag, /^"[\w-]{22}"$/)
      const again = await app.inject({ url: '/', headers: { 'if-none-match': etag } })
      assert.equal(again.statusCode, 304)
      assert.equal(again.body, '')
      assert.match(res.body, /免费的工作总结/)
      assert.match(res.body, /付费的讲话稿/)
      assert.doesNotMatch(res.body, /草稿不可见|定时发布/)
      assert.match(res.body, /¥9\.90/)
      assert.match(res.body, /<html lang="zh-CN">/)
    })

    await t.test('a post page has breadcrumbs, meta, JSON-LD and a paywall card', async () => {
      const res = await app.inject('/p/paid-one')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /<title>付费的讲话稿 - /)
      assert.match(res.body, /<meta name="description" content="试读部分。">/)
      assert.match(res.body, /<link rel="canonical" href="https:\/\/fanwen.example\/p\/paid-one">/)
      assert.match(res.body, /"isAccessibleForFree":false/)
      assert.match(res.body, /"cssSelector":".paywall-card"/)
      assert.match(res.body, /<aside class="paywall-card" id="paywall" data-nosnippet>/)
      assert.match(res.body, /付费内容 5 字/)
      // on a phone: the banner leads to the card, a bottom bar (shown by reading.js) offers to buy; the price once in the card, on its button
      assert.match(res.body, /<p class="paid-summary"><a href="#paywall" rel="nofollow">本文含付费内容 5 字/)
      assert.match(res.body, /<div class="buy-bar" hidden data-nosnippet><strong class="buy-bar-price">¥9\.90<\/strong><a class="buy" href="\/buy\/paid-one"/)
      assert.match(res.body, /<script src="\/assets\/reading\.[0-9a-f]+\.js" defer><\/script>/)
      const card = /<aside class="paywall-card"[\s\S]*?<\/aside>/.exec(res.body)?.[0] ?? ''
      assert.equal(card.match(/¥9\.90/g)?.length, 1, 'the price once in the card')
      assert.match(res.body, /› <a href="\/c\/speeches">讲话稿<\/a>/)
      assert.match(res.body, /<a href="\/t\/%E8%AE%B2%E8%AF%9D">#讲话<\/a>/)
      assert.doesNotMatch(res.body, /付费部分/)
    })

    await t.test('pages of a paginated post, and a page out of range is a 404', async () => {
      const p2 = await app.inject('/p/paged?page=2')
      assert.equal(p2.statusCode, 200)
      assert.match(p2.body, /第二页/)
      assert.doesNotMatch(p2.body, /第一页<\/p>/)
      assert.match(p2.body, /rel="prev" href="\/p\/paged"/)
      const p3 = await app.inject('/p/paged?page=3')
      assert.equal(p3.statusCode, 404)
      assert.match(p3.body, /没有第 3 页/)
      assert.equal(p3.headers['cache-control'], 'private, no-store')
    })

    await t.test('unknown post, channel and tag get the themed 404; drafts and future posts are unknown', async () => {
      for (const url of ['/p/nope', '/c/nope', '/t/nope', '/p/draft', '/p/future', '/c/outside', '/no/such/page', '/c/nope/rss.xml', '/sitemap-posts-9.xml']) {
        const res = await app.inject(url)
        assert.equal(res.statusCode, 404, url)
        assert.match(res.body, /<h1>404<\/h1>/, url)
        assert.equal(res.headers['cache-control'], 'private, no-store')
      }
    })

    await t.test('malformed query values get a 400 page that names the field, never a 500', async () => {
      for (const url of ['/c/speeches?page=abc', '/c/speeches?page=0', '/p/paid-one?page=-1', '/t/%E6%80%BB%E7%BB%93?page=1.5']) {
        const res = await app.inject(url)
        assert.equal(res.statusCode, 400, url)
        assert.match(res.body, /请求参数有误/)
        assert.match(res.body, /querystring\/page/)
      }
      const huge = await app.inject('/c/speeches?page=99')
      assert.equal(huge.statusCode, 404)
    })

    await t.test('channel pages paginate and a section lists its children', async () => {
      const res = await app.inject('/c/speeches')
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /共 2 篇/)
      const section = await app.inject('/c/party')
      assert.match(section.body, /分页文档/)
      assert.match(section.body, /href="\/c\/lessons">党课/)
    })

    await t.test('tag pages list tagged posts', async () => {
      const res = await app.inject(`/t/${encodeURIComponent('总结')}`)
      assert.equal(res.statusCode, 200)
      assert.match(res.body, /标签：总结/)
      assert.match(res.body, /免费的工作总结/)
      assert.match(res.body, /付费的讲话稿/)
    })

    await t.test('feeds, sitemap and robots', async () => {
      const rss = await app.inject('/rss.xml')
      assert.equal(rss.statusCode, 200)
      assert.match(rss.headers['content-type'] as string, /application\/rss\+xml/)
      assert.match(rss.body, /<link>https:\/\/fanwen.example\/p\/paid-one<\/link>/)
      assert.match(rss.body, /付费内容 5 字/)
      const index = await app.inject('/sitemap.xml')
      assert.match(index.body, /sitemap-posts-1.xml/)
      const posts = await app.inject('/sitemap-posts-1.xml')
      assert.match(posts.body, /<loc>https:\/\/fanwen.example\/p\/free-one<\/loc>/)
      assert.doesNotMatch(posts.body, /draft|future/)
      const pages = await app.inject('/sitemap-pages.xml')
      assert.match(pages.body, /\/c\/lessons/)
      const robots = await app.inject('/robots.txt')
      assert.match(robots.body, /Sitemap: https:\/\/fanwen.example\/sitemap.xml/)
    })

    await t.test('the JSON API lists, filters and paginates posts and answers errors with stable codes', async () => {
      const list = (await app.inject('/api/v1/posts?channel=party')).json()
      assert.deepEqual(
        list.items.map((p: { slug: string }) => p.slug),
        ['paged'],
      )
      const byTag = (await app.inject(`/api/v1/posts?tag=${encodeURIComponent('讲话')}`)).json()
      assert.deepEqual(
        byTag.items.map((p: { slug: string }) => p.slug),
        ['paid-one'],
      )
      const paged = (await app.inject('/api/v1/posts?pageSize=1&page=2')).json()
      assert.equal(paged.total, 3)
      assert.equal(paged.pages, 3)
      assert.equal(paged.items.length, 1)
      const detail = (await app.inject('/api/v1/posts/paid-one')).json()
      assert.deepEqual(
        detail.page.segments.map((s: { kind: string }) => s.kind),
        ['free', 'locked'],
      )
      assert.equal(detail.paywall.priceText, '¥9.90')
      assert.equal(detail.paywall.canRead, false)
      const bad = await app.inject('/api/v1/posts?page=abc')
      assert.equal(bad.statusCode, 400)
      assert.equal(bad.json().error.code, 'VALIDATION_FAILED')
      assert.equal(bad.headers['cache-control'], 'no-store')
      const en = await app.inject({ url: '/api/v1/posts/nope', headers: { 'accept-language': 'en-US,en;q=0.8' } })
      assert.equal(en.statusCode, 404)
      assert.deepEqual(Object.keys(en.json().error).sort(), ['code', 'message', 'requestId'])
      assert.equal(en.json().error.message, 'This post does not exist or was taken down.')
      assert.equal((await app.inject('/api/v1/posts?channel=Bad!')).statusCode, 400)
      assert.equal((await app.inject('/api/v1/posts?page=5')).json().error.code, 'PAGE_OUT_OF_RANGE')
      const channels = (await app.inject('/api/v1/channels')).json()
      assert.deepEqual(channels.items.map((c: { slug: string }) => c.slug).sort(), ['lessons', 'outside', 'party', 'speeches'])
      const spec = (await app.inject('/api/v1/openapi.json')).json()
      assert.equal(spec.openapi.startsWith('3.'), true)
      assert.deepEqual(Object.keys(spec.paths).sort(), [
        '/api/v1/channels',
        '/api/v1/orders/{no}',
        '/api/v1/posts',
        '/api/v1/posts/{slug}',
        '/api/v1/search',
        '/api/v1/search/hot',
        '/api/v1/search/suggest',
      ])
    })

    await t.test('anonymous pages are cached in process and a post change clears the cache', async () => {
      const first = await app.inject('/p/free-one')
      const second = await app.inject('/p/free-one')
      const third = await app.inject('/p/free-one')
      // kept once asked for again (a page asked for once is not worth a place: doorkeeper.ts)
      assert.equal(first.headers['x-page-cache'], 'miss')
      assert.equal(second.headers['x-page-cache'], 'miss')
      assert.equal(third.headers['x-page-cache'], 'hit')
      assert.equal(third.body, second.body)
      await seedPost(app, { slug: 'free-one', title: '改过的标题', source: '<p>免费正文一。</p>' })
      const changed = await app.inject('/p/free-one')
      assert.equal(changed.headers['x-page-cache'], 'miss')
      assert.match(changed.body, /改过的标题/)
    })

    await t.test('views are counted in memory and written in one batch', async () => {
      const views = async () => (await app.inject('/api/v1/posts/paged')).json().post.viewCount as number
      await app.services.views.flush()
      const before = await views()
      for (let i = 0; i < 5; i++) await app.inject('/p/paged')
      assert.equal(await views(), before, 'nothing is written per request')
      await app.services.views.flush()
      assert.equal(await views(), before + 5)
    })

    await t.test('a post kept between pages shows its view count as written, never an older one', async () => {
      const shown = (body: string) => Number(/([\d,]+) 次阅读/.exec(body)?.[1]?.replace(/,/g, ''))
      // counts are shown from the owner's threshold on (站点设置): here from the first view
      await writeSetting(app.services.handle.db, 'viewsShownFrom', 0)
      await app.services.contentChanged()
      await app.services.views.flush()
      const before = await app.services.handle.db.selectFrom('post_views').innerJoin('posts', 'posts.id', 'post_views.post_id').select('views').where('posts.slug', '=', 'paged').executeTakeFirst()
      const first = await app.inject('/p/paged?page=1')
      assert.equal(shown(first.body), (before?.views ?? 0) + 1)
      await app.services.views.flush()
      // another URL of the same post: rendered (not the cached page), from the post kept since the first
      const second = await app.inject('/p/paged?page=2')
      assert.equal(shown(second.body), (before?.views ?? 0) + 2)
    })

    await t.test('a post kept between pages follows every change: repriced, then hidden', async () => {
      const kept = { slug: 'kept-one', title: '留存的讲话稿', channelSlug: 'speeches', source: '<p>免费开头。</p>##paidbegin##<p>付费正文。</p>##paidend##' }
      await seedPost(app, { ...kept, price: 990 as Cents })
      assert.match((await app.inject('/p/kept-one')).body, /¥9\.90/)
      await seedPost(app, { ...kept, price: 590 as Cents })
      // another URL of the same post, so no cached page stands in the way
      assert.match((await app.inject('/p/kept-one?page=1')).body, /¥5\.90/)
      await seedPost(app, { ...kept, price: 590 as Cents, status: 'hidden' })
      assert.equal((await app.inject('/p/kept-one?page=1&')).statusCode, 404)
    })

    await t.test('pages are compressed when the client asks; a cached page is compressed once and its bytes reused', async () => {
      const plain = await app.inject('/c/speeches')
      assert.equal(plain.headers['content-encoding'], undefined)
      for (const [accept, encoding, unpack] of [
        ['gzip, deflate, br', 'br', brotliDecompressSync],
        ['gzip', 'gzip', gunzipSync],
        ['br;q=0, gzip;q=0.8', 'gzip', gunzipSync],
      ] as const) {
        const first = await app.inject({ url: '/c/speeches', headers: { 'accept-encoding': accept } })
        const second = await app.inject({ url: '/c/speeches', headers: { 'accept-encoding': accept } })
        assert.equal(first.headers['content-encoding'], encoding, accept)
        assert.equal(second.headers['x-page-cache'], 'hit')
        assert.ok(first.rawPayload.equals(second.rawPayload), 'the same compressed bytes, from the cache')
        assert.ok(first.rawPayload.length < plain.rawPayload.length / 2, `${encoding}: ${first.rawPayload.length} of ${plain.rawPayload.length} bytes`)
        assert.equal(unpack(first.rawPayload).toString(), plain.body)
        assert.match(String(first.headers.vary), /Accept-Encoding/)
      }
      // pages made for one reader and the JSON API are compressed too
      const login = await app.inject({ url: '/login', headers: { 'accept-encoding': 'gzip' } })
      assert.equal(login.headers['content-encoding'], 'gzip')
      const api = await app.inject({ url: '/api/v1/posts?pageSize=50', headers: { 'accept-encoding': 'br' } })
      assert.equal(api.headers['content-encoding'], 'br')
    })

    await t.test('a favicon answers /favicon.ico (browsers ask on every first visit) and the page names its SVG icon', async () => {
      const ico = await app.inject('/favicon.ico')
      assert.equal(ico.statusCode, 200)
      assert.equal(ico.headers['content-type'], 'image/x-icon')
      assert.ok(ico.rawPayload.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0])), 'an ICO file')
      assert.match((await app.inject('/')).body, /<link rel="icon" href="\/assets\/favicon\.[0-9a-f]{10}\.svg" type="image\/svg\+xml">/)
    })

    await t.test('theme assets are served with a content hash and a long cache life', async () => {
      const home = await app.inject('/')
      const css = /href="(\/assets\/site\.[0-9a-f]{10}\.css)"/.exec(home.body)?.[1]
      assert.ok(css)
      const res = await app.inject(css)
      assert.equal(res.statusCode, 200)
      assert.match(res.headers['cache-control'] as string, /immutable/)
      assert.equal((await app.inject('/assets/nope.css')).statusCode, 404)
    })
  })

  test(`${dialect}: only covers we would follow are stored and shown; a javascript: cover is refused with a warning`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const bad = await seedPost(app, { slug: 'bad-cover', title: '封面不安全', coverUrl: 'javascript:alert(document.cookie)', source: '<p>正文</p>' })
    assert.deepEqual(
      bad.warnings.map((w) => w.code),
      ['CONTENT_COVER_REFUSED'],
    )
    const good = await seedPost(app, { slug: 'good-cover', title: '封面正常', coverUrl: 'https://cdn.example/cover.png', source: '<p>正文</p>' })
    assert.deepEqual(good.warnings, [])
    for (const url of ['/api/v1/posts/bad-cover', '/p/bad-cover', '/api/v1/posts', '/', '/rss.xml']) assert.doesNotMatch((await app.inject(url)).body, /javascript:/i, url)
    assert.equal((await app.inject('/api/v1/posts/bad-cover')).json().post.coverUrl, null)
    assert.match((await app.inject('/p/good-cover')).body, /<meta property="og:image" content="https:\/\/cdn\.example\/cover\.png">/)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: a paginated post says which count is the post's and which this page's; a page without a card links its banner to the cashier`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, {
      slug: 'two-pages',
      price: 500 as Cents,
      source:
        '<p>开头</p><p>##paidbegin##</p><p>付费一</p><p>##paidend##</p><p>第一页的结尾</p>##pagebreak##<p>第二页开头</p><p>##paidbegin##</p><p>付费二二二</p><p>##paidend##</p>##pagebreak##<p>第三页全是免费的</p>',
    })
    const page1 = (await app.inject('/p/two-pages')).body
    assert.match(page1, /本文含付费内容 8 字/)
    assert.match(page1, /此处付费内容 3 字（全文付费内容共 8 字）/)
    const page2 = (await app.inject('/p/two-pages?page=2')).body
    assert.match(page2, /本文含付费内容 8 字/)
    assert.match(page2, /此处付费内容 5 字（全文付费内容共 8 字）/)
    assert.match(page2, /id="paywall"/)
    assert.match(page2, /href="\/buy\/two-pages\?page=2"/, 'the cashier knows the page the reader left')
    const page3 = (await app.inject('/p/two-pages?page=3')).body
    assert.match(page3, /<p class="paid-summary"><a href="\/buy\/two-pages\?page=3" rel="nofollow">/)
    assert.doesNotMatch(page3, /buy-bar|reading\./)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: the cashier offers the balance only when it covers the price; short of it, it says so and links to a top-up`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: { INKGATE_PAY_SANDBOX: 'true' } })
    await seedChannels(app)
    await seedPost(app, { slug: 'priced', price: 990 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    const reader = await registered(app, 'yue_reader')
    const short = (await reader.get('/buy/priced')).body
    assert.doesNotMatch(short, /value="balance"/)
    assert.match(short, /余额 ¥0\.00，不够支付这篇。 <a href="\/user#topup">去充值<\/a>/)
    assert.match(short, /value="sandbox\.sandbox"/, 'the other ways to pay are there')
    const member = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'yue_reader').executeTakeFirstOrThrow()
    await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, member.id, 1000, '测试')
    const enough = (await reader.get('/buy/priced')).body
    assert.match(enough, /value="balance"/)
    assert.match(enough, /（余额 ¥10\.00）/)
    assert.doesNotMatch(enough, /不够支付/)
    assert.match((await reader.get('/user')).body, /id="topup"/)
  })
}
