import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'
import type { Cents } from '../../src/shared/money.ts'

/** Ten paragraphs of the same length, each with its own mark, so a share of the text is a count of paragraphs. */
const body = (tag: string) => Array.from({ length: 10 }, (_, i) => `<p>${tag}${i + 1}号段 这一段是用来数试读比例的正文，每段长度相同，内容也相同，只有开头的记号不同。</p>`).join('\n')
/** which of the ten marks a visitor sees on the post's page */
async function shown(visitor: ReturnType<typeof client>, slug: string, tag: string): Promise<number[]> {
  const html = (await visitor.get(`/p/${slug}`)).body
  return Array.from({ length: 10 }, (_, i) => i + 1).filter((n) => html.includes(`${tag}${n}号段`))
}
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

for (const dialect of testDialects()) {
  test(`${dialect}: a new site preview share reaches every post that follows it, in the background, with progress; a post's own share and marked posts stay`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const visitor = client(app)
    const recompile = async () => (await admin.c.get('/api/admin/settings')).json().previewRecompile

    await admin.c.json('PUT', '/api/admin/settings', { previewShare: 0.35 })
    await seedPost(app, { slug: 'auto', price: 500 as Cents, source: body('自动') })
    await seedPost(app, { slug: 'marked', price: 500 as Cents, source: `${body('标记').replace('<p>标记4号段', '##paidbegin##<p>标记4号段')}##paidend##` })
    await seedPost(app, { slug: 'free', price: 0 as Cents, source: body('免费') })
    // an editor gives one post its own share
    const own = await editor.c.json('PUT', '/api/admin/posts/own', { title: '自带比例', channel: 'speeches', price: '5.00', status: 'published', previewShare: 0.55, source: body('自带') })
    assert.equal(own.statusCode, 200, own.body)
    assert.equal((await editor.c.get('/api/admin/posts/own')).json().post.previewShare, 0.55)
    await app.services.previewRecompiler.runAll()
    assert.deepEqual(await shown(visitor, 'auto', '自动'), upTo(3))
    assert.deepEqual(await shown(visitor, 'own', '自带'), upTo(5))
    assert.deepEqual(await shown(visitor, 'marked', '标记'), upTo(3))

    // the owner shows more: one post follows the site's share (the marked, the free and the one with its own do not)
    const changed = await admin.c.json('PUT', '/api/admin/settings', { previewShare: 0.65 })
    assert.equal(changed.statusCode, 200, changed.body)
    assert.deepEqual({ ...changed.json().previewRecompile, startedAt: 'x' }, { share: 0.65, done: 0, total: 1, startedAt: 'x', finishedAt: null })
    assert.deepEqual(await shown(visitor, 'auto', '自动'), upTo(3), 'until the job has run, the post is as it was compiled')
    await app.services.previewRecompiler.runAll()
    const after = await recompile()
    assert.equal(after.done, 1)
    assert.ok(after.finishedAt, 'the progress says it ended')
    assert.deepEqual(await shown(visitor, 'auto', '自动'), upTo(6), 'the post shows the new share at once')
    assert.deepEqual(await shown(visitor, 'own', '自带'), upTo(5), 'its own share stays')
    assert.deepEqual(await shown(visitor, 'marked', '标记'), upTo(3), 'its markers decide')
    assert.equal((await shown(visitor, 'free', '免费')).length, 10)
    // what became free is searchable as free text, and the post's counts moved with it
    const hits = (await visitor.get(`/api/v1/search?q=${encodeURIComponent('"自动5号段"')}`)).json()
    assert.equal(hits.results[0]?.post.slug, 'auto', JSON.stringify(hits))
    assert.equal(hits.results[0]?.matchedPaidContent, false, 'found in free text now (a quoted phrase never looks at paid text)')
    const counts = await app.services.handle.db.selectFrom('posts').select(['free_char_count', 'paid_char_count', 'auto_preview']).where('slug', '=', 'auto').executeTakeFirstOrThrow()
    assert.ok(counts.free_char_count > counts.paid_char_count, JSON.stringify(counts))
    assert.equal(counts.auto_preview, 1)
    // compiling again keeps no revision (the source did not change)
    const revisions = (await editor.c.get('/api/admin/posts/auto/revisions')).json().items
    assert.equal(revisions.length, 0)

    // a newer share asked while work is left wins: the cursor starts again with it
    await seedPost(app, { slug: 'auto-2', price: 500 as Cents, source: body('再一') })
    await admin.c.json('PUT', '/api/admin/settings', { previewShare: 0.25 })
    await admin.c.json('PUT', '/api/admin/settings', { previewShare: 0.45 })
    assert.equal((await recompile()).total, 2)
    await app.services.previewRecompiler.runAll()
    assert.deepEqual(await shown(visitor, 'auto', '自动'), upTo(4))
    assert.deepEqual(await shown(visitor, 'auto-2', '再一'), upTo(4))

    // the editor's 试读预览 uses the share being edited; a share out of range is refused at its field
    const preview = await editor.c.json('POST', '/api/admin/preview', { source: body('预览'), price: '5.00', previewShare: 0.75 })
    assert.equal(preview.json().segments.filter((s: { kind: string }) => s.kind === 'free').length, 1)
    assert.match(preview.json().segments[0].html, /预览7号段/)
    assert.doesNotMatch(preview.json().segments[0].html, /预览8号段/)
    const bad = await editor.c.json('PUT', '/api/admin/posts/own', { title: '自带比例', channel: 'speeches', price: '5.00', status: 'published', previewShare: 0.95, source: body('自带') })
    assert.equal(bad.statusCode, 400)
    assert.ok(bad.json().error.fields.previewShare)
    // back to the site's share
    assert.equal(
      (await editor.c.json('PUT', '/api/admin/posts/own', { title: '自带比例', channel: 'speeches', price: '5.00', status: 'published', previewShare: null, source: body('自带') })).statusCode,
      200,
    )
    assert.deepEqual(await shown(visitor, 'own', '自带'), upTo(4))
  })
}
