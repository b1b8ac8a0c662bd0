import { test } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import type { App } from '../../src/app.ts'
import { rankUnranked, reindex } from '../../src/search/index.ts'
import { grantIndexText } from '../../src/paywall/index.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'

const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1'
const enc = encodeURIComponent
const api = async (app: App, q: string, extra = '') => {
  const res = await app.inject({ url: `/api/v1/search?q=${enc(q)}${extra}`, headers: { 'user-agent': BROWSER } })
  return { status: res.statusCode, body: res.json() }
}
const slugs = (body: { results: Array<{ post: { slug: string } }> }) => body.results.map((r) => r.post.slug)

async function seedSearchPosts(app: App) {
  await seedChannels(app)
  await seedPost(app, {
    slug: 'zhuti-fayan',
    title: '2024年主题教育专题研讨发言材料',
    tags: ['主题教育', '研讨发言'],
    source: '<p>围绕主题教育，结合调查研究谈几点体会。</p><p>一是加强理论学习。</p>',
    publishedAt: '2026-10-01T00:00:00.000Z',
  })
  await seedPost(app, {
    slug: 'diaoyan-baogao',
    title: '关于基层治理的调研报告',
    channelSlug: 'lessons',
    tags: ['调研报告'],
    source: '<p>大兴调查研究之风，深入社区蹲点调研。</p><p>基层治理存在的问题。</p>',
    publishedAt: '2026-10-05T00:00:00.000Z',
  })
  await seedPost(app, {
    slug: 'xinde-paid',
    title: '党纪学习教育心得体会',
    price: 990 as Cents,
    tags: ['心得体会'],
    source: '<p>通过党纪学习教育，我深刻认识到纪律的重要性。</p><p>##paidbegin##</p><p>付费部分专门谈检视整改和廉洁自律的具体措施。</p><p>##paidend##</p>',
    publishedAt: '2026-10-10T00:00:00.000Z',
  })
  await seedPost(app, {
    slug: 'ppt-muban',
    title: 'PPT模板：年终工作总结',
    tags: ['工作总结'],
    source: '<p>本文提供 PPT 与 Word 两种格式的年终总结范文。</p>',
    publishedAt: '2026-10-12T00:00:00.000Z',
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: search finds posts by title, free and paid text, and shows only free text`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedSearchPosts(app)

    await t.test('domain terms, their pieces, mixed and traditional text all find the post', async () => {
      assert.deepEqual(slugs((await api(app, '主题教育 研讨发言')).body), ['zhuti-fayan'])
      assert.deepEqual(slugs((await api(app, '调查研究')).body).sort(), ['diaoyan-baogao', 'zhuti-fayan'])
      assert.deepEqual(slugs((await api(app, '研究')).body).sort(), ['diaoyan-baogao', 'zhuti-fayan'], 'a piece of 调查研究 finds it')
      assert.deepEqual(slugs((await api(app, '2024年')).body), ['zhuti-fayan'])
      assert.deepEqual(slugs((await api(app, 'ppt')).body), ['ppt-muban'])
      assert.deepEqual(slugs((await api(app, 'ＰＰＴ 總結')).body), ['ppt-muban'], 'full-width and traditional forms fold')
      assert.deepEqual(slugs((await api(app, '主題教育')).body), ['zhuti-fayan'])
    })

    await t.test('the title and snippet mark the matches; a post found only by paid text says so and quotes nothing paid', async () => {
      const r = (await api(app, '理论学习')).body
      assert.equal(r.results[0].titleHtml, '2024年主题教育专题研讨发言材料')
      assert.match(r.results[0].snippetHtml, /<mark>理论学习<\/mark>/)
      const paid = (await api(app, '检视整改')).body
      assert.deepEqual(slugs(paid), ['xinde-paid'])
      assert.equal(paid.results[0].matchedPaidContent, true)
      assert.doesNotMatch(JSON.stringify(paid), /付费部分|廉洁自律的具体措施/)
      const page = await app.inject({ url: `/search?q=${enc('检视整改')}`, headers: { 'user-agent': BROWSER } })
      assert.match(page.body, /匹配付费内容/)
      assert.doesNotMatch(page.body, /付费部分|具体措施/)
      assert.match(page.body, /<meta name="robots" content="noindex,follow">/)
    })

    await t.test('filters, facets, sorting and pages', async () => {
      const all = (await api(app, '的')).body
      assert.ok(all.total >= 2)
      const lessons = (await api(app, '调查研究', '&channel=party')).body
      assert.deepEqual(slugs(lessons), ['diaoyan-baogao'], 'a section includes its sub-channels')
      const facets = (await api(app, '调查研究')).body.facets
      assert.deepEqual(facets.channels.map((c: { slug: string; count: number }) => [c.slug, c.count]).sort(), [
        ['lessons', 1],
        ['speeches', 1],
      ])
      assert.deepEqual(slugs((await api(app, '学习', '&price=paid')).body), ['xinde-paid'])
      assert.ok(!slugs((await api(app, '学习', '&price=free')).body).includes('xinde-paid'))
      assert.deepEqual(slugs((await api(app, '调查研究', '&sort=newest')).body), ['diaoyan-baogao', 'zhuti-fayan'])
      const paged = (await api(app, '调查研究', '&pageSize=1&page=2')).body
      assert.equal(paged.pages, 2)
      assert.equal(paged.results.length, 1)
      assert.deepEqual(slugs((await api(app, '调查研究 -基层治理')).body), ['zhuti-fayan'])
      assert.deepEqual(slugs((await api(app, '"理论 学习"')).body), ['zhuti-fayan'])
      assert.deepEqual(slugs((await api(app, '"学习 理论"')).body), [], 'a quoted phrase keeps its order')
      assert.deepEqual(slugs((await api(app, 'ppt OR 调研报告')).body).sort(), ['diaoyan-baogao', 'ppt-muban'])
      const html = await app.inject({ url: `/search?q=${enc('调查研究')}&channel=lessons`, headers: { 'user-agent': BROWSER } })
      assert.equal(html.statusCode, 200)
      assert.match(html.body, /找到 1 篇相关范文/)
      assert.match(html.body, /<mark>调查研究<\/mark>/)
    })

    await t.test('empty, overlong, punctuation-only and operator queries: a clear message or a clean result, never a 500', async () => {
      for (const [q, code] of [
        ['', 'SEARCH_QUERY_EMPTY'],
        ['，。！', 'SEARCH_QUERY_EMPTY'],
        ['学'.repeat(101), 'SEARCH_QUERY_TOO_LONG'],
      ] as const) {
        const r = await api(app, q)
        assert.equal(r.status, 400, q)
        assert.equal(r.body.error.code, code)
      }
      for (const q of ['"', '*', 'NEAR(主题', 'OR', 'AND 主题', '-', '主题 -', '"主题', "'; DROP TABLE posts; --", '\\', '^主题', 'title:主题', '主题*', '(((', '&|!<->']) {
        const r = await api(app, q)
        assert.ok(r.status === 200 || r.status === 400, `${q} → ${r.status}`)
        const page = await app.inject({ url: `/search?q=${enc(q)}`, headers: { 'user-agent': BROWSER } })
        assert.equal(page.statusCode, 200, q)
      }
      const page = await app.inject(`/search?q=${enc('学'.repeat(101))}`)
      assert.match(page.body, /关键词太长了/)
      assert.equal((await app.inject('/search?q=x&page=0')).statusCode, 400)
      assert.equal((await app.inject('/search?q=x&channel=nope')).statusCode, 404)
    })

    await t.test('nothing found: alternatives and hot searches', async () => {
      const r = (await api(app, '调研报告 不存在的词语')).body
      assert.equal(r.total, 0)
      assert.deepEqual(r.alternatives, ['调研报告'])
      const page = await app.inject({ url: `/search?q=${enc('调研报告 不存在的词语')}`, headers: { 'user-agent': BROWSER } })
      assert.match(page.body, /没有找到/)
      assert.match(page.body, /试试/)
    })

    await t.test('one Chinese character falls back to titles', async () => {
      assert.deepEqual(slugs((await api(app, '党')).body), ['xinde-paid'])
    })

    await t.test('suggestions come from titles and tags', async () => {
      const s = (await app.inject(`/api/v1/search/suggest?q=${enc('主题')}`)).json()
      assert.deepEqual(
        s.titles.map((x: { url: string }) => x.url),
        ['/p/zhuti-fayan'],
      )
      assert.deepEqual(
        s.tags.map((x: { name: string }) => x.name),
        ['主题教育'],
      )
      assert.deepEqual((await app.inject(`/api/v1/search/suggest?q=${enc('调研')}`)).json().titles.length, 1)
      assert.deepEqual((await app.inject('/api/v1/search/suggest?q=')).json(), { titles: [], tags: [] })
    })

    await t.test('hot searches count readers, not bots, and only what a public title matches', async () => {
      await app.services.search.flushLog()
      for (let i = 0; i < 3; i++) await api(app, '调研报告')
      for (let i = 0; i < 2; i++) await api(app, '检视整改') // found by paid text only
      for (let i = 0; i < 5; i++) await app.inject({ url: `/api/v1/search?q=${enc('心得体会')}`, headers: { 'user-agent': 'curl/8.5.0' } })
      for (let i = 0; i < 5; i++) await app.inject({ url: `/api/v1/search?q=${enc('ppt')}`, headers: { 'user-agent': 'Mozilla/5.0 (compatible; Baiduspider/2.0)' } })
      await app.services.search.flushLog()
      const hot = (await app.inject('/api/v1/search/hot')).json().queries.map((h: { query: string }) => h.query)
      assert.ok(hot.includes('调研报告'), JSON.stringify(hot))
      assert.ok(!hot.includes('检视整改') && !hot.includes('心得体会') && !hot.includes('ppt'), JSON.stringify(hot))
      assert.match((await app.inject('/search')).body, /热门搜索[\s\S]*调研报告/)
    })

    await t.test('a post page lists related posts from the index', async () => {
      await seedPost(app, { slug: 'zhuti-zongjie', title: '主题教育工作总结', tags: ['主题教育'], source: '<p>总结。</p>', publishedAt: '2026-10-20T00:00:00.000Z' })
      const page = await app.inject('/p/zhuti-fayan')
      const related = page.body.slice(page.body.indexOf('相关范文'))
      assert.ok(related.indexOf('/p/zhuti-zongjie') >= 0)
    })
  })

  test(`${dialect}: related posts are ranked ahead of time, newer posts join older lists when those are ranked again, and a hidden one leaves at once`, async (t) => {
    let now = new Date('2026-11-01T00:00:00.000Z')
    const app = await buildTestApp(t, { dialect, now: () => now })
    await seedSearchPosts(app)
    const relatedOn = async (slug: string) => {
      const body = (await app.inject(`/p/${slug}`)).body
      return body.slice(body.indexOf('相关范文'))
    }
    const ranked = async (slug: string) =>
      (await sql<{ related_ids: string | null }>`SELECT w.related_ids FROM post_related_words w JOIN posts p ON p.id = w.post_id WHERE p.slug = ${slug}`.execute(app.services.handle.db)).rows[0]
        ?.related_ids

    assert.equal(await ranked('zhuti-fayan'), null)
    assert.equal(await app.services.search.refreshRelated(100), 4)
    assert.equal(await app.services.search.refreshRelated(100), 0, 'nothing is due again until the ranking is old')
    assert.equal(typeof (await ranked('zhuti-fayan')), 'string')

    // a newer post sharing the tag: ranked at once for itself, but the older post's list waits for its next ranking
    const { post: newer } = await seedPost(app, { slug: 'zhuti-zongjie', title: '主题教育工作总结', tags: ['主题教育'], source: '<p>总结。</p>', publishedAt: '2026-10-20T00:00:00.000Z' })
    assert.ok((await relatedOn('zhuti-zongjie')).includes('/p/zhuti-fayan'), 'an unranked post ranks its related posts on the page')
    assert.equal(typeof (await ranked('zhuti-zongjie')), 'string', 'and keeps that ranking: the next page does not rank again')
    assert.ok(!(await ranked('zhuti-fayan'))?.split(',').includes(String(newer.id)))
    now = new Date(now.getTime() + 7 * 3600_000)
    await app.services.search.refreshRelated(100)
    assert.ok((await ranked('zhuti-fayan'))?.split(',').includes(String(newer.id)))
    assert.ok((await relatedOn('zhuti-fayan')).includes('/p/zhuti-zongjie'))

    // hidden: gone from the ranked list on the next page view, before any ranking
    await seedPost(app, { slug: 'zhuti-zongjie', title: '主题教育工作总结', tags: ['主题教育'], source: '<p>总结。</p>', publishedAt: '2026-10-20T00:00:00.000Z', status: 'hidden' })
    assert.ok(!(await relatedOn('zhuti-fayan')).includes('/p/zhuti-zongjie'))

    // new words drop the old ranking
    await seedPost(app, { slug: 'zhuti-fayan', title: '乡村振兴调研发言', tags: ['乡村振兴'], source: '<p>正文。</p>', publishedAt: '2026-10-01T00:00:00.000Z' })
    assert.equal(await ranked('zhuti-fayan'), null)
    // what an import or a reindex leaves unranked is ranked when it finishes
    await seedPost(app, { slug: 'xin-yi', title: '乡村振兴工作汇报', tags: ['乡村振兴'], source: '<p>正文。</p>' })
    assert.equal(await rankUnranked(app.services.handle.db, app.services.writers.engine, now), 2)
    assert.equal(await rankUnranked(app.services.handle.db, app.services.writers.engine, now), 0)
    assert.ok((await ranked('xin-yi'))?.split(',').length)
  })

  test(`${dialect}: the index follows every save, hide, schedule and delete in the same transaction`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedSearchPosts(app)
    const base = { slug: 'zhuti-fayan', tags: ['主题教育'], source: '<p>正文讲述乡村振兴。</p>' }
    await seedPost(app, { ...base, title: '乡村振兴调研发言' })
    assert.deepEqual(slugs((await api(app, '乡村振兴')).body), ['zhuti-fayan'])
    assert.deepEqual(slugs((await api(app, '研讨发言')).body), [], 'the old title is gone from the index')
    await seedPost(app, { ...base, title: '乡村振兴调研发言', status: 'hidden' })
    assert.equal((await api(app, '乡村振兴')).body.total, 0)
    await seedPost(app, { ...base, title: '乡村振兴调研发言', status: 'published', publishedAt: '2027-01-01T00:00:00.000Z' })
    assert.equal((await api(app, '乡村振兴')).body.total, 0, 'scheduled posts appear when their time comes')
    await seedPost(app, { ...base, title: '乡村振兴调研发言', publishedAt: '2026-11-01T00:00:00.000Z' })
    assert.equal((await api(app, '乡村振兴')).body.total, 1)
    await app.services.posts.deletePost(TEST_ACTOR, 'zhuti-fayan')
    assert.equal((await api(app, '乡村振兴')).body.total, 0)
    assert.deepEqual(await app.services.writers.engine.indexedIds(app.services.handle.db, 0, 100).then((ids) => ids.length), 3)
    // a save that fails leaves the index as it was
    await assert.rejects(seedPost(app, { slug: 'ppt-muban', title: '新标题乡村', channelSlug: 'nope', source: '<p>乡村</p>' }))
    assert.deepEqual(slugs((await api(app, 'ppt')).body), ['ppt-muban'])
    assert.equal((await api(app, '新标题')).body.total, 0)
  })

  test(`${dialect}: a reindex rebuilds the index, resumes where it stopped and drops rows of deleted posts`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedSearchPosts(app)
    const { handle, writers } = app.services
    const db = handle.db
    for (const id of await writers.engine.indexedIds(db, 0, 100)) await writers.engine.remove(db, id)
    // on SQLite an index row can outlive its post (deleted outside the service); PostgreSQL's foreign key cascades
    if (dialect === 'sqlite') await writers.engine.upsert(db, { postId: 999_999, title: '孤儿', tags: '', free: '', paid: '', extras: '' })
    assert.equal((await api(app, '调查研究')).body.total, 0)
    const options = { db, engine: writers.engine, indexText: grantIndexText(app.full), siteTerms: [], workers: 1, batchSize: 2 }
    let batches = 0
    await assert.rejects(
      reindex({
        ...options,
        onProgress: (done) => {
          if (done > 0 && ++batches === 1) throw new Error('stopped')
        },
      }),
      /stopped/,
    )
    const resumed = await reindex(options)
    assert.equal(resumed.resumedFrom, 2)
    assert.equal(resumed.indexed, 2)
    assert.equal(resumed.removed, dialect === 'sqlite' ? 1 : 0)
    assert.deepEqual(slugs((await api(app, '调查研究')).body).sort(), ['diaoyan-baogao', 'zhuti-fayan'])
    assert.deepEqual(slugs((await api(app, '检视整改')).body), ['xinde-paid'], 'paid text is indexed again through the paywall')
    assert.equal((await sql<{ n: number }>`SELECT count(*) AS n FROM settings WHERE key = 'search_reindex'`.execute(db)).rows[0]?.n ?? 0, 0)
  })
}
