import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../src/app.ts'
import { bringUploads } from '../../src/migrate/site-in/bring-uploads.ts'
import { writeImportedSite, type SiteReport } from '../../src/migrate/site-in/write-imported-site.ts'
import { readWxr } from '../../src/migrate/wordpress/wxr-site.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'

const XML = readFileSync(new URL('../fixtures/wordpress/export.xml', import.meta.url), 'utf8')
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const OPERATOR = { kind: 'operator', name: 'test' } as const

/** The old site's uploads folder: the cover and the chart, not the missing picture. */
function uploadsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wp-uploads-'))
  mkdirSync(join(dir, '2024', '03'), { recursive: true })
  writeFileSync(join(dir, '2024', '03', 'cover.png'), PNG)
  writeFileSync(join(dir, '2024', '03', 'chart.png'), Buffer.concat([PNG, Buffer.from('chart')]))
  return dir
}

async function migrate(app: App, folder: string, dryRun = false): Promise<{ report: SiteReport; missing: string[] }> {
  const site = readWxr(XML)
  const uploads = await bringUploads({ db: app.services.handle.db, media: app.services.media, actor: OPERATOR }, site, { prefixes: ['https://wp.example/wp-content/uploads/'], folder, dryRun })
  const report = await writeImportedSite({ db: app.services.handle.db, posts: app.services.posts, actor: OPERATOR, now: () => new Date() }, site, { dryRun })
  await app.services.contentChanged()
  return { report, missing: uploads.missing }
}

const post = (app: App, title: string) => app.services.handle.db.selectFrom('posts').selectAll().where('title', '=', title).executeTakeFirstOrThrow()

for (const dialect of testDialects()) {
  test(`${dialect}: a WordPress site moves in from its export: categories, posts behind the paywall plugins’ shortcodes, authors, uploads and old permalinks`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const folder = uploadsFolder()
    t.after(() => rmSync(folder, { recursive: true, force: true }))

    const dry = await migrate(app, folder, true)
    assert.equal(dry.report.posts.created, 8)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').execute()).length, 0, 'a dry run writes nothing')
    assert.equal((await app.services.handle.db.selectFrom('media').select('key').execute()).length, 0)

    const { report, missing } = await migrate(app, folder)
    assert.deepEqual(report.channels, { created: 5, updated: 0, skipped: 0 }, 'four categories and 页面')
    assert.deepEqual(report.authors, { created: 2, updated: 0, skipped: 0 })
    assert.equal(report.posts.created, 8)
    assert.equal(report.posts.trashed, 1)
    assert.equal(report.posts.hidden, 2, 'private, and the trashed one (hidden before it went to the trash)')
    assert.equal(report.posts.drafts, 1)
    assert.deepEqual(report.notBrought, { attachments: 1, nav_menu_item: 1, comments: 2, terms: 1 })
    assert.ok(
      report.warnings.some((w) => w.id === '104' && w.codes.includes('PAYWALL_MARKUP_UNCLOSED')),
      'an unclosed shortcode is reported',
    )
    assert.deepEqual(missing, ['https://wp.example/wp-content/uploads/2024/03/missing.png'])

    // the channel tree, with a Chinese slug made pinyin
    const channels = await app.services.handle.db.selectFrom('channels').select(['id', 'slug', 'name', 'parent_id', 'seo_description']).orderBy('id').execute()
    const lessons = channels.find((c) => c.slug === 'party-lessons')
    assert.equal(channels.find((c) => c.id === lessons?.parent_id)?.slug, 'study')
    assert.ok(channels.some((c) => c.name === '心得体会' && c.slug === 'xindetihui'))
    assert.equal(channels.find((c) => c.slug === 'speeches')?.seo_description, '各类讲话稿范文')

    // PMPro: free before and after, paid inside for VIP; the teaser before <!--more--> is the description; uploads are ours now
    const talk = await post(app, '作风建设专题讲话')
    assert.equal(talk.access, 'vip')
    assert.equal(talk.description, 'WPFREE 开头的免费段落，讲作风建设的意义。')
    assert.match(String(talk.cover_url), /^\/media\/[A-Za-z0-9_-]{22}\.png$/)
    assert.equal(talk.published_at, '2024-03-02T02:00:00.000Z')
    assert.deepEqual((JSON.parse(talk.tag_list) as Array<{ name: string }>).map((x) => x.name).sort(), ['作风建设', '理论学习'].sort())
    const stranger = client(app)
    const page = (await stranger.get(`/p/${talk.slug}`)).body
    assert.match(page, /WPFREE 开头的免费段落/)
    assert.match(page, /结尾的免费话/)
    assert.doesNotMatch(page, /WPPAID/)
    assert.match(page, /<img src="\/media\/[A-Za-z0-9_-]{22}\.png" alt="图表">/)
    assert.match(page, /https:\/\/wp\.example\/wp-content\/uploads\/2024\/03\/missing\.png/, 'a missing file keeps its old address')
    const author = await app.services.handle.db.selectFrom('members').select(['id', 'role', 'password_hash']).where('username', '=', 'editor_wang').executeTakeFirstOrThrow()
    assert.equal(talk.author_id, author.id)
    assert.equal(author.role, 'author')
    assert.equal(author.password_hash, '!', 'no password came along')
    assert.notEqual((await client(app).form('/login', { login: 'editor_wang', password: '!' })).statusCode, 303)

    // Restrict Content Pro's plain [restrict]: any signed-in reader; the block editor's comments are gone
    const notes = await post(app, '学习心得（块编辑器）')
    assert.equal(notes.access, 'members')
    assert.equal(notes.slug, 'xuexixinde')
    assert.equal(notes.description, '一篇块编辑器写的心得。')
    assert.doesNotMatch((await stranger.get('/p/xuexixinde')).body, /WPMEMBERS/)
    const reader = await registered(app, 'wp_reader')
    const asMember = (await reader.get('/p/xuexixinde')).body
    assert.match(asMember, /WPMEMBERS 登录的读者才能看的段落/)
    assert.doesNotMatch(asMember, /wp:paragraph/)
    assert.match((await reader.get(`/p/${(await post(app, '有密码的文章')).slug}`)).body, /WPMEMBERS 输入密码才能看的全文/, 'a password-protected post is for members')
    assert.doesNotMatch((await stranger.get(`/p/${(await post(app, '有密码的文章')).slug}`)).body, /WPMEMBERS/)

    assert.equal((await post(app, '还没写完的草稿')).status, 'draft')
    assert.equal((await post(app, '私密文章')).status, 'hidden')
    assert.equal((await post(app, '删掉的文章')).status, 'trashed')
    assert.equal((await post(app, '关于我们')).slug, 'about')

    // every old permalink answers with a 301: posts (with and without the closing slash, Chinese ones encoded), categories, tags, pages
    const moved = async (path: string) => {
      const res = await stranger.get(path)
      assert.equal(res.statusCode, 301, path)
      return res.headers.location
    }
    assert.equal(await moved('/2024/03/zuofeng-talk/'), '/p/zuofeng-talk')
    assert.equal(await moved('/2024/03/zuofeng-talk'), '/p/zuofeng-talk')
    assert.equal(await moved('/2024/04/%E5%AD%A6%E4%B9%A0%E5%BF%83%E5%BE%97/'), '/p/xuexixinde')
    assert.equal(await moved('/category/speeches/'), '/c/speeches')
    assert.equal(await moved('/category/study/party-lessons/'), '/c/party-lessons')
    assert.match(String(await moved('/tag/zuofeng/')), /^\/t\//)
    assert.equal(await moved('/about/'), '/p/about')
    assert.equal((await stranger.get('/2024/05/deleted/')).statusCode, 404, 'a trashed post keeps no old address')
    // the plain links every WordPress answers, on the home page's address
    assert.equal(await moved('/?p=101'), '/p/zuofeng-talk')
    assert.equal(await moved('/?page_id=110'), '/p/about')
    assert.equal(await moved('/?cat=2'), '/c/speeches')
    assert.match(String(await moved('/?tag=zuofeng')), /^\/t\//)
    assert.equal((await stranger.get('/?p=999')).statusCode, 200, 'an unknown one is the home page')
    assert.equal((await stranger.get('/?p=105')).statusCode, 200, 'and so is a trashed post’s')

    // again: updated, never duplicated; the files are not copied twice
    const again = await migrate(app, folder)
    assert.equal(again.report.posts.created, 0)
    assert.equal(again.report.posts.updated, 8)
    assert.equal(again.report.authors.updated, 2)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').execute()).length, 8)
    assert.equal((await app.services.handle.db.selectFrom('media').select('key').execute()).length, 2)
  })
}

test('`inkgate migrate wordpress` and `migrate ghost` report a dry run, migrate, and refuse a file that is not an export', async (t) => {
  const { spawnSync } = await import('node:child_process')
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-migrate-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent', INKGATE_SEED_DEMO: 'false' }
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/inkgate.mjs', 'migrate', ...args], { cwd: join(import.meta.dirname, '..', '..'), env, encoding: 'utf8' })
  const wxr = join(import.meta.dirname, '..', 'fixtures', 'wordpress', 'export.xml')
  const dry = cli('wordpress', wxr, '--dry-run')
  assert.equal(dry.status, 0, dry.stderr)
  assert.match(dry.stdout, /试运行（没有写入任何内容）：wordpress/)
  assert.match(dry.stdout, /文章：新建 8，更新 0，跳过 0（其中付费 5，草稿 1，隐藏 2，回收站 1/)
  const real = cli('wordpress', wxr)
  assert.equal(real.status, 0, real.stderr)
  assert.match(real.stdout, /作者：新建 2，更新 0，跳过 0（无密码，经「忘记密码」设置）/)
  assert.match(dry.stdout, /旧网址：\d+ 个，301 跳转到新网址/)
  assert.match(real.stdout, /暂未迁移（本站还没有这些功能）：comments 2 条，attachments 1 条，nav_menu_item 1 条，terms 1 条/)
  assert.match(real.stdout, /⚠ 文章 104：.*PAYWALL_MARKUP_UNCLOSED/)

  const ghost = join(import.meta.dirname, '..', 'fixtures', 'ghost')
  const g = cli('ghost', join(ghost, 'export.json'), '--members', join(ghost, 'members.csv'), '--url', 'https://ghost.example')
  assert.equal(g.status, 0, g.stderr)
  assert.match(g.stdout, /会员：新建 4，更新 0，跳过 0；VIP 3 人/)
  assert.match(g.stdout, /✗ member m5：原站已删除/)

  const broken = join(dir, 'broken.xml')
  writeFileSync(broken, '<rss><channel><title>不是 WordPress</title></channel></rss>')
  const refused = cli('wordpress', broken)
  assert.equal(refused.status, 1)
  assert.match(refused.stderr, /不是 WordPress 导出文件/)
  writeFileSync(broken, '{"db": [')
  const refusedGhost = cli('ghost', broken)
  assert.equal(refusedGhost.status, 1)
  assert.match(refusedGhost.stderr, /不是有效的 Ghost 导出文件/)
  assert.equal(cli('wordpress').status, 2, 'no file: the usage')
})
