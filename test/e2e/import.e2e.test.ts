import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectFiles, createChannelsForFolders, importFiles } from '../../src/content/import/import.service.ts'
import { legacySlugOf } from '../../src/content/import/slug.ts'
import { runImport } from '../../src/cli/import.command.ts'
import { loadConfig } from '../../src/platform/config/load-config.ts'
import { createDb } from '../../src/platform/db/create-db.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { TEST_ACTOR } from '../helpers/seed.ts'

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
    const [outcome] = await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, collectFiles([dir]).files, { channelFromFolder: true, price: 990 as never }, () => {})
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
    await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, files, { channelFromFolder: false }, () => {})
    writeFileSync(files[0]!, '---\ntitle: 第二版\nslug: same-post\nchannel: speeches\nprice: 2\n---\n新的正文\n')
    const [second] = await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, files, { channelFromFolder: false }, () => {})
    assert.equal(second?.status, 'updated')
    const count = await app.services.handle.db
      .selectFrom('posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
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
    const outcomes = await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, collectFiles([dir]).files, { channelFromFolder: true }, () => {})
    assert.deepEqual(
      outcomes.map((o) => (o.status === 'failed' ? o.code : o.status)),
      ['IMPORT_CHANNEL_MISSING', 'created', 'IMPORT_EMPTY_FILE', 'IMPORT_BAD_FRONT_MATTER', 'IMPORT_BAD_PRICE', 'created'],
    )
  })

  test(`${dialect}: the real FastAdmin sample imports with its title and exactly its paid span hidden`, { skip: !existsSync(SAMPLE) && 'shared/samples not beside the checkout' }, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const text = readFileSync(SAMPLE, 'utf8')
    const dir = folderWith({ 'speeches/seed-article.txt': text })
    await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, collectFiles([dir]).files, { channelFromFolder: true, price: 500 as never }, () => {})
    const page = await app.inject('/p/seed-article')
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    const begin = lines.findIndex((l) => l.startsWith('##paidbegin##'))
    assert.ok(page.body.includes(`<h1>${lines[0]}${lines[1]}</h1>`))
    for (const line of lines.slice(2, begin)) assert.ok(page.body.includes(line.replace(/^　+/, '').slice(0, 30)), 'free line missing')
    for (const line of lines.slice(begin, -1)) assert.ok(!page.body.includes(line.replace('##paidbegin##', '').replace(/^　+/, '').slice(0, 12)), 'paid line shown')
    assert.equal((page.body.match(/class="paywall-card"/g) ?? []).length, 1)
  })
}

test('sqlite: inkgate import --create-channels ./范文 makes the channel 范文 (/c/fanwen) and gives Chinese file names pinyin slugs', async () => {
  const root = mkdtempSync(join(tmpdir(), 'inkgate-cli-'))
  const dir = join(root, '范文')
  mkdirSync(dir)
  writeFileSync(join(dir, '在主题教育推进会上的讲话.txt'), '在主题教育推进会上的讲话\n　　同志们：今天我们召开推进会。\n')
  writeFileSync(join(dir, '经理.txt'), '经理的工作总结\n正文。\n')
  writeFileSync(join(dir, '经历.txt'), '我的工作经历\n正文。\n')
  const config = loadConfig({ INKGATE_DATA_DIR: join(root, 'data'), INKGATE_LOG_LEVEL: 'silent', NODE_ENV: 'test' })
  const out: string[] = []
  const sink = { write: (s: string) => out.push(s), isTTY: false } as unknown as NodeJS.WriteStream
  const errors: string[] = []
  const original = console.error
  console.error = (...a: unknown[]) => errors.push(a.join(' '))
  try {
    // without the option, the message says how to make the channel
    assert.equal(await runImport([dir], config, sink), 1)
    assert.match(out.join(''), /栏目“范文”不存在：加上 --create-channels/)
    out.length = 0
    assert.equal(await runImport(['--create-channels', dir], config, sink), 0, out.join(''))
  } finally {
    console.error = original
  }
  assert.match(out.join(''), /\+ 新建栏目 范文（\/c\/fanwen）/)
  assert.match(out.join(''), /→ \/p\/zaizhutijiaoyutuijinhuishangdejianghua /)
  const handle = await createDb(config.database)
  try {
    const channel = await handle.db.selectFrom('channels').select(['name', 'slug']).executeTakeFirstOrThrow()
    assert.deepEqual(channel, { name: '范文', slug: 'fanwen' })
    const slugs = (await handle.db.selectFrom('posts').select('slug').orderBy('slug').execute()).map((r) => r.slug)
    // 经理 and 经历 are both jingli: the second file gets a short suffix of its own
    assert.equal(slugs.length, 3)
    assert.ok(slugs.includes('jingli'))
    assert.ok(slugs.some((s) => /^jingli-[0-9a-f]{4}$/.test(s)))
  } finally {
    await handle.close()
  }
  // importing again updates the same three posts, and the channel is not made twice
  out.length = 0
  assert.equal(await runImport(['--create-channels', dir], config, sink), 0)
  assert.doesNotMatch(out.join(''), /新建栏目/)
  assert.match(out.join(''), /新建 0，更新 3/)
})

for (const dialect of testDialects()) {
  test(`${dialect}: a post imported by the first release from a Chinese file name keeps its slug`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await app.services.posts.savePost(TEST_ACTOR, {
      slug: legacySlugOf('调研报告'),
      title: '旧的',
      channelSlug: 'speeches',
      price: 0 as never,
      sourceName: '调研报告.txt',
      body: { source: '<p>旧正文</p>', format: 'html' },
    })
    const dir = folderWith({ '调研/调研报告.txt': '调研报告\n新正文\n' })
    const made = await createChannelsForFolders(app.services.handle.db, collectFiles([dir]).files, undefined, '2026-11-27T00:00:00.000Z')
    assert.deepEqual(made, [{ name: '调研', slug: 'diaoyan' }])
    const [o] = await importFiles(TEST_ACTOR, { posts: app.services.posts, db: app.services.handle.db }, collectFiles([dir]).files, { channelFromFolder: true }, () => {})
    assert.equal(o?.status, 'updated')
    assert.equal(o?.status === 'updated' ? o.slug : '', legacySlugOf('调研报告'))
  })
}
