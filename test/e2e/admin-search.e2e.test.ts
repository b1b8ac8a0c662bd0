import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: the owner edits the site dictionary and rebuilds the index from the console; the status tells when a rebuild is due and how far it is`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    for (let i = 1; i <= 5; i++) await seedPost(app, { slug: `p${i}`, title: `两学一做学习心得 ${i}`, source: `<p>第 ${i} 篇：开展两学一做学习教育。</p>` })
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')

    for (const [method, url, body] of [
      ['GET', '/api/admin/search/index', undefined],
      ['PUT', '/api/admin/search/terms', { terms: '两学一做' }],
      ['POST', '/api/admin/search/reindex', {}],
    ] as const) {
      const as = (c: ReturnType<typeof client>) => (method === 'GET' ? c.get(url) : c.json(method, url, body ?? {}))
      assert.equal((await as(client(app))).statusCode, 401, `visitor ${url}`)
      assert.equal((await as(editor.c)).statusCode, 403, `editor ${url}`)
    }

    const before = (await admin.c.get('/api/admin/search/index')).json()
    assert.deepEqual(before.terms, [])
    assert.equal(before.running, false)

    // a new dictionary: posts saved from now use it, the rest only after a rebuild (so a rebuild is due)
    const set = await admin.c.json('PUT', '/api/admin/search/terms', { terms: '两学一做\n# 注释行\n不忘初心，牢记使命' })
    assert.equal(set.statusCode, 200, set.body)
    assert.deepEqual(set.json().terms, ['两学一做', '不忘初心', '牢记使命'])
    assert.equal(set.json().stale, true)
    assert.equal((await admin.c.json('PUT', '/api/admin/search/terms', { terms: Array.from({ length: 5001 }, (_, i) => `词${i}`).join('\n') })).statusCode, 422)

    const started = await admin.c.json('POST', '/api/admin/search/reindex', {})
    assert.equal(started.statusCode, 202, started.body)
    assert.equal(started.json().total, 5)
    await app.services.searchAdmin.idle()
    const after = (await admin.c.get('/api/admin/search/index')).json()
    assert.deepEqual({ stale: after.stale, unfinished: after.unfinished, running: after.running, error: after.error }, { stale: false, unfinished: false, running: false, error: null })
    // search works on the rebuilt index
    const found = (await client(app).get(`/api/v1/search?q=${encodeURIComponent('两学一做')}`)).json()
    assert.equal(found.total, 5)

    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'like', 'search.%').orderBy('id').execute()
    assert.deepEqual(
      audit.map((a) => a.action),
      ['search.terms', 'search.reindex'],
    )
    assert.match(audit[0]!.detail, /两学一做/)
  })
}
