import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { writeSetting } from '../../src/content/index.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { docxPart, docxText } from '../helpers/docx.ts'
import { pdfPages } from '../helpers/pdf.ts'
import { findPdfFonts } from '../../src/site/files/pdf-font.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const PAID = 'DOCX付费正文'
const SOURCE = `<h2>一、总体要求</h2><p>　　免费的开头段落。</p><p>##paidbegin##</p><p>${PAID}第一段，<strong>加粗的话</strong>。</p><p>##paidend##</p>##pagebreak##<p>第二页的免费段落。</p><p>##paidbegin##</p><p>${PAID}第二页。</p>`

for (const dialect of testDialects()) {
  test(`${dialect}: a buyer downloads the post as a Word file marked with their name; nobody else gets it`, async (t) => {
    const app = await buildTestApp(t, { dialect, env: { INKGATE_PAY_SANDBOX: 'true' } })
    await seedChannels(app)
    await seedPost(app, { slug: 'word-doc', title: '关于作风建设的讲话', price: 500 as Cents, source: SOURCE })
    await seedPost(app, { slug: 'free-doc', title: '免费的学习笔记', source: '<p>免费全文。</p>' })

    // a stranger gets a page that says how to get it, never the file
    const stranger = client(app)
    const refused = await stranger.get('/p/word-doc/download.docx')
    assert.equal(refused.statusCode, 403)
    assert.match(refused.body, /购买这篇文档（或开通 VIP）后才能下载/)
    assert.doesNotMatch(refused.body, new RegExp(PAID))
    assert.doesNotMatch((await stranger.get('/p/word-doc')).body, /download\.docx/, 'the page offers no download to who may not take it')
    assert.equal((await stranger.get('/p/free-doc/download.docx')).statusCode, 403, 'a free post downloads for members, so each download has a name')
    const refusedPdf = await stranger.get('/p/word-doc/download.pdf')
    assert.equal(refusedPdf.statusCode, 403)
    assert.doesNotMatch(refusedPdf.body, new RegExp(PAID))

    // the buyer: the whole post, both pages, headings and bold kept, indented as 公文, their name on every page
    const buyer = await registered(app, 'word_buyer')
    const row = await app.services.handle.db.selectFrom('members').select('id').where('username', '=', 'word_buyer').executeTakeFirstOrThrow()
    await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 1000, '测试')
    assert.equal((await buyer.form('/orders', { kind: 'post', slug: 'word-doc', method: 'balance' })).statusCode, 303)
    assert.match(
      (await buyer.get('/p/word-doc')).body,
      /<a class="download" href="\/p\/word-doc\/download\.docx" rel="nofollow">下载 Word 文档<\/a> <a class="download" href="\/p\/word-doc\/download\.pdf" rel="nofollow">下载 PDF<\/a>/,
    )
    assert.match((await buyer.get('/user')).body, /href="\/p\/word-doc\/download\.docx"[^>]*>下载 Word<\/a><a class="row-action" href="\/p\/word-doc\/download\.pdf"[^>]*>下载 PDF</)
    const file = await buyer.get('/p/word-doc/download.docx')
    assert.equal(file.statusCode, 200)
    assert.equal(file.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="word-doc\.docx"; filename\*=UTF-8''%E5%85%B3/)
    assert.equal(file.headers['cache-control'], 'private, no-store')
    const text = docxText(file.rawPayload)
    assert.match(text, /关于作风建设的讲话/)
    assert.match(text, new RegExp(`${PAID}第一段`))
    assert.match(text, new RegExp(`${PAID}第二页`))
    assert.match(text, /一、总体要求/)
    assert.match(text, /\[word\/header\d*\.xml\][^[]*下载者 word_buyer/)
    assert.match(text, /\[word\/footer\d*\.xml\][^[]*下载者 word_buyer/)
    const body = docxPart(file.rawPayload, 'word/document.xml')
    assert.match(body, /<w:br w:type="page"\/>/, '##pagebreak## is a page break')
    assert.match(body, /w:firstLine="640"/, 'a first-line indent of two characters')
    assert.match(body, /<w:b\/>[\s\S]*加粗的话/)
    assert.doesNotMatch(body, /　　免费/, 'the body’s own indent spaces are the indent’s job')

    // the same as a PDF: A4, a page per ##pagebreak##, the Chinese text in an embedded subset font, the mark on every page
    assert.ok(findPdfFonts(undefined), 'PDF downloads need a Chinese font on this machine: apt-get install fonts-noto-cjk (.ci/run installs it)')
    const pdf = await buyer.get('/p/word-doc/download.pdf')
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="word-doc\.pdf"; filename\*=UTF-8''%E5%85%B3/)
    assert.equal(pdf.headers['cache-control'], 'private, no-store')
    const pdfText = await pdfPages(pdf.rawPayload)
    assert.equal(pdfText.length, 2, 'one PDF page per post page')
    assert.match(pdfText[0] as string, /关于作风建设的讲话/)
    assert.match(pdfText[0] as string, /一、总体要求/)
    assert.match(pdfText[0] as string, new RegExp(`${PAID}第一段，加粗的话`))
    assert.match(pdfText[1] as string, new RegExp(`${PAID}第二页`))
    for (const page of pdfText) assert.equal(page.match(/下载者 word_buyer/g)?.length, 2, 'the buyer’s mark at the top and the bottom of every page')
    const raw = pdf.rawPayload.toString('latin1')
    assert.match(raw, /\/FontFile[23]? /, 'the font is embedded')
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Noto/, 'as a subset')
    assert.ok(pdf.rawPayload.length < 400_000, `a subset, not the whole font (${pdf.rawPayload.length} bytes)`)

    const logged = await app.services.handle.db.selectFrom('downloads').selectAll().execute()
    assert.deepEqual(
      logged.map((d) => [d.member_id, d.format]),
      [
        [row.id, 'docx'],
        [row.id, 'pdf'],
      ],
    )

    // a guest buyer's file carries their order number
    const guest = client(app)
    const created = await guest.form('/orders', { kind: 'post', slug: 'word-doc', method: 'sandbox.sandbox' })
    await guest.form(String(created.headers.location), { decision: 'pay' })
    const orderNo = (await app.services.handle.db.selectFrom('orders').select('order_no').where('guest_key', 'is not', null).where('state', '=', 'paid').executeTakeFirstOrThrow()).order_no
    assert.match(docxText((await guest.get('/p/word-doc/download.docx')).rawPayload), new RegExp(`订单 ${orderNo}`))

    // a free post for a member
    assert.equal((await buyer.get('/p/free-doc/download.docx')).statusCode, 200)

    // thirty an hour each, then a clear 429
    for (let i = 0; i < 27; i++) assert.equal((await buyer.get('/p/free-doc/download.docx')).statusCode, 200)
    const throttled = await buyer.get('/p/free-doc/download.docx')
    assert.equal(throttled.statusCode, 429)
    assert.match(throttled.body, /下载太频繁了，请 \d+ 分钟后再试/)

    // the owner turns downloads off: no link, no file
    await writeSetting(app.services.handle.db, 'downloadDocx', false)
    await app.services.contentChanged()
    assert.equal((await guest.get('/p/word-doc/download.docx')).statusCode, 404)
    assert.doesNotMatch((await guest.get('/p/word-doc')).body, /download\.docx/)
    assert.match((await guest.get('/p/word-doc')).body, /download\.pdf/, 'each format has its own switch')
    await writeSetting(app.services.handle.db, 'downloadPdf', false)
    await app.services.contentChanged()
    assert.equal((await guest.get('/p/word-doc/download.pdf')).statusCode, 404)
    assert.doesNotMatch((await guest.get('/p/word-doc')).body, /download\.pdf/)
  })
}

test('without a Chinese font on the server no PDF is offered, and the Word file still is', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite', env: { INKGATE_PDF_FONT: '/nonexistent/font.ttf' } })
  await seedChannels(app)
  await seedPost(app, { slug: 'free-doc', title: '免费的学习笔记', source: '<p>免费全文。</p>' })
  await seedPost(app, { slug: 'word-doc', title: '关于作风建设的讲话', price: 500 as Cents, source: SOURCE })
  const member = await registered(app, 'no_font_reader')
  assert.equal((await member.get('/p/free-doc/download.pdf')).statusCode, 404)
  assert.equal((await member.get('/p/free-doc/download.docx')).statusCode, 200)
  // an editor reads every paid region: offered the Word file, not a PDF
  const { c: editor } = await signedIn(app, 'no_font_editor', 'editor')
  const page = (await editor.get('/p/word-doc')).body
  assert.match(page, /download\.docx/)
  assert.doesNotMatch(page, /download\.pdf/)
})
