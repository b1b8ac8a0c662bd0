import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import pg from 'pg'
import { create, extract } from 'tar'
import { buildApp, type App } from '../../src/app.ts'
import { runExport, runImportSite } from '../../src/cli/site-archive.command.ts'
import { insertChannel, saveLegacyUrls, writeSetting } from '../../src/content/index.ts'
import { loadConfig, type AppConfig } from '../../src/platform/config/load-config.ts'
import type { Cents } from '../../src/shared/money.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const PAID = 'ARCHIVEPAID-归档里的付费正文'
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/** What travels, by name: a table a later migration adds must be put here, or in LEFT_BEHIND, on purpose. */
const TRAVELLING = [
  'audit_log',
  'balance_ledger',
  'balances',
  'channels',
  'downloads',
  'legacy_urls',
  'media',
  'media_refs',
  'member_consents',
  'member_recovery_codes',
  'member_totp',
  'members',
  'migrated_rows',
  'order_events',
  'orders',
  'payment_attempts',
  'payment_credentials',
  'post_custom_fields',
  'post_drafts',
  'post_paid_segments',
  'post_revisions',
  'post_segments',
  'post_sources',
  'post_tags',
  'post_views',
  'posts',
  'provider_events',
  'purchases',
  'refunds',
  'search_log',
  'settings',
  'tags',
  'vip_grants',
  'vip_plans',
]

/** An empty site of its own: a data folder, and its database (SQLite in the folder, or a PostgreSQL schema). */
async function emptySite(t: TestContext, dialect: 'sqlite' | 'postgres'): Promise<AppConfig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'inkgate-archive-'))
  const base = loadConfig({ INKGATE_DATA_DIR: dataDir, INKGATE_LOG_LEVEL: 'silent', INKGATE_SITE_URL: 'https://fanwen.example', NODE_ENV: 'test', INKGATE_PAY_SANDBOX: 'true' })
  t.after(() => rmSync(dataDir, { recursive: true, force: true }))
  if (dialect === 'sqlite') return base
  const url = process.env.TEST_DATABASE_URL as string
  const schema = `t_${randomBytes(6).toString('hex')}`
  const run = async (statement: string) => {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(statement)
    await c.end()
  }
  await run(`CREATE SCHEMA ${schema}`)
  t.after(() => run(`DROP SCHEMA ${schema} CASCADE`))
  // the schema by the URL, as an operator may give it in DATABASE_URL
  return { ...base, database: { kind: 'postgres', url: `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}` } }
}

async function boot(config: AppConfig): Promise<App> {
  return buildApp({ config, now: () => TEST_NOW, passwordCost: TEST_PASSWORD_COST, jobs: false })
}

const sink = () => Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream & PassThrough

/** a command run here: its exit code, what it printed, and what it said was wrong */
async function cli(run: typeof runExport, argv: string[], config: AppConfig): Promise<{ code: number; out: string; err: string }> {
  const out = sink()
  let text = ''
  let err = ''
  out.on('data', (b: Buffer) => (text += b.toString()))
  const consoleError = console.error
  console.error = (...args: unknown[]) => void (err += `${args.join(' ')}\n`)
  try {
    const code = await run(argv, config, out)
    return { code, out: text, err }
  } finally {
    console.error = consoleError
  }
}

function unpack(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-unpacked-'))
  extract({ file, cwd: dir, sync: true })
  return dir
}

/** A site with a little of everything: a channel tree, a paid post bought with a balance, a VIP plan, an upload, old addresses. */
async function fillSite(app: App): Promise<{ uploadUrl: string }> {
  const db = app.services.handle.db
  const at = TEST_NOW.toISOString()
  const base = { seo_title: '', seo_keywords: '', seo_description: '', page_size: 10, vip_level: 0, created_at: at, updated_at: at, link_url: null, weight: 0 }
  // a child created before its parent is moved under it: the load puts the parent first
  const child = await insertChannel(db, { ...base, parent_id: null, kind: 'list', name: '党课', slug: 'lessons' })
  const parent = await insertChannel(db, { ...base, parent_id: null, kind: 'section', name: '党建', slug: 'party' })
  await db.updateTable('channels').set({ parent_id: parent }).where('id', '=', child).execute()
  const editor = await signedIn(app, 'archive_editor', 'editor')
  const upload = await editor.c.upload('/api/admin/media?kind=image', { name: '封面.png', bytes: PNG, type: 'image/png' })
  assert.equal(upload.statusCode, 201)
  const uploadUrl = (upload.json() as { media: { url: string } }).media.url
  await seedPost(app, {
    slug: 'archived-talk',
    title: '归档测试讲话稿',
    channelSlug: 'lessons',
    price: 800 as Cents,
    tags: ['作风建设'],
    source: `<p>免费的开头：作风建设。</p><p>##paidbegin##</p><p>${PAID}。</p><p>##paidend##</p>`,
  })
  await seedPost(app, { slug: 'free-note', title: '免费笔记', channelSlug: 'lessons', source: `<p>人人可读的笔记。</p><p><img src="${uploadUrl}" alt="图"></p>` })
  await writeSetting(db, 'siteName', '归档测试站')
  await saveLegacyUrls(db, 'fastadmin', [{ path: '/cms/lessons/1.html', target: '/p/archived-talk' }], at)
  await app.services.commerce.vip.createPlan(TEST_ACTOR, { name: '月度会员', level: 1, days: 30, price: 3000 as Cents, benefit: 'free' })

  const buyer = await registered(app, 'archive_buyer', 'buyer-pass-1')
  const row = await db.selectFrom('members').select('id').where('username', '=', 'archive_buyer').executeTakeFirstOrThrow()
  await app.services.commerce.memberMoney.adjustBalance(TEST_ACTOR, row.id, 1000, '测试')
  assert.equal((await buyer.form('/orders', { kind: 'post', slug: 'archived-talk', method: 'balance' })).statusCode, 303)
  // a guest who paid through the sandbox: an order, an attempt and a purchase tied to a browser
  const guest = client(app)
  const created = await guest.form('/orders', { kind: 'post', slug: 'archived-talk', method: 'sandbox.sandbox' })
  await guest.form(String(created.headers.location), { decision: 'pay' })

  return { uploadUrl }
}

test('a site goes out to an archive and into an empty site on each engine, and comes out again byte for byte', async (t) => {
  const source = await emptySite(t, 'sqlite')
  const app = await boot(source)
  const { uploadUrl } = await fillSite(app)
  await app.close()

  const work = mkdtempSync(join(tmpdir(), 'inkgate-archives-'))
  t.after(() => rmSync(work, { recursive: true, force: true }))
  const first = join(work, 'site.tar.gz')
  const exported = await cli(runExport, ['--out', first, '--with-password-hashes'], source)
  assert.equal(exported.code, 0, exported.out)
  assert.match(exported.out, /已导出到 .*文章 2 篇，栏目 2 个，会员 2 人，订单 2 笔，购买 2 条，上传文件 1 个/)
  assert.equal((await cli(runExport, ['--out', first], source)).code, 1, 'an archive is never overwritten')
  const a = unpack(first)
  t.after(() => rmSync(a, { recursive: true, force: true }))
  const manifest = JSON.parse(readFileSync(join(a, 'inkgate-site.json'), 'utf8'))
  assert.equal(manifest.format, 'inkgate-site')
  assert.equal(manifest.version, 1)
  assert.deepEqual(manifest.tables.map((x: { name: string }) => x.name).sort(), [...TRAVELLING].sort())
  assert.ok(
    manifest.tables.findIndex((x: { name: string }) => x.name === 'posts') > manifest.tables.findIndex((x: { name: string }) => x.name === 'channels'),
    'parents before the tables that point at them',
  )
  assert.match(readFileSync(join(a, 'tables', 'post_paid_segments.jsonl'), 'utf8'), new RegExp(PAID), 'the archive holds the whole post: it is the owner’s')

  for (const dialect of testDialects()) {
    const target = await emptySite(t, dialect)
    const loaded = await cli(runImportSite, [first], target)
    assert.equal(loaded.code, 0, loaded.out)
    assert.match(loaded.out, /已载入：文章 2 篇，栏目 2 个，会员 2 人，订单 2 笔，购买 2 条，上传文件 1 个[\s\S]*搜索索引已重建：2 篇/)

    // out again, from the other engine: the same tables, row for row and byte for byte, and the same files
    const second = join(work, `again-${dialect}.tar.gz`)
    assert.equal((await cli(runExport, ['--out', second, '--with-password-hashes'], target)).code, 0)
    const b = unpack(second)
    t.after(() => rmSync(b, { recursive: true, force: true }))
    for (const name of readdirSync(join(a, 'tables'))) assert.equal(readFileSync(join(b, 'tables', name), 'utf8'), readFileSync(join(a, 'tables', name), 'utf8'), `${dialect}: ${name}`)
    assert.deepEqual(readdirSync(join(b, 'uploads')), readdirSync(join(a, 'uploads')))
    for (const name of readdirSync(join(a, 'uploads'))) assert.ok(readFileSync(join(b, 'uploads', name)).equals(readFileSync(join(a, 'uploads', name))))
    const again = JSON.parse(readFileSync(join(b, 'inkgate-site.json'), 'utf8'))
    assert.deepEqual({ ...again, exportedAt: '', engine: '' }, { ...manifest, exportedAt: '', engine: '' })

    // the moved site works: the buyer signs in with their password and reads, a stranger does not, search and uploads answer
    const moved = await boot(target)
    try {
      const buyer = client(moved)
      assert.equal((await buyer.form('/login', { login: 'archive_buyer', password: 'buyer-pass-1' })).statusCode, 303)
      assert.match((await buyer.get('/p/archived-talk')).body, new RegExp(PAID))
      assert.doesNotMatch((await client(moved).get('/p/archived-talk')).body, new RegExp(PAID))
      assert.match((await client(moved).get(`/search?q=${encodeURIComponent('作风建设')}`)).body, /归档测试讲话稿/)
      assert.equal((await client(moved).get(uploadUrl)).statusCode, 200)
      const old = await client(moved).get('/cms/lessons/1.html')
      assert.equal(old.statusCode, 301)
      assert.equal(old.headers.location, '/p/archived-talk')
      // new rows take new ids after the loaded ones (PostgreSQL's sequences were moved on)
      await registered(moved, 'after_move')
      const ids = await moved.services.handle.db.selectFrom('members').select('id').orderBy('id').execute()
      assert.equal(new Set(ids.map((r) => r.id)).size, 3)

      // a site that is not empty is refused, and keeps what it had
      const refused = await cli(runImportSite, [first], target)
      assert.equal(refused.code, 1)
      assert.equal((await moved.services.handle.db.selectFrom('posts').select('id').execute()).length, 2)
    } finally {
      // before its schema is dropped (the view counter writes on close)
      await moved.close()
    }
  }
})

test('without --with-password-hashes no password or second factor leaves the site, and a broken archive is refused with a message', async (t) => {
  const source = await emptySite(t, 'sqlite')
  const app = await boot(source)
  await fillSite(app)
  await app.close()
  const work = mkdtempSync(join(tmpdir(), 'inkgate-archives-'))
  t.after(() => rmSync(work, { recursive: true, force: true }))
  const file = join(work, 'site.tar.gz')
  const exported = await cli(runExport, ['--out', file], source)
  assert.equal(exported.code, 0)
  assert.match(exported.out, /未含密码/)
  const dir = unpack(file)
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const members = readFileSync(join(dir, 'tables', 'members.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  assert.deepEqual([...new Set(members.map((m) => m.password_hash))], ['!'])
  assert.deepEqual(
    readdirSync(join(dir, 'tables')).filter((n) => /totp|recovery/.test(n)),
    [],
  )

  const target = await emptySite(t, 'sqlite')
  assert.equal((await cli(runImportSite, [file], target)).code, 0)
  const moved = await boot(target)
  t.after(() => moved.close())
  const login = await client(moved).form('/login', { login: 'archive_buyer', password: 'buyer-pass-1' })
  assert.notEqual(login.statusCode, 303, 'no password came along: the member sets one by a reset')

  // a row the database refuses (a post in a channel the archive does not hold): a message, and the site stays empty
  const posts = readFileSync(join(dir, 'tables', 'posts.jsonl'), 'utf8')
  writeFileSync(join(dir, 'tables', 'posts.jsonl'), posts.replace(/"channel_id":\d+/, '"channel_id":999999'))
  const tampered = join(work, 'tampered.tar.gz')
  await create({ gzip: true, file: tampered, cwd: dir }, ['inkgate-site.json', 'tables', 'uploads'])
  const emptyAgain = await emptySite(t, 'sqlite')
  const refusedRow = await cli(runImportSite, [tampered], emptyAgain)
  assert.equal(refusedRow.code, 1)
  assert.match(refusedRow.err, /tables\/posts\.jsonl 无法载入/)
  const check = await boot(emptyAgain)
  t.after(() => check.close())
  assert.equal((await check.services.handle.db.selectFrom('members').select('id').execute()).length, 0, 'nothing of it was loaded')
  const unwritable = await cli(runExport, ['--out', join(work, 'no-such-folder', 'site.tar.gz')], source)
  assert.equal(unwritable.code, 1)
  assert.match(unwritable.err, /无法写入 .*cannot write the archive/)

  const broken = join(work, 'broken.tar.gz')
  writeFileSync(broken, 'not a tarball')
  const other = await emptySite(t, 'sqlite')
  const failed = await cli(runImportSite, [broken], other)
  assert.equal(failed.code, 1)
  assert.match(failed.err, /无法读取归档/)
})
