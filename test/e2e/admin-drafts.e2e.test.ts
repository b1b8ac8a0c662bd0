import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const PAID = 'DRAFTPAIDTEXT'

for (const dialect of testDialects()) {
  test(`${dialect}: the editor autosaves to the server: each writer gets back only their own draft, of a post they may still write; saving the post drops it`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'essay', price: 500 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>原来的付费部分</p>' })
    const editor = await signedIn(app, 'bianji', 'editor')
    const other = await signedIn(app, 'bianji2', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    const draft = (post: string, text: string) => ({
      post,
      fields: { title: `草稿 ${text}`, price: '5.00', tags: ['草稿'] },
      format: 'html',
      source: `<p>开头</p><p>##paidbegin##</p><p>${PAID}-${text}</p>`,
    })

    // a new post's draft, then the draft of an existing one
    const fresh = await editor.c.json('PUT', '/api/admin/drafts', draft('', 'new'))
    assert.equal(fresh.statusCode, 200, fresh.body)
    assert.ok(fresh.json().savedAt)
    assert.equal((await editor.c.json('PUT', '/api/admin/drafts', draft('essay', 'essay'))).statusCode, 200)
    const back = await editor.c.get('/api/admin/drafts?post=essay')
    assert.equal(back.statusCode, 200)
    assert.deepEqual(back.json().draft.fields, { title: '草稿 essay', price: '5.00', tags: ['草稿'] })
    assert.match(back.json().draft.source, new RegExp(`${PAID}-essay`))
    assert.match((await editor.c.get('/api/admin/drafts')).json().draft.source, new RegExp(`${PAID}-new`))

    // nobody else gets it: another editor has none of their own, an author may not write the post, readers and visitors are refused
    assert.equal((await other.c.get('/api/admin/drafts?post=essay')).statusCode, 404)
    assert.equal((await other.c.get('/api/admin/drafts')).statusCode, 404)
    for (const r of [await author.c.get('/api/admin/drafts?post=essay'), await author.c.json('PUT', '/api/admin/drafts', draft('essay', 'author'))]) {
      assert.ok(r.statusCode === 403 || r.statusCode === 404, String(r.statusCode))
      assert.doesNotMatch(r.body, new RegExp(PAID))
    }
    const reader = await registered(app, 'duzhe')
    assert.equal((await reader.get('/api/admin/drafts?post=essay')).statusCode, 403)
    assert.equal((await client(app).get('/api/admin/drafts?post=essay')).statusCode, 401)
    // the draft stays the writer's only while they may write the post
    const demoted = await signedIn(app, 'jiangji', 'editor')
    await demoted.c.json('PUT', '/api/admin/drafts', draft('essay', 'demoted'))
    await app.services.handle.db.updateTable('members').set({ role: 'author' }).where('id', '=', demoted.id).execute()
    const refused = await demoted.c.get('/api/admin/drafts?post=essay')
    assert.ok(refused.statusCode === 403 || refused.statusCode === 404, String(refused.statusCode))
    assert.doesNotMatch(refused.body, new RegExp(PAID))

    // saving the post drops the writer's draft of it (not another's)
    await other.c.json('PUT', '/api/admin/drafts', draft('essay', 'other'))
    const saved = await editor.c.json('PUT', '/api/admin/posts/essay', { title: '正式', channel: 'speeches', price: '5.00', status: 'published', source: '<p>开头</p><p>##paidbegin##</p><p>定稿</p>' })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal((await editor.c.get('/api/admin/drafts?post=essay')).statusCode, 404)
    assert.equal((await other.c.get('/api/admin/drafts?post=essay')).statusCode, 200)
    // dropped by hand
    assert.equal((await editor.c.json('DELETE', '/api/admin/drafts', {})).statusCode, 200)
    assert.equal((await editor.c.get('/api/admin/drafts')).statusCode, 404)
    // bad input: a slug that is not one, a body too large
    assert.equal((await editor.c.json('PUT', '/api/admin/drafts', { ...draft('Not A Slug', 'x') })).statusCode, 400)
    const huge = await editor.c.json('PUT', '/api/admin/drafts', { ...draft('', 'x'), fields: { a: 'x'.repeat(30_000) } })
    assert.equal(huge.statusCode, 413)
  })
}
