import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

const ROOT = join(import.meta.dirname, '..', '..')
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INKGATE_') && k !== 'DATABASE_URL' && k !== 'PORT'))

test('a bad configuration lists every bad variable and exits non-zero', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...cleanEnv(), PORT: 'http', DATABASE_URL: 'mysql://root@localhost/x', INKGATE_CACHE_MAX_AGE: '-1', INKGATE_TYPO: '1' },
    encoding: 'utf8',
  })
  assert.equal(run.status, 2)
  for (const name of ['PORT', 'DATABASE_URL', 'INKGATE_CACHE_MAX_AGE', 'INKGATE_TYPO']) assert.match(run.stderr, new RegExp(`${name}: `))
  assert.doesNotMatch(run.stderr, /at .*\.ts:\d+/, 'no stack trace')
})

test('`npm start` builds, creates the database, loads the demo site and serves it', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'inkgate-start-'))
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...cleanEnv(), PORT: '0', HOST: '127.0.0.1', INKGATE_DATA_DIR: dataDir, INKGATE_LOG_LEVEL: 'info' },
    detached: true,
  })
  t.after(() => process.kill(-(child.pid as number), 'SIGTERM'))
  const address = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1] as string)
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)))
  })
  const home = await fetch(`${address}/`)
  assert.equal(home.status, 200)
  const html = await home.text()
  assert.match(html, /墨门范文网/)
  const posts = (await (await fetch(`${address}/api/v1/posts?pageSize=100`)).json()) as { total: number; items: Array<{ pageCount: number; isPaid: boolean }> }
  assert.ok(posts.total >= 30, `demo has ${posts.total} posts`)
  const channels = (await (await fetch(`${address}/api/v1/channels`)).json()) as { items: Array<{ kind: string }> }
  assert.ok(channels.items.filter((c: { kind: string }) => c.kind === 'list').length >= 4)
  const paged = posts.items.find((p: { pageCount: number }) => p.pageCount > 1)
  assert.ok(paged, 'the demo has a paginated post')
  assert.ok(posts.items.some((p: { isPaid: boolean }) => !p.isPaid) && posts.items.some((p: { isPaid: boolean }) => p.isPaid))
  // the demo sells: VIP plans, and the development sandbox at the cashier
  assert.match(await (await fetch(`${address}/vip`)).text(), /月度会员[\s\S]*¥30\.00/)
  const paidSlug = (posts.items as unknown as Array<{ isPaid: boolean; price: number; slug: string }>).find((p) => p.isPaid && p.price > 0)?.slug
  assert.match(await (await fetch(`${address}/buy/${paidSlug}`)).text(), /演示支付（不扣款）/)
})

test('the import command prints what it did per file and exits 1 when a file failed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-cli-'))
  mkdirSync(join(dir, 'speeches'))
  writeFileSync(join(dir, 'speeches', 'good-one.txt'), '好的标题\n（2篇）\n　　正文。\n##paidbegin##付费。\n')
  writeFileSync(join(dir, 'speeches', 'empty.txt'), '\n')
  const env = { ...cleanEnv(), INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent' }
  const run = spawnSync(process.execPath, ['bin/inkgate.mjs', 'import', dir, '--create-channels', '--price', '3.50'], { cwd: ROOT, env, encoding: 'utf8' })
  assert.equal(run.status, 1, run.stderr)
  assert.match(run.stdout, /✓ 新建 .*good-one\.txt → \/p\/good-one 「好的标题（2篇）」/)
  assert.match(run.stdout, /⚠ 付费区域没有结束标记/)
  assert.match(run.stdout, /✗ .*empty\.txt: 文件为空/)
  assert.match(run.stdout, /导入完成：新建 1，更新 0，失败 1/)
  const bad = spawnSync(process.execPath, ['bin/inkgate.mjs', 'import', dir, '--price', 'abc'], { cwd: ROOT, env, encoding: 'utf8' })
  assert.equal(bad.status, 2)
  assert.match(bad.stderr, /价格“abc”无效/)
  // in production an import needs no cookie secret (it never touches a cookie); the server does
  const production = { ...env, NODE_ENV: 'production' }
  const again = spawnSync(process.execPath, ['bin/inkgate.mjs', 'import', join(dir, 'speeches', 'good-one.txt'), '--channel', 'speeches'], { cwd: ROOT, env: production, encoding: 'utf8' })
  assert.equal(again.status, 0, again.stderr)
  assert.match(again.stdout, /更新 1/)
  const server = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...production, PORT: 'eighty' }, encoding: 'utf8' })
  assert.equal(server.status, 2)
  assert.match(server.stderr, /PORT: must be[\s\S]*INKGATE_COOKIE_SECRET: required in production/, 'every problem at once')
})

test('the search commands: imported posts are searchable, the site dictionary makes the index stale, reindex fixes it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-cli-'))
  mkdirSync(join(dir, 'speeches'))
  writeFileSync(join(dir, 'speeches', 'mo-men.txt'), '墨门杯征文活动总结\n　　本届墨门杯征文活动圆满结束。\n')
  const env = { ...cleanEnv(), INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent' }
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/inkgate.mjs', ...args], { cwd: ROOT, env, encoding: 'utf8' })
  assert.equal(cli('import', dir, '--create-channels').status, 0)
  const fresh = cli('search', 'status')
  assert.equal(fresh.status, 0, fresh.stdout + fresh.stderr)
  const add = cli('search', 'terms', 'add', '墨门杯征文')
  assert.equal(add.status, 0, add.stderr)
  assert.match(add.stdout, /站点词典现有 1 个词/)
  assert.equal(cli('search', 'terms').stdout.trim(), '墨门杯征文')
  // the index was built without the new word: status says so and exits 1
  const stale = cli('search', 'status')
  assert.equal(stale.status, 1)
  assert.match(stale.stdout, /站点词典已改变/)
  const rebuilt = cli('search', 'reindex')
  assert.equal(rebuilt.status, 0, rebuilt.stderr)
  assert.match(rebuilt.stdout, /✓ 已索引 1 篇/)
  assert.equal(cli('search', 'status').status, 0)
  assert.equal(cli('search', 'reindex', '--workers', 'many').status, 2)
  assert.equal(cli('search', 'nonsense').status, 2)
})

test('the first admin is created from the command line, the password read from standard input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-cli-'))
  const env = { ...cleanEnv(), INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent' }
  const cli = (input: string, ...args: string[]) => spawnSync(process.execPath, ['bin/inkgate.mjs', 'member', ...args], { cwd: ROOT, env, encoding: 'utf8', input })
  const made = cli('guanli2026\n', 'create', 'admin', '--role', 'admin', '--email', 'owner@example.com')
  assert.equal(made.status, 0, made.stderr)
  assert.match(made.stdout, /✓ 已创建（admin） admin/)
  const weak = cli('12345678\n', 'create', 'reader')
  assert.equal(weak.status, 1)
  assert.match(weak.stderr, /密码需要包含字母、数字、符号中的至少两种/)
  assert.equal(cli('', 'create', 'admin2', '--role', 'king').status, 2)
  const promoted = cli('', 'role', 'owner@example.com', 'editor')
  assert.equal(promoted.status, 0, promoted.stderr)
  assert.match(promoted.stdout, /admin 的角色：admin → editor/)
  assert.equal(cli('', 'role', 'nobody', 'admin').status, 1)
  // both are staff actions from the shell, in the audit log under the operator's name
  const db = new Database(join(dir, 'data', 'inkgate.db'), { readonly: true })
  const rows = db.prepare('select action, actor, via, detail from audit_log order by id').all() as Array<{ action: string; actor: string; via: string; detail: string }>
  db.close()
  assert.deepEqual(
    rows.map((r) => `${r.action} ${r.actor.split(':')[0]} ${r.via}`),
    ['member.create operator cli', 'member.set-role operator cli'],
  )
  assert.deepEqual(JSON.parse(rows[1]?.detail ?? '{}'), { username: 'admin', before: { role: 'admin' }, after: { role: 'editor' } })
})

test('staff manage VIP plans, orders and grants from the command line, each change recorded with who made it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-cli-'))
  const env = { ...cleanEnv(), INKGATE_DATA_DIR: join(dir, 'data'), INKGATE_LOG_LEVEL: 'silent' }
  const run = (input: string, ...args: string[]) => spawnSync(process.execPath, ['bin/inkgate.mjs', ...args], { cwd: ROOT, env, encoding: 'utf8', input })
  assert.equal(run('guanli2026\n', 'member', 'create', 'boss', '--role', 'admin').status, 0)
  assert.equal(run('duzhe2026x\n', 'member', 'create', 'reader').status, 0)

  const noBy = run('', 'vip', 'create', '--name', '月度会员', '--level', '1', '--days', '30', '--price', '30.00', '--benefit', 'free')
  assert.equal(noBy.status, 1)
  assert.match(noBy.stderr, /--by/)
  const notAdmin = run('', 'vip', 'create', '--name', '月度会员', '--level', '1', '--days', '30', '--price', '30.00', '--benefit', 'free', '--by', 'reader')
  assert.equal(notAdmin.status, 1, 'a member is not an admin')
  assert.match(notAdmin.stderr, /你的账户没有权限做这件事/)
  const made = run('', 'vip', 'create', '--name', '月度会员', '--level', '1', '--days', '30', '--price', '30.00', '--benefit', 'free', '--by', 'boss')
  assert.equal(made.status, 0, made.stderr)
  assert.match(made.stdout, /✓ 已创建套餐 1：月度会员，¥30\.00/)
  assert.match(run('', 'vip', 'plans').stdout, /1\t月度会员\t等级 1\t30 天\t¥30\.00\t免费阅读\t在售/)
  assert.match(run('', 'vip', 'off', '1', '--by', 'boss').stdout, /已下架/)
  const bad = run('', 'vip', 'create', '--name', 'x', '--level', '0', '--days', '30', '--price', '1', '--benefit', 'free', '--by', 'boss')
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /会员套餐的 level 不正确/)

  assert.equal(run('', 'order', 'flagged').status, 0)
  const unknown = run('', 'order', 'refund', '202611271600001234567890', '--reason', '测试', '--by', 'boss')
  assert.equal(unknown.status, 1)
  assert.match(unknown.stderr, /找不到这个订单/)
  assert.equal(run('', 'grant', 'reader', 'no-such-post', '--reason', '赠送', '--by', 'boss').status, 1)
  assert.equal(run('', 'order', 'nonsense').status, 2)
  const db = new Database(join(dir, 'data', 'inkgate.db'), { readonly: true })
  const rows = db.prepare("select action, actor from audit_log where action like 'plan.%' order by id").all() as Array<{ action: string; actor: string }>
  db.close()
  assert.deepEqual(
    rows.map((r) => `${r.action} ${r.actor}`),
    ['plan.create admin:1:boss', 'plan.disable admin:1:boss'],
  )
})
