import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const titles = (body: string) => [...body.matchAll(/"title":"([^"]+)"/g)].map((m) => m[1])

for (const dialect of testDialects()) {
  test(`${dialect}: editors rename, merge and delete tags; the posts, the tag pages and search follow at once`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'a', title: '第一篇', tags: ['工作总结', '年终'], source: '<p>正文一</p>' })
    await seedPost(app, { slug: 'b', title: '第二篇', tags: ['年终总结'], source: '<p>正文二</p>' })
    await seedPost(app, { slug: 'c', title: '第三篇', tags: ['年终', '年终总结'], source: '<p>正文三</p>' })
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    const list = async (q = '') => (await editor.c.get(`/api/admin/tags${q}`)).json() as { items: Array<{ id: number; name: string; postCount: number }>; total: number }
    const idOf = async (name: string) => (await list()).items.find((i) => i.name === name)?.id as number

    assert.deepEqual(
      (await list()).items.map((i) => [i.name, i.postCount]),
      [
        ['年终', 2],
        ['年终总结', 2],
        ['工作总结', 1],
      ],
    )
    assert.deepEqual(
      (await list('?q=总结')).items.map((i) => i.name),
      ['年终总结', '工作总结'],
    )
    assert.equal((await author.c.get('/api/admin/tags')).statusCode, 403, 'authors keep to their own posts')
    // none of the changes for a visitor, a reader or an author (and nothing changes)
    const reader = await signedIn(app, 'duzhe', 'member')
    const year = await idOf('年终')
    const changes = [
      ['PUT', `/api/admin/tags/${year}`, { name: '改掉' }],
      ['POST', '/api/admin/tags/merge', { from: [await idOf('年终总结')], into: year }],
      ['DELETE', `/api/admin/tags/${year}`, {}],
    ] as const
    for (const [method, url, body] of changes) {
      assert.equal((await client(app).json(method, url, body)).statusCode, 401, `visitor ${method} ${url}`)
      assert.equal((await reader.c.json(method, url, body)).statusCode, 403, `reader ${method} ${url}`)
      assert.equal((await author.c.json(method, url, body)).statusCode, 403, `author ${method} ${url}`)
    }
    assert.equal((await list()).total, 3)

    // rename: the post page, the new tag page and search by the new name; the old tag page is gone
    const renamed = await editor.c.json('PUT', `/api/admin/tags/${await idOf('工作总结')}`, { name: '述职报告' })
    assert.equal(renamed.statusCode, 200, renamed.body)
    assert.match((await editor.c.get('/p/a')).body, /述职报告/)
    assert.equal((await editor.c.get(`/t/${encodeURIComponent('述职报告')}`)).statusCode, 200)
    assert.equal((await editor.c.get(`/t/${encodeURIComponent('工作总结')}`)).statusCode, 404)
    assert.deepEqual(titles((await editor.c.get(`/api/v1/search?q=${encodeURIComponent('述职报告')}`)).body), ['第一篇'])
    // a name another tag has is refused, with the way out
    const taken = await editor.c.json('PUT', `/api/admin/tags/${await idOf('述职报告')}`, { name: '年终' })
    assert.equal(taken.statusCode, 409)
    assert.match(taken.json().error.message, /合并/)
    assert.equal((await editor.c.json('PUT', `/api/admin/tags/${await idOf('述职报告')}`, { name: '   ' })).statusCode, 422)

    // merge: 年终总结 into 年终; a post that had both has it once
    const merged = await editor.c.json('POST', '/api/admin/tags/merge', { from: [await idOf('年终总结')], into: await idOf('年终') })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.equal(merged.json().tag.postCount, 3)
    assert.deepEqual(
      (await list()).items.map((i) => [i.name, i.postCount]),
      [
        ['年终', 3],
        ['述职报告', 1],
      ],
    )
    const c = (await editor.c.get('/api/admin/posts/c')).json().post
    assert.deepEqual(c.tags, ['年终'])
    assert.match((await editor.c.get(`/t/${encodeURIComponent('年终')}`)).body, /第二篇/)
    assert.equal((await editor.c.json('POST', '/api/admin/tags/merge', { from: [await idOf('年终')], into: await idOf('年终') })).statusCode, 422)

    // delete: off every post
    assert.equal((await editor.c.json('DELETE', `/api/admin/tags/${await idOf('述职报告')}`)).statusCode, 200)
    assert.doesNotMatch((await editor.c.get('/p/a')).body, /述职报告/)
    assert.deepEqual(titles((await editor.c.get(`/api/v1/search?q=${encodeURIComponent('述职报告')}`)).body), [])
    assert.equal((await editor.c.json('DELETE', '/api/admin/tags/99999')).statusCode, 404)

    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'tag.%').orderBy('id').execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['tag.rename', 'tag.merge', 'tag.delete'],
    )
    assert.match(audit[0]!.detail, /工作总结[\s\S]*述职报告/)
  })
}
