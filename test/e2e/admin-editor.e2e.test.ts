import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const PAID = 'EDITORPAID-庚辛'

for (const dialect of testDialects()) {
  test(`${dialect}: the editor opens a post with its source for who may write it, previews what a visitor sees, and saves through the post operation`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    await seedPost(app, { slug: 'essay', price: 990 as Cents, tags: ['讲话稿'], source: `<p>开头。</p><p>##paidbegin##</p><p>${PAID}</p><p>##paidend##</p>` })
    await seedPost(app, { slug: 'own', authorId: author.id, price: 500 as Cents, status: 'draft', source: `<p>作者的开头。</p><p>##paidbegin##</p><p>${PAID}-作者</p>` })

    // opening: the source with its markers, to staff and to the post's author only
    const opened = (await editor.c.get('/api/admin/posts/essay')).json().post
    assert.equal(opened.channel, 'speeches')
    assert.equal(opened.price, '9.90')
    assert.deepEqual(opened.tags, ['讲话稿'])
    assert.match(opened.source, new RegExp(`##paidbegin##</p><p>${PAID}`))
    assert.equal((await author.c.get('/api/admin/posts/essay')).statusCode, 403)
    assert.doesNotMatch((await author.c.get('/api/admin/posts/essay')).body, new RegExp(PAID))
    assert.match((await author.c.get('/api/admin/posts/own')).json().post.source, new RegExp(`${PAID}-作者`))
    assert.equal((await editor.c.get('/api/admin/posts/nope')).statusCode, 404)

    // the preview is the compiler's: free HTML, and the paid region as its size only
    const preview = (await editor.c.json('POST', '/api/admin/preview', { source: `<p>免费的开头</p><p>##paidbegin##</p><p>${PAID}</p><p>##paidend##</p><p>结尾</p>`, price: '5.00' })).json()
    assert.deepEqual(
      preview.segments.map((s: { kind: string }) => s.kind),
      ['free', 'paid', 'free'],
    )
    assert.doesNotMatch(JSON.stringify(preview), new RegExp(PAID))
    assert.equal(preview.paidCharCount, PAID.length)
    assert.deepEqual(preview.warnings, [])
    // warnings in plain Chinese: a misspelt marker, and a priced body without markers
    const nearMiss = (await editor.c.json('POST', '/api/admin/preview', { source: '<p>开头</p><p>＃＃paidbegin＃＃</p><p>付费</p>', price: '5.00' })).json()
    assert.ok(nearMiss.warnings.some((w: { code: string; message: string }) => w.code === 'PAYWALL_MARKUP_NEAR_MISS' && /付费标记/.test(w.message)))
    const unmarked = (await editor.c.json('POST', '/api/admin/preview', { source: `<p>${'第一段文字。'.repeat(30)}</p><p>${'第二段文字。'.repeat(30)}</p>`, price: '5.00' })).json()
    assert.ok(unmarked.warnings.some((w: { code: string }) => w.code === 'PAYWALL_AUTO_PREVIEW'))
    assert.ok(unmarked.segments.some((s: { kind: string }) => s.kind === 'paid'))
    const english = await editor.c.json('POST', '/api/admin/preview', { source: '<p>x</p><p>##paidbegin##</p><p>y</p>', price: '1.00' })
    assert.equal(english.statusCode, 200)

    // a slug from the title's pinyin, free of the ones taken
    assert.equal((await editor.c.get(`/api/admin/slug?title=${encodeURIComponent('工作总结')}`)).json().slug, 'gongzuozongjie')
    await seedPost(app, { slug: 'gongzuozongjie', source: '<p>已有</p>' })
    assert.equal((await editor.c.get(`/api/admin/slug?title=${encodeURIComponent('工作总结')}`)).json().slug, 'gongzuozongjie-2')
    const choices = (await editor.c.get(`/api/admin/editor-choices?tag=${encodeURIComponent('讲话')}`)).json()
    assert.ok(choices.channels.some((c: { slug: string; kind: string }) => c.slug === 'speeches' && c.kind === 'list'))
    assert.deepEqual(choices.tags, ['讲话稿'])

    // saving a new post: the public page shows its free text and the card, never the paid text
    const saved = await editor.c.json('PUT', '/api/admin/posts/new-post', {
      title: '新写的范文',
      channel: 'speeches',
      price: '3.00',
      status: 'published',
      tags: ['新标签'],
      flags: ['recommend'],
      source: `<p>新的开头。</p><p>##paidbegin##</p><p>${PAID}-新</p><p>##paidend##</p>`,
    })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal(saved.json().created, true)
    const page = await client(app).get('/p/new-post')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /新的开头/)
    assert.doesNotMatch(page.body, new RegExp(PAID))
    // saving again keeps one post; a misspelt marker comes back as a warning with its message
    const again = await editor.c.json('PUT', '/api/admin/posts/new-post', {
      title: '新写的范文',
      channel: 'speeches',
      price: '3.00',
      status: 'published',
      source: '<p>开头</p><p>#paidbegin#</p><p>付费</p>',
    })
    assert.equal(again.json().created, false)
    assert.ok(again.json().warnings.some((w: { code: string; message: string }) => w.code === 'PAYWALL_MARKUP_NEAR_MISS' && w.message.length > 10))

    // a post scheduled for later is not public until its time
    const later = new Date(TEST_NOW.getTime() + 3_600_000).toISOString()
    assert.equal(
      (await editor.c.json('PUT', '/api/admin/posts/scheduled', { title: '定时发布', channel: 'speeches', price: '0.00', status: 'published', publishedAt: later, source: '<p>稍后</p>' })).statusCode,
      200,
    )
    assert.equal((await client(app).get('/p/scheduled')).statusCode, 404)

    // bad input: a clear message at the field, never a 500
    const bad = await editor.c.json('PUT', '/api/admin/posts/bad-one', { title: '坏的', channel: 'no-such-channel', price: '1.00', status: 'published', source: '<p>x</p>' })
    assert.equal(bad.statusCode, 404)
    assert.match(bad.json().error.message, /栏目/)
    const badPrice = await editor.c.json('PUT', '/api/admin/posts/bad-one', { title: '坏的', channel: 'speeches', price: '-1', status: 'published', source: '<p>x</p>' })
    assert.equal(badPrice.statusCode, 400)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').where('slug', '=', 'bad-one').execute()).length, 0)

    // every save kept the source it replaced: see it, and it holds what was paid then
    const revisions = (await editor.c.get('/api/admin/posts/new-post/revisions')).json().items as Array<{ id: number; savedBy: string }>
    assert.equal(revisions.length, 1)
    assert.match(revisions[0]?.savedBy ?? '', /bianji/)
    const first = (await editor.c.get(`/api/admin/posts/new-post/revisions/${revisions[0]?.id}`)).json().revision
    assert.match(first.source, new RegExp(`${PAID}-新`))
    assert.equal((await editor.c.get('/api/admin/posts/new-post/revisions/999999')).statusCode, 404)
    assert.equal((await author.c.get('/api/admin/posts/new-post/revisions')).statusCode, 403)
    assert.equal((await author.c.get(`/api/admin/posts/new-post/revisions/${revisions[0]?.id}`)).statusCode, 403)
    assert.doesNotMatch((await author.c.get(`/api/admin/posts/new-post/revisions/${revisions[0]?.id}`)).body, new RegExp(PAID))
    // saving the same again keeps no copy of it
    const same = (await editor.c.get('/api/admin/posts/new-post')).json().post
    await editor.c.json('PUT', '/api/admin/posts/new-post', { title: same.title, channel: same.channel, price: same.price, status: same.status, source: same.source })
    assert.equal((await editor.c.get('/api/admin/posts/new-post/revisions')).json().items.length, 1)

    // deleting
    assert.equal((await author.c.json('DELETE', '/api/admin/posts/new-post', {})).statusCode, 403)
    assert.equal((await editor.c.json('POST', '/api/admin/posts/new-post/trash', {})).statusCode, 200)
    assert.equal((await editor.c.json('DELETE', '/api/admin/posts/new-post', {})).statusCode, 200)
    assert.equal((await client(app).get('/p/new-post')).statusCode, 404)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: the trash takes a post off the site at once, gives it back as it was, and deletes for good only what is in it and was never bought`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    await seedPost(app, { slug: 'essay', title: '回收站里的范文', price: 500 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    await seedPost(app, { slug: 'mine', title: '作者的文档', authorId: author.id, price: 300 as Cents, source: '<p>作者写的</p>' })
    const visitor = client(app)
    assert.equal((await visitor.get('/p/essay')).statusCode, 200)

    const trashed = await editor.c.json('POST', '/api/admin/posts/essay/trash', {})
    assert.equal(trashed.json().post.status, 'trashed')
    assert.equal((await visitor.get('/p/essay')).statusCode, 404)
    assert.equal((await visitor.get('/api/v1/posts/essay')).statusCode, 404)
    const slugs = async (q: string) => (await editor.c.get(`/api/admin/posts${q}`)).json().items.map((p: { slug: string }) => p.slug)
    assert.ok(!(await slugs('')).includes('essay'), 'the list leaves the trash out')
    assert.deepEqual(await slugs('?status=trashed'), ['essay'])
    // in the trash, it is restored before it is changed
    const edit = await editor.c.json('PUT', '/api/admin/posts/essay', { title: '改', channel: 'speeches', price: '5.00', status: 'published', source: '<p>x</p>' })
    assert.equal(edit.statusCode, 409)
    assert.match(edit.json().error.message, /先恢复/)
    assert.equal((await editor.c.json('PATCH', '/api/admin/posts/essay', { status: 'published' })).statusCode, 409)

    // restored to what it was: published, on the site again
    assert.equal((await editor.c.json('POST', '/api/admin/posts/essay/restore', {})).json().post.status, 'published')
    assert.equal((await visitor.get('/p/essay')).statusCode, 200)
    // only the trash is emptied for good
    const notTrashed = await editor.c.json('DELETE', '/api/admin/posts/essay')
    assert.equal(notTrashed.statusCode, 409)
    assert.equal(notTrashed.json().error.code, 'POST_NOT_IN_TRASH')

    // an author trashes their own post; a priced one comes back as a draft (publishing it is an editor's)
    assert.equal((await author.c.json('POST', '/api/admin/posts/essay/trash', {})).statusCode, 403)
    assert.equal((await author.c.json('POST', '/api/admin/posts/mine/trash', {})).statusCode, 200)
    assert.equal((await author.c.json('POST', '/api/admin/posts/mine/restore', {})).json().post.status, 'draft')

    // a bought post cannot be deleted for good: its purchase names it
    await app.services.members.register({ username: 'goumai', password: 'goumai-pass-1' })
    await app.services.commerce.grants.grantPurchase(TEST_ACTOR, 'goumai', 'essay', '测试')
    await editor.c.json('POST', '/api/admin/posts/essay/trash', {})
    const bought = await editor.c.json('DELETE', '/api/admin/posts/essay')
    assert.equal(bought.statusCode, 409)
    assert.equal(bought.json().error.code, 'POST_HAS_PURCHASES')
    assert.deepEqual(await slugs('?status=trashed'), ['essay'], 'still in the trash, whole')
    // an unbought one goes, and its slug is free again
    await author.c.json('POST', '/api/admin/posts/mine/trash', {})
    assert.equal((await author.c.json('DELETE', '/api/admin/posts/mine')).statusCode, 200)
    assert.equal((await editor.c.get('/api/admin/posts/mine')).statusCode, 404)
    const actions = (await app.services.handle.db.selectFrom('audit_log').select('action').where('target', 'in', ['post:essay', 'post:mine']).orderBy('id').execute()).map((r) => r.action)
    assert.deepEqual(actions, ['post.trash', 'post.restore', 'post.trash', 'post.restore', 'post.trash', 'post.trash', 'post.delete'])
  })

  test(`${dialect}: the trash empties itself after the owner's number of days; a bought post stays; 0 keeps everything`, async (t) => {
    let clock = TEST_NOW.getTime()
    const app = await buildTestApp(t, { dialect, now: () => new Date(clock) })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    for (const slug of ['old-one', 'old-bought', 'recent']) await seedPost(app, { slug, price: 200 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    await app.services.members.register({ username: 'goumai', password: 'goumai-pass-1' })
    await app.services.commerce.grants.grantPurchase(TEST_ACTOR, 'goumai', 'old-bought', '测试')
    // read from the database: a staff session does not outlive a month of idleness
    const trashed = async () => (await app.services.handle.db.selectFrom('posts').select('slug').where('status', '=', 'trashed').orderBy('slug').execute()).map((p) => p.slug)

    assert.equal((await admin.c.get('/api/admin/settings')).json().settings.trashDays, 30, 'a month by default')
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { trashDays: 7 })).statusCode, 200)
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { trashDays: -1 })).statusCode, 400)
    await editor.c.json('POST', '/api/admin/posts/old-one/trash', {})
    await editor.c.json('POST', '/api/admin/posts/old-bought/trash', {})
    clock += 5 * 86_400_000
    await editor.c.json('POST', '/api/admin/posts/recent/trash', {})
    clock += 3 * 86_400_000
    await app.services.runJobs()
    assert.deepEqual(await trashed(), ['old-bought', 'recent'], 'eight days on: the unbought old one is gone; the bought one and the five-day-old one stay')
    assert.equal((await editor.c.get('/api/admin/posts/old-one')).statusCode, 404)
    const audit = await app.services.handle.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'post.purge-old-trash').execute()
    assert.equal(audit.length, 1)
    assert.equal(audit[0]?.actor, 'system:trash')
    assert.deepEqual(JSON.parse(audit[0]?.detail as string).slugs, ['old-one'])

    // 0: nothing goes, however old
    assert.equal((await (await signedIn(app, 'boss2', 'admin')).c.json('PUT', '/api/admin/settings', { trashDays: 0 })).statusCode, 200)
    clock += 30 * 86_400_000
    await app.services.runJobs()
    assert.deepEqual(await trashed(), ['old-bought', 'recent'])
  })
}
