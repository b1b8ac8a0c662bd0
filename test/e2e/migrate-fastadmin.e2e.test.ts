import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateFastadmin, type MigrationReport } from '../../src/migrate/fastadmin/fastadmin-migration.ts'
import { defaultRules } from '../../src/migrate/fastadmin/fastadmin-rows.ts'
import { FastadminSource } from '../../src/migrate/fastadmin/fastadmin-source.ts'
import type { App } from '../../src/app.ts'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { signedIn } from '../helpers/staff.ts'
import { grantCustomFieldsWriter } from '../../src/paywall/index.ts'
import type { FullDb } from '../../src/platform/db/database.ts'
import { createUploadCopier, type UploadCopier } from '../../src/migrate/site-in/bring-uploads.ts'
import { testDialects } from '../helpers/dialects.ts'
import { createFastadminDb, PAID, PASSWORDS } from '../fixtures/fastadmin/fastadmin-db.ts'

/**
 * A FastAdmin CMS site moved in from the real MariaDB on this machine
 * (TEST_MYSQL_URL, as CI sets it): a database we build from the reference's
 * schema, with rows in every shape the reference mentions.
 */
const server = process.env.TEST_MYSQL_URL
const skip = !server && 'TEST_MYSQL_URL is not set (CI sets it to the MariaDB on this machine)'

/** a copy of the old site's public/uploads: the cover and the chart are there */
function uploadsFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fa-uploads-'))
  mkdirSync(join(dir, '20231120'))
  writeFileSync(join(dir, '20231120', 'cover.png'), PNG)
  writeFileSync(join(dir, '20231120', 'chart.png'), Buffer.concat([PNG, Buffer.from('chart')]))
  return dir
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

async function migrate(app: App & { full: FullDb }, url: string, dryRun = false, uploads?: UploadCopier): Promise<MigrationReport> {
  const source = await FastadminSource.open(url, 'fa_')
  try {
    const actor = { kind: 'operator', name: 'test' } as const
    const report = await migrateFastadmin(
      { db: app.services.handle.db, posts: app.services.posts, actor, now: () => new Date(), keepFields: grantCustomFieldsWriter(app.full), ...(uploads ? { uploads } : {}) },
      source,
      {
        rules: defaultRules(false),
        dryRun,
      },
    )
    await app.services.contentChanged()
    return report
  } finally {
    await source.close()
  }
}

const slugOf = async (app: App, title: string) => (await app.services.handle.db.selectFrom('posts').select('slug').where('title', '=', title).executeTakeFirstOrThrow()).slug

for (const dialect of testDialects()) {
  test(`${dialect}: a FastAdmin CMS site moves in: channels, posts behind the same paywall, readers with their old passwords, their purchases, and every old address`, { skip }, async (t) => {
    const fa = await createFastadminDb(server as string)
    t.after(() => fa.drop())
    const app = await buildTestApp(t, { dialect })

    // a dry run reads everything and writes nothing
    const dry = await migrate(app, fa.url, true)
    assert.equal(dry.posts.created, 8)
    assert.equal(dry.members.created, 3)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').execute()).length, 0)
    assert.equal((await app.services.handle.db.selectFrom('members').select('id').execute()).length, 0)

    const folder = uploadsFolder()
    t.after(() => rmSync(folder, { recursive: true, force: true }))
    const copier = createUploadCopier({ db: app.services.handle.db, media: app.services.media, actor: { kind: 'operator', name: 'test' } }, { prefixes: ['/uploads/'], folder, dryRun: false })
    const report = await migrate(app, fa.url, false, copier)
    assert.deepEqual(copier.report, { copied: 2, reused: 0, missing: [] }, 'the cover and the chart, from the uploads folder')
    const withUploads = await app.services.handle.db.selectFrom('posts').select(['slug', 'cover_url']).where('title', '=', '在主题教育动员会上的讲话').executeTakeFirstOrThrow()
    assert.match(String(withUploads.cover_url), /^\/media\/[A-Za-z0-9_-]{22}\.png$/)
    const speechPage = (await client(app).get(`/p/${withUploads.slug}`)).body
    assert.match(speechPage, /<img src="\/media\/[A-Za-z0-9_-]{22}\.png" alt="图表">/)
    assert.match(speechPage, /https:\/\/cdn\.other\.example\/uploads\/20231120\/chart\.png/, 'another host’s /uploads/ address is not ours to rewrite')
    assert.deepEqual(report.members, { created: 3, updated: 0, skipped: 0 })
    assert.deepEqual(report.channels, { created: 4, updated: 0, skipped: 1 }, 'a javascript: link channel is left out')
    assert.equal(report.posts.created, 8)
    assert.equal(report.posts.trashed, 1)
    assert.equal(report.posts.hidden, 2, 'hidden and pulloff')
    assert.ok(
      report.warnings.some((w) => w.codes.includes('PAYWALL_MARKUP_UNCLOSED')),
      JSON.stringify(report.warnings),
    )
    assert.deepEqual({ created: report.orders.created, guest: report.orders.guest }, { created: 2, guest: 1 })
    assert.equal(report.balances, 1)
    assert.deepEqual(report.notBrought, { cms_special: 1, cms_page: 2, cms_comment: 0 })
    assert.ok(report.skipped.some((s) => s.kind === 'order' && s.reason === 'guest-order'))

    // channels keep their tree and slugs; a Chinese diyname becomes pinyin
    const channels = await app.services.handle.db.selectFrom('channels').select(['slug', 'kind', 'parent_id', 'name']).orderBy('id').execute()
    assert.deepEqual(channels.map((c) => [c.slug, c.kind]).sort(), [
      ['gongwen', 'section'],
      ['guanwang', 'link'],
      ['jianghua', 'list'],
      ['ziliaoxiazai', 'list'],
    ])
    const parent = channels.find((c) => c.slug === 'gongwen')
    assert.ok(parent)
    assert.equal(
      (await app.services.handle.db.selectFrom('channels').select('parent_id').where('slug', '=', 'jianghua').executeTakeFirstOrThrow()).parent_id,
      (await app.services.handle.db.selectFrom('channels').select('id').where('slug', '=', 'gongwen').executeTakeFirstOrThrow()).id,
      'the tree is kept',
    )
    assert.equal((await client(app).get('/c/jianghua')).statusCode, 200)

    // the paywall holds: paid text is not on the page nor in the API for a stranger; the buyer reads it
    const speech = await slugOf(app, '在主题教育动员会上的讲话')
    const stranger = client(app)
    const locked = await stranger.get(`/p/${speech}`)
    assert.equal(locked.statusCode, 200)
    assert.ok(!locked.body.includes(PAID.speech))
    assert.match(locked.body, /¥9\.90/)
    assert.equal((await stranger.get(`/p/${speech}?page=2`)).statusCode, 200, '##pagebreak## made a second page')
    const download = await slugOf(app, '年度工作总结模板下载')
    assert.ok(!(await stranger.get(`/p/${download}`)).body.includes(PAID.download), '$$ markers too')
    assert.ok(!(await stranger.get(`/api/v1/posts/${download}`)).body.includes('pan.example.com'), 'a model’s custom columns are never public')
    assert.ok(!(await stranger.get(`/p/${download}`)).body.includes('pan.example.com'))
    // kept for the post's editors: the console's editor shows them
    const editor = await signedIn(app, 'fa_editor', 'editor')
    const opened = (await editor.c.get(`/api/admin/posts/${download}`)).json().post
    assert.deepEqual(opened.customFields.map((f: { name: string }) => f.name).sort(), ['downloads', 'downloadurl', 'version'])
    assert.match(opened.customFields.find((f: { name: string }) => f.name === 'downloadurl').value, /pan\.example\.com\/s\/1/)
    assert.equal(report.posts.withFields, 3, 'both download archives and the news one with an author')
    const membersOnly = await slugOf(app, '只给会员看的学习笔记')
    assert.ok(!(await stranger.get(`/p/${membersOnly}`)).body.includes(PAID.members), 'isguest=0: members only')

    // readers sign in with their old passwords, once checked the FastAdmin way and then kept our way
    const reader = client(app)
    assert.equal((await reader.form('/login', { login: 'zhangsan', password: 'wrong-pass-0' })).statusCode, 401)
    assert.equal((await reader.form('/login', { login: 'zhangsan', password: PASSWORDS.zhangsan })).statusCode, 303)
    const hash = (await app.services.handle.db.selectFrom('members').select('password_hash').where('username', '=', 'zhangsan').executeTakeFirstOrThrow()).password_hash
    assert.match(hash, /^\$scrypt\$/, 'replaced at the first sign-in')
    assert.ok((await reader.get(`/p/${speech}`)).body.includes(PAID.speech), 'their purchase came along')
    assert.ok((await reader.get(`/p/${membersOnly}`)).body.includes(PAID.members))
    assert.match((await reader.get('/user')).body, /¥12\.50/, 'their balance came along')
    const phone = client(app)
    assert.equal((await phone.form('/login', { login: '13800138000', password: PASSWORDS.phone })).statusCode, 303, 'a name our rules would refuse still signs in')
    assert.ok((await phone.get(`/p/${download}`)).body.includes(PAID.download))
    const locked2 = await client(app).form('/login', { login: 'locked', password: PASSWORDS.locked })
    assert.equal(locked2.statusCode, 403, 'a disabled account stays disabled')

    // hidden, pulled off and deleted archives are not public; the deleted one is in the trash
    assert.equal((await stranger.get(`/p/${await slugOf(app, '隐藏起来的讲话稿')}`)).statusCode, 404)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('status').where('title', '=', '删到回收站的讲话稿').executeTakeFirstOrThrow()).status, 'trashed')

    // every old address answers with a 301 to its new one
    const moved = async (path: string) => {
      const res = await stranger.get(path)
      assert.equal(res.statusCode, 301, path)
      return String(res.headers.location)
    }
    assert.equal(await moved('/cms/jianghua/2.html'), `/p/${speech}`)
    assert.equal(await moved('/cms/jianghua/2'), `/p/${speech}`)
    assert.equal(await moved('/addons/cms/archives/index/id/2'), `/p/${speech}`)
    assert.equal(await moved('/addons/cms/archives/index?id=2'), `/p/${speech}`)
    assert.equal(await moved('/cms/jianghua.html'), '/c/jianghua')
    assert.equal(await moved(`/cms/${encodeURIComponent('资料下载')}.html`), '/c/ziliaoxiazai')
    assert.match(await moved(`/cms/t/${encodeURIComponent('主题教育')}.html`), /^\/t\//)
    assert.equal(await moved('/cms/'), '/')
    assert.equal((await stranger.get('/cms/jianghua/999.html')).statusCode, 404)

    // a second run updates, never duplicates
    const again = await migrate(app, fa.url)
    assert.equal(again.posts.created, 0)
    assert.equal(again.members.created, 0)
    assert.equal(again.orders.created, 0)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').execute()).length, 8)
    assert.equal((await app.services.handle.db.selectFrom('orders').select('id').execute()).length, 2)
    assert.equal((await app.services.handle.db.selectFrom('balance_ledger').select('id').execute()).length, 1)
    assert.match(
      (await app.services.handle.db.selectFrom('members').select('password_hash').where('username', '=', 'zhangsan').executeTakeFirstOrThrow()).password_hash,
      /^\$scrypt\$/,
      'a member who signed in since keeps the password they used',
    )
  })
}

test('`inkgate migrate fastadmin` reports a dry run, then migrates, from the command line', { skip }, async (t) => {
  const fa = await createFastadminDb(server as string)
  t.after(() => fa.drop())
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-migrate-'))
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent', INKGATE_SEED_DEMO: 'false' }
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/inkgate.mjs', 'migrate', ...args], { cwd: join(import.meta.dirname, '..', '..'), env, encoding: 'utf8' })
  const usage = cli('wordpress')
  assert.equal(usage.status, 2)
  assert.match(usage.stderr, /inkgate migrate fastadmin --from/)
  const dry = cli('fastadmin', '--from', fa.url, '--dry-run')
  assert.equal(dry.status, 0, dry.stderr)
  assert.match(dry.stdout, /试运行（没有写入任何内容）/)
  assert.match(dry.stdout, /文档：新建 8，更新 0，跳过 0/)
  const real = cli('fastadmin', '--from', fa.url)
  assert.equal(real.status, 0, real.stderr)
  assert.match(real.stdout, /会员：新建 3，更新 0，跳过 0；余额迁入 1 人/)
  assert.match(real.stdout, /订单：新建 2，更新 0，跳过 0；游客订单 1/)
  assert.match(real.stdout, /暂未迁移（本站还没有这些功能）：cms_special 1 条，cms_page 2 条/)
  assert.match(real.stdout, /✗ order #20231115000003123456：游客订单/)
  const unreachable = cli('fastadmin', '--from', 'mysql://nobody@127.0.0.1:1/none')
  assert.equal(unreachable.status, 1)
  assert.match(unreachable.stderr, /无法连接 FastAdmin 数据库/)
})
