import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import { writeSetting } from '../../src/content/index.ts'
import { getSegmenter, reindex } from '../../src/search/index.ts'
import { grantIndexText } from '../../src/paywall/index.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'

/*
 * Search must find a post by a word of its paid text (a buyer looks for what they
 * bought) but never answer a question about that text: whether two paid words
 * stand together, or whether a word is absent from it. DESIGN.md, the invariant, point 3.
 */
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1'
const PAID = '落实整改清单逐项销号，压实主体责任，健全长效机制。'
const FREE = '开展警示教育，筑牢思想防线。'
const enc = encodeURIComponent

async function find(app: App, q: string) {
  const res = await app.inject({ url: `/api/v1/search?q=${enc(q)}`, headers: { 'user-agent': BROWSER } })
  assert.equal(res.statusCode, 200, res.body)
  const body = res.json()
  return {
    slugs: body.results.map((r: { post: { slug: string } }) => r.post.slug) as string[],
    total: body.total as number,
    facets: body.facets,
    paidOnly: body.results.map((r: { matchedPaidContent: boolean }) => r.matchedPaidContent),
  }
}

for (const dialect of testDialects()) {
  test(`${dialect}: paid text answers single words only; phrases, exclusions, totals and facets look at free text`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'oracle', title: '纪律教育心得体会', price: 500 as Cents, source: `<p>${FREE}</p><p>##paidbegin##</p><p>${PAID}</p><p>##paidend##</p>` })
    const paidWords = getSegmenter([]).words(PAID)
    const pairs = paidWords.slice(0, -1).map((w, i) => `"${w} ${paidWords[i + 1]}"`)
    assert.ok(pairs.length >= 4)

    await t.test('a single paid word finds the post, which says it matched paid content', async () => {
      for (const word of paidWords) {
        const r = await find(app, word)
        assert.deepEqual(r.slugs, ['oracle'], word)
        assert.deepEqual(r.paidOnly, [true], word)
      }
    })

    await t.test('a quoted phrase of paid words finds nothing: no result, no total, no facet', async () => {
      for (const phrase of [...pairs, `"${paidWords.slice(0, 3).join(' ')}"`, `${pairs[0]} OR ${pairs[1]}`, `心得体会 ${pairs[2]}`]) {
        const r = await find(app, phrase)
        assert.deepEqual(r.slugs, [], phrase)
        assert.equal(r.total, 0, phrase)
        assert.deepEqual(r.facets.channels, [], phrase)
      }
      const page = await app.inject({ url: `/search?q=${enc(pairs[0] as string)}`, headers: { 'user-agent': BROWSER } })
      assert.doesNotMatch(page.body, /纪律教育心得体会/)
    })

    await t.test('excluding a paid-only word hides nothing; excluding a free word does', async () => {
      for (const word of paidWords) assert.deepEqual((await find(app, `心得体会 -${word}`)).slugs, ['oracle'], word)
      assert.deepEqual((await find(app, '心得体会 -防线')).slugs, [])
      assert.deepEqual((await find(app, '心得体会 -纪律')).slugs, [])
    })

    await t.test('phrases in the title and the free text still work', async () => {
      assert.deepEqual((await find(app, '"纪律 教育"')).slugs, ['oracle'])
      assert.deepEqual((await find(app, '"思想 防线"')).slugs, ['oracle'])
      assert.deepEqual((await find(app, '"警示 教育"')).slugs, ['oracle'], 'typed with a space, the word 警示教育 of the free text')
    })

    await t.test('staff search everything', async () => {
      const r = await app.services.search.search({ q: pairs[0] as string, scope: 'staff' })
      assert.deepEqual(
        r.hits.map((h) => h.post.slug),
        ['oracle'],
      )
    })

    await t.test('with searchPaidText = off, paid words find nothing either', async () => {
      await writeSetting(app.services.handle.db, 'searchPaidText', 'off')
      await app.services.contentChanged()
      for (const word of paidWords) assert.deepEqual((await find(app, word)).slugs, [], word)
      assert.deepEqual((await find(app, '防线')).slugs, ['oracle'])
      assert.deepEqual((await find(app, '教育')).slugs, ['oracle'], 'a sub-word of the free text (警示教育)')
      await writeSetting(app.services.handle.db, 'searchPaidText', 'words')
      await app.services.contentChanged()
    })

    await t.test('an index built before paid words were kept apart answers phrases from titles only, until it is rebuilt', async () => {
      const db = app.services.handle.db
      await db.deleteFrom('settings').where('key', '=', 'search_index_format').execute()
      await app.services.contentChanged()
      assert.deepEqual((await find(app, '"思想 防线"')).slugs, [], 'free text may be mixed with paid text in an old index')
      assert.deepEqual((await find(app, '"纪律 教育"')).slugs, ['oracle'])
      assert.deepEqual((await find(app, `心得体会 -${paidWords[0]}`)).slugs, ['oracle'])
      assert.deepEqual((await find(app, paidWords[1] as string)).slugs, ['oracle'], 'single words still match')
      const { writers } = app.services
      await reindex({ db, engine: writers.engine, indexText: grantIndexText(app.full), siteTerms: [], workers: 0 })
      await app.services.contentChanged()
      assert.deepEqual((await find(app, '"思想 防线"')).slugs, ['oracle'])
      assert.deepEqual((await find(app, pairs[0] as string)).slugs, [])
    })
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: searches are limited per address and per member, with a 429 and a message in Chinese`, async (t) => {
    let clock = new Date('2026-11-30T08:00:00Z')
    const app = await buildTestApp(t, { dialect, now: () => clock, env: { INKGATE_SEARCH_PER_MINUTE: '5', INKGATE_SEARCH_PER_MINUTE_MEMBER: '8', INKGATE_TRUST_PROXY: '1' } })
    await seedChannels(app)
    const from = (address: string, ua = BROWSER) => ({ remoteAddress: '127.0.0.1', headers: { 'user-agent': ua, 'x-forwarded-for': address } })
    const ask = (url: string, address: string, ua?: string) => app.inject({ url, ...from(address, ua) })
    // a crawler's user agent changes nothing: page and API share the budget
    for (let i = 0; i < 5; i++) assert.equal((await ask(`/api/v1/search?q=${enc(`学习${i}`)}`, '198.51.100.1', i % 2 ? 'curl/8.0' : BROWSER)).statusCode, 200)
    const api = await ask(`/api/v1/search?q=${enc('学习')}`, '198.51.100.1')
    assert.equal(api.statusCode, 429)
    assert.equal(api.json().error.code, 'SEARCH_RATE_LIMITED')
    assert.match(api.json().error.message, /搜索太频繁/)
    assert.ok(Number(api.headers['retry-after']) > 0 && Number(api.headers['retry-after']) <= 60)
    const page = await ask(`/search?q=${enc('学习')}`, '198.51.100.1')
    assert.equal(page.statusCode, 429)
    assert.match(page.body, /搜索太频繁/)
    assert.equal(page.headers['cache-control'], 'private, no-store')
    assert.equal((await ask(`/search?q=${enc('学习')}`, '198.51.100.2')).statusCode, 200, 'another address has its own budget')
    // suggestions have a budget of their own, four times as large
    for (let i = 0; i < 20; i++) assert.equal((await ask(`/api/v1/search/suggest?q=${enc('学')}`, '198.51.100.1')).statusCode, 200)
    assert.equal((await ask(`/api/v1/search/suggest?q=${enc('学')}`, '198.51.100.1')).statusCode, 429)
    // a member counts per account, wherever they search from
    const member = await registered(app, 'searcher', 'secret-pass-1', { address: '127.0.0.1', headers: { 'x-forwarded-for': '198.51.100.1' } })
    for (let i = 0; i < 8; i++) assert.equal((await member.get(`/api/v1/search?q=${enc('学习')}`)).statusCode, 200)
    assert.equal((await member.get(`/api/v1/search?q=${enc('学习')}`)).statusCode, 429)
    // the window ends
    clock = new Date(clock.getTime() + 61_000)
    assert.equal((await ask(`/api/v1/search?q=${enc('学习')}`, '198.51.100.1')).statusCode, 200)
  })
}
