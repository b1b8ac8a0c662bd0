import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectFiles, importFiles } from '../../src/content/import/import.service.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sample-like.txt')
const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples', 'seed-article.txt')

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-import-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

for (const dialect of testDialects()) {
  test(`${dialect}: an imported sample-format file shows its full title and free text, with exactly its paid span behind a card`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const dir = folderWith({ 'speeches/research.txt': readFileSync(FIXTURE, 'utf8') })
    const [outcome] = await importFiles(app.services.posts, collectFiles([dir]).files, { channelFromFolder: true, price: 990 as never }, () => {})
    assert.equal(outcome?.status, 'created')
    const res = await app.inject('/p/research')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1>关于加强基层调查研究的交流发言（2篇）<\/h1>/)
    assert.match(res.body, /二要在深入基层上下功夫/)
    assert.match(res.body, /付费内容 [\d,]+ 字/)
    assert.match(res.body, /¥9\.90/)
    for (const paidText of ['通过这段时间的学习', '二是工作方法更加务实', '三是服务意识更加自觉', '##paid', 'paidend']) {
      assert.ok(!res.body.includes(paidText), `page shows paid text: ${paidText}`)
    }
    const home = await app.inject('/')
    assert.match(home.body, /关于加强基层调查研究的交流发言（2篇）/)
  })

  test(`${dialect}: importing the same file again updates the post instead of duplicating it`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const dir = folderWith({ 'a.md': '---\ntitle: 第一版\nslug: same-post\nchannel: speeches\nprice: 1.50\ntags: [总结, 范文]\nflags: recommend\n---\n正文\n' })
    const files = collectFiles([dir]).files
    await importFiles(app.services.posts, files, { channelFromFolder: false }, () => {})
    writeFileSync(files[0]!, '---\ntitle: 第二版\nslug: same-post\nchannel: speeches\nprice: 2\n---\n新的正文\n')
    const [second] = await importFiles(app.services.posts, files, { channelFromFolder: false }, () => {})
    assert.equal(second?.status, 'updated')
    const count = await app.services.handle.db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    assert.equal(Number(count.n), 1)
    const api = (await app.inject('/api/v1/posts/same-post')).json()
    assert.equal(api.post.title, '第二版')
    assert.equal(api.post.price, 200)
  })

  test(`${dialect}: a bad file is skipped with a clear message and the batch goes on`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const dir = folderWith({
      'speeches/1-good.txt': '标题一\n正文\n',
      'speeches/2-empty.txt': '  \n',
      'speeches/3-bad-yaml.md': '---\ntitle: [unclosed\n---\n正文\n',
      'speeches/4-bad-price.txt': '---\nprice: 九块九\n---\n标题\n正文\n',
      'nowhere/5-unknown-channel.txt': '标题\n正文\n',
      'speeches/6-good.html': '<h1>网页标题</h1><p>正文</p>',
    })
    const outcomes = await importFiles(app.services.posts, collectFiles([dir]).files, { channelFromFolder: true }, () => {})
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'failed' ? o.code : o.status)),
      ['CHANNEL_NOT_FOUND', 'created', 'IMPORT_EMPTY_FILE', 'IMPORT_BAD_FRONT_MATTER', 'IMPORT_BAD_PRICE', 'created'],
    )
  })

  test(`${dialect}: the real FastAdmin sample imports with its title and exactly its paid span hidden`, { skip: !existsSync(SAMPLE) && 'shared/samples not beside the checkout' }, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const text = readFileSync(SAMPLE, 'utf8')
    const dir = folderWith({ 'speeches/seed-article.txt': text })
    await importFiles(app.services.posts, collectFiles([dir]).files, { channelFromFolder: true, price: 500 as never }, () => {})
    const page = await app.inject('/p/seed-article')
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean)
    const begin = lines.findIndex((l) => l.startsWith('##paidbegin##'))
    assert.ok(page.body.includes(`<h1>${lines[0]}${lines[1]}</h1>`))
    for (const line of lines.slice(2, begin)) assert.ok(page.body.includes(line.replace(/^　+/, '').slice(0, 30)), 'free line missing')
    for (const line of lines.slice(begin, -1)) assert.ok(!page.body.includes(line.replace('##paidbegin##', '').replace(/^　+/, '').slice(0, 12)), 'paid line shown')
    assert.equal((page.body.match(/class="paywall-card"/g) ?? []).length, 1)
  })
}
