import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp, seedChannels, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const PAID_FILE_TEXT = 'MEDIAPAID-附件里的付费内容'
const PDF = Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${PAID_FILE_TEXT}\ntrailer<<>>\n%%EOF\n`)

for (const dialect of testDialects()) {
  test(`${dialect}: uploads are checked by their bytes and size, and only staff who write may send them`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: { INKGATE_UPLOAD_IMAGE_MB: '1' } })
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    const reader = await registered(app, 'duzhe')

    const image = await editor.c.upload('/api/admin/media?kind=image', { name: '封面.png', bytes: PNG, type: 'image/png' })
    assert.equal(image.statusCode, 201, image.body)
    const item = image.json().media
    assert.equal(item.kind, 'image')
    assert.equal(item.mime, 'image/png')
    assert.equal(item.name, '封面.png')
    assert.match(item.url, /^\/media\/[A-Za-z0-9_-]{22}\.png$/)
    assert.equal((await author.c.upload('/api/admin/media?kind=file', { name: '讲稿.pdf', bytes: PDF })).statusCode, 201)

    // the bytes decide, not the name or the browser's type
    const renamed = await editor.c.upload('/api/admin/media?kind=image', { name: 'photo.png', bytes: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', type: 'image/png' })
    assert.equal(renamed.statusCode, 415)
    assert.equal(renamed.json().error.code, 'MEDIA_TYPE_REFUSED')
    assert.match(renamed.json().error.message, /不支持这种文件/)
    const html = await editor.c.upload('/api/admin/media?kind=file', { name: 'page.html', bytes: '<script>alert(1)</script>', type: 'text/html' })
    assert.equal(html.statusCode, 415)
    const pdfAsImage = await editor.c.upload('/api/admin/media?kind=image', { name: 'x.png', bytes: PDF })
    assert.equal(pdfAsImage.json().error.code, 'MEDIA_NOT_AN_IMAGE')
    const text = await editor.c.upload('/api/admin/media?kind=file', { name: '提纲.txt', bytes: '第一部分\n第二部分\n' })
    assert.equal(text.statusCode, 201)
    assert.equal(text.json().media.mime, 'text/plain; charset=utf-8')
    // too large: refused with the limit in the message, nothing kept
    const big = await editor.c.upload('/api/admin/media?kind=image', { name: 'big.png', bytes: Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]) })
    assert.equal(big.statusCode, 413)
    assert.match(big.json().error.message, /1 MB/)
    assert.equal((await editor.c.upload('/api/admin/media?kind=file', { name: 'empty.txt', bytes: '' })).statusCode, 400)
    assert.equal((await editor.c.json('POST', '/api/admin/media?kind=file', { not: 'a file' })).statusCode, 400)
    assert.equal((await editor.c.upload('/api/admin/media?kind=video', { name: 'a.txt', bytes: 'x' })).statusCode, 400)

    // readers and visitors may not upload
    assert.equal((await reader.upload('/api/admin/media?kind=image', { name: 'a.png', bytes: PNG })).statusCode, 403)
    assert.equal((await client(app).upload('/api/admin/media?kind=image', { name: 'a.png', bytes: PNG })).statusCode, 401)

    const list = (await editor.c.get('/api/admin/media')).json().items
    assert.deepEqual(list.map((m: { name: string }) => m.name).sort(), ['封面.png', '提纲.txt', '讲稿.pdf'].sort())
    assert.deepEqual(
      (await editor.c.get('/api/admin/media?kind=image')).json().items.map((m: { name: string }) => m.name),
      ['封面.png'],
    )
    const audit = (await app.services.handle.db.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'media.upload').execute()).length
    assert.equal(audit, 3)
  })

  test(`${dialect}: a file in a paid region goes only to entitled readers, through a short-lived signed link; a file in free text to anyone`, async (t) => {
    let clock = TEST_NOW
    const app = await buildTestApp(t, { dialect, now: () => clock })
    await seedChannels(app)
    const editor = await signedIn(app, 'bianji', 'editor')
    const image = (await editor.c.upload('/api/admin/media?kind=image', { name: 'tu.png', bytes: PNG })).json().media
    const pdf = (await editor.c.upload('/api/admin/media?kind=file', { name: '完整讲稿.pdf', bytes: PDF })).json().media
    const visitor = client(app)

    // just uploaded: in no published post yet, so the console's people only
    assert.equal((await visitor.get(image.url)).statusCode, 404)
    const own = await editor.c.get(image.url)
    assert.equal(own.statusCode, 302)
    assert.equal((await editor.c.get(String(own.headers.location))).rawPayload.compare(PNG), 0)

    const save = (source: string, status = 'published') => editor.c.json('PUT', '/api/admin/posts/with-files', { title: '带附件的范文', channel: 'speeches', price: '5.00', status, source })
    const source = `<p>公开的开头</p><p><img src="${image.url}" alt="图"></p><p>##paidbegin##</p><p>完整讲稿：<a href="${pdf.url}">下载</a></p><p>##paidend##</p>`
    assert.equal((await save(source, 'draft')).statusCode, 200)
    // a draft's files stay private
    assert.equal((await visitor.get(image.url)).statusCode, 404)
    assert.equal((await save(source)).statusCode, 200)

    // free text: public, kept a year by any cache, never run as a page
    const shown = await visitor.get(image.url)
    assert.equal(shown.statusCode, 200)
    assert.equal(shown.headers['content-type'], 'image/png')
    assert.equal(shown.headers['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(shown.headers['x-content-type-options'], 'nosniff')
    assert.match(String(shown.headers['content-security-policy']), /sandbox/)
    assert.equal(shown.rawPayload.compare(PNG), 0)
    assert.equal((await visitor.get(image.url.replace('.png', '.jpg'))).statusCode, 404)

    // the paid file: refused to a visitor and to a member who has not paid, with the reason
    const locked = await visitor.get(pdf.url)
    assert.equal(locked.statusCode, 403)
    assert.match(locked.body, /付费内容/)
    assert.ok(!locked.body.includes(PAID_FILE_TEXT))
    assert.match(String(locked.headers['cache-control']), /no-store/)
    const unpaid = await registered(app, 'weifu')
    assert.equal((await unpaid.get(pdf.url)).statusCode, 403)
    // a made-up signature is no key
    const forged = `${pdf.url}?e=${Math.floor(clock.getTime() / 1000) + 300}&s=${'A'.repeat(43)}`
    assert.equal((await visitor.get(forged)).statusCode, 403)

    // a buyer is sent to a signed link that serves the file as a download, never stored
    const buyer = await registered(app, 'goumai')
    await app.services.commerce.grants.grantPurchase(TEST_ACTOR, 'goumai', 'with-files', '测试')
    const redirect = await buyer.get(pdf.url)
    assert.equal(redirect.statusCode, 302)
    assert.match(String(redirect.headers['cache-control']), /no-store/)
    const signed = String(redirect.headers.location)
    assert.match(signed, /^\/media\/[A-Za-z0-9_-]{22}\.pdf\?e=\d+&s=[A-Za-z0-9_-]+$/)
    const file = await buyer.get(signed)
    assert.equal(file.statusCode, 200)
    assert.ok(file.body.includes(PAID_FILE_TEXT))
    assert.equal(file.headers['content-type'], 'application/pdf')
    assert.match(String(file.headers['content-disposition']), /^attachment; .*filename\*=UTF-8''%E5%AE%8C%E6%95%B4%E8%AE%B2%E7%A8%BF\.pdf$/)
    assert.equal(file.headers['cache-control'], 'private, no-store')
    // the link works for its ten minutes (a download manager has no cookie), then no more
    assert.equal((await client(app).get(signed)).statusCode, 200)
    clock = new Date(TEST_NOW.getTime() + 11 * 60_000)
    const expired = await client(app).get(signed)
    assert.equal(expired.statusCode, 403)
    assert.ok(!expired.body.includes(PAID_FILE_TEXT))
    // the buyer simply gets a fresh one
    assert.equal((await buyer.get(pdf.url)).statusCode, 302)

    // moving the picture into the paid region makes it paid: the paid use wins
    assert.equal((await save(`<p>公开的开头</p><p>##paidbegin##</p><p><img src="${image.url}"></p><p><a href="${pdf.url}">下载</a></p>`)).statusCode, 200)
    assert.equal((await visitor.get(image.url)).statusCode, 403)
    assert.equal((await buyer.get(image.url)).statusCode, 302)
    // and a free post linking the paid file does not open it
    await editor.c.json('PUT', '/api/admin/posts/free-link', { title: '免费文章', channel: 'speeches', price: '0.00', status: 'published', source: `<p><a href="${pdf.url}">下载</a></p>` })
    assert.equal((await visitor.get(pdf.url)).statusCode, 403)
    // once no paid region uses it, the free use makes it public again
    assert.equal((await save('<p>公开的开头</p><p>##paidbegin##</p><p>只剩文字</p>')).statusCode, 200)
    assert.equal((await visitor.get(pdf.url)).statusCode, 200)
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: the media library shows where each upload is used; only an upload nothing uses can be deleted, and an author sees and deletes only their own`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    const up = async (c: typeof editor.c, name: string, kind: 'image' | 'file', bytes: Buffer) => (await c.upload(`/api/admin/media?kind=${kind}`, { name, bytes })).json().media
    const free = await up(editor.c, '正文配图.png', 'image', PNG)
    const paid = await up(editor.c, '付费讲稿.pdf', 'file', PDF)
    const unused = await up(editor.c, '没用上的.png', 'image', PNG)
    const logo = await up(editor.c, '网站标志.png', 'image', PNG)
    const authors = await up(author.c, '作者自己的.png', 'image', PNG)
    const saved = await editor.c.json('PUT', '/api/admin/posts/with-files', {
      title: '带附件',
      channel: 'speeches',
      price: '3.00',
      status: 'published',
      source: `<p><img src="${free.url}"></p><p>##paidbegin##</p><p><a href="${paid.url}">下载</a></p><p>##paidend##</p>`,
    })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal((await admin.c.json('PUT', '/api/admin/settings', { logoUrl: logo.url })).statusCode, 200)

    type Row = { key: string; name: string; usedBy: number; paid: boolean }
    const list = (await editor.c.get('/api/admin/media')).json().items as Row[]
    const row = (key: string) => list.find((m) => m.key === key) as Row
    assert.deepEqual([row(free.key).usedBy, row(free.key).paid], [1, false])
    assert.deepEqual([row(paid.key).usedBy, row(paid.key).paid], [1, true])
    assert.deepEqual([row(unused.key).usedBy, row(logo.key).usedBy], [0, 1], 'the logo counts as a use')
    assert.equal(list.length, 5)
    assert.deepEqual(
      (await editor.c.get(`/api/admin/media?q=${encodeURIComponent('讲稿')}`)).json().items.map((m: Row) => m.name),
      ['付费讲稿.pdf'],
    )
    assert.equal((await editor.c.get(`/api/admin/media?q=${encodeURIComponent('%')}`)).json().items.length, 5, 'a wildcard typed in the box is dropped')
    // an author's library is their own uploads
    assert.deepEqual(
      (await author.c.get('/api/admin/media')).json().items.map((m: Row) => m.name),
      ['作者自己的.png'],
    )

    // in use: refused with how many use it; the file stays
    for (const key of [free.key, paid.key, logo.key]) {
      const refused = await editor.c.json('DELETE', `/api/admin/media/${key}`, {})
      assert.equal(refused.statusCode, 409, key)
      assert.equal(refused.json().error.code, 'MEDIA_IN_USE')
    }
    assert.equal((await client(app).get(free.url)).statusCode, 200)
    // readers and visitors may not delete; an author may not delete another's (it is not found to them), but deletes their own
    assert.equal((await (await registered(app, 'duzhe_media')).json('DELETE', `/api/admin/media/${unused.key}`, {})).statusCode, 403)
    assert.equal((await client(app).json('DELETE', `/api/admin/media/${unused.key}`, {})).statusCode, 401)
    assert.equal((await author.c.json('DELETE', `/api/admin/media/${unused.key}`, {})).statusCode, 404)
    assert.equal((await author.c.json('DELETE', `/api/admin/media/${authors.key}`, {})).statusCode, 200)
    // unused: deleted, row and bytes, audited
    const gone = await editor.c.json('DELETE', `/api/admin/media/${unused.key}`, {})
    assert.equal(gone.statusCode, 200, gone.body)
    assert.equal((await editor.c.get(unused.url)).statusCode, 404)
    assert.equal(await app.services.media.store.open(unused.key), undefined, 'the bytes are gone')
    assert.equal((await editor.c.json('DELETE', `/api/admin/media/${unused.key}`, {})).statusCode, 404)
    assert.equal((await editor.c.json('DELETE', '/api/admin/media/not-a-key', {})).statusCode, 400)
    const audit = await app.services.handle.db.selectFrom('audit_log').select('target').where('action', '=', 'media.delete').execute()
    assert.deepEqual(audit.map((a) => a.target).sort(), [`media:${authors.key}`, `media:${unused.key}`].sort())
    // once the post no longer uses it, it can go
    await editor.c.json('PUT', '/api/admin/posts/with-files', { title: '带附件', channel: 'speeches', price: '3.00', status: 'published', source: '<p>没有图了</p>' })
    assert.equal((await editor.c.json('DELETE', `/api/admin/media/${free.key}`, {})).statusCode, 200)
  })
}
