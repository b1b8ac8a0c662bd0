import { test } from 'node:test'
import assert from 'node:assert/strict'
import { seedDemo } from '../../src/content/demo/demo-seed.ts'
import { writeSetting } from '../../src/content/index.ts'
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: the demo site loads once into an empty database and every demo post renders`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const first = await seedDemo(app.services.handle.db, app.services.posts, TEST_NOW)
    assert.ok(first.posts >= 30)
    assert.deepEqual(await seedDemo(app.services.handle.db, app.services.posts, TEST_NOW), { channels: 0, posts: 0 })
    const list = (await app.inject('/api/v1/posts?pageSize=100')).json()
    assert.equal(list.total, first.posts)
    const kinds = new Set(list.items.map((p: { isPaid: boolean; pageCount: number }) => `${p.isPaid ? 'paid' : 'free'}${p.pageCount > 1 ? '-paged' : ''}`))
    assert.deepEqual([...kinds].sort(), ['free', 'paid', 'paid-paged'])
    for (const p of list.items as Array<{ url: string; pageCount: number }>) {
      for (let page = 1; page <= p.pageCount; page++) {
        const res = await app.inject(`${p.url}?page=${page}`)
        assert.equal(res.statusCode, 200, `${p.url}?page=${page}`)
        assert.doesNotMatch(res.body, /[#$]{1,2}\s*paid\s*(begin|end)|[#$]{1,2}\s*pagebreak/i)
      }
    }
    for (const c of ['jianghua', 'xinde', 'zongjie', 'dangjian', 'dangke']) assert.equal((await app.inject(`/c/${c}`)).statusCode, 200, c)
    // demo content a visitor believes: each title once, each title the kind of writing its channel holds,
    // no developer guide among readers' posts, and no made-up ICP number in the footer
    const titles = (list.items as Array<{ title: string }>).map((p) => p.title)
    assert.equal(new Set(titles).size, titles.length, 'no two demo posts share a title')
    const writing: Record<string, RegExp> = { jianghua: /讲话|发言/, xinde: /心得|体会|感悟/, zongjie: /总结|汇报|报告/, dangke: /党课/ }
    for (const [slug, kind] of Object.entries(writing)) {
      const inChannel = (await app.inject(`/api/v1/posts?channel=${slug}&pageSize=100`)).json().items as Array<{ title: string }>
      assert.ok(inChannel.length > 0, slug)
      for (const p of inChannel) assert.match(p.title, kind, `${p.title} in ${slug}`)
    }
    const home = (await app.inject('/')).body
    assert.doesNotMatch(home, /ICP备|写作指南|如何在墨门发布/)
    // the demo is searchable from the first start: it was indexed as it was saved
    const found = (await app.inject(`/api/v1/search?q=${encodeURIComponent('主题教育')}`)).json()
    assert.ok(found.total > 0 && found.results[0].titleHtml.includes('<mark>'), JSON.stringify(found).slice(0, 300))
    assert.equal((await app.inject(`/search?q=${encodeURIComponent('调查研究')}`)).statusCode, 200)
  })
}

test('English is available: strings, plurals and error messages follow the site locale', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  await seedDemo(app.services.handle.db, app.services.posts, TEST_NOW)
  await writeSetting(app.services.handle.db, 'locale', 'en')
  await writeSetting(app.services.handle.db, 'viewsShownFrom', 0)
  await app.services.contentChanged()
  const home = await app.inject('/')
  assert.match(home.body, /<html lang="en">/)
  assert.match(home.body, />Latest</)
  assert.match(home.body, /0 views/)
  await app.inject('/p/demo-001')
  await app.services.views.flush()
  await app.services.contentChanged()
  const post = await app.inject('/p/demo-001')
  assert.match(post.body, /2 views/)
  assert.match(post.body, /characters of paid content/)
  const missing = await app.inject('/p/nope')
  assert.match(missing.body, /This post does not exist/)
})
