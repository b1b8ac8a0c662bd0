import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/*
 * Several server processes and the command line on one database: a change made by
 * any of them reaches every server within 2 s (Redis pub/sub, or the change counter
 * each process polls), and the background jobs run in exactly one process, another
 * taking over when it dies. Real processes, started as `npm start` starts them.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INKGATE_') && !['DATABASE_URL', 'PORT', 'REDIS_URL', 'NODE_ENV'].includes(k)))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Server {
  child: ChildProcess
  url: string
  /** JSON log lines so far */
  logs: Array<Record<string, unknown>>
}

async function startServer(t: TestContext, env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...cleanEnv(), ...env, PORT: '0', HOST: '127.0.0.1', INKGATE_LOG_LEVEL: 'info' } })
  t.after(() => child.kill('SIGKILL'))
  const logs: Server['logs'] = []
  let buffered = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${buffered}`)), 60_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        try {
          const entry = JSON.parse(line) as Record<string, unknown>
          logs.push(entry)
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(String(entry.msg))
          if (m) {
            clearTimeout(timer)
            resolve(m[1] as string)
          }
        } catch {}
      }
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${buffered}`)))
  })
  return { child, url, logs }
}

function cli(env: Record<string, string>, args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['bin/inkgate.mjs', ...args], { cwd: ROOT, env: { ...cleanEnv(), ...env, INKGATE_LOG_LEVEL: 'silent' }, encoding: 'utf8', ...(input ? { input } : {}) })
  assert.equal(run.status, 0, `inkgate ${args.join(' ')}:\n${run.stdout}${run.stderr}`)
  return run.stdout
}

/** Waits until `check` holds, polling; returns how long it took. */
async function within(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started
    await sleep(50)
  }
  throw new Error(`${what}: not within ${ms} ms`)
}

const home = async (s: Server) => (await fetch(`${s.url}/`)).text()

function postsFolder(titles: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'inkgate-cluster-')), '讲话稿')
  mkdirSync(dir)
  for (const [file, title] of Object.entries(titles)) writeFileSync(join(dir, file), `${title}\n　　正文第一段。\n`)
  return dir
}

/** Logs in on one server as a browser does (CSRF cookie and token), and returns a fetch that carries the session. */
async function logIn(s: Server, login: string, password: string) {
  const jar = new Map<string, string>()
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, v] = (pair ?? '').split('=')
      if (k && v !== undefined) jar.set(k, v)
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const page = await fetch(`${s.url}/login`)
  keep(page)
  const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await page.text())?.[1] ?? ''
  const res = await fetch(`${s.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password, _csrf: csrf, next: '/' }),
  })
  keep(res)
  assert.equal(res.status, 303)
  return (path: string, init: RequestInit) => fetch(`${s.url}${path}`, { ...init, headers: { ...init.headers, cookie: cookie(), 'x-csrf-token': csrf } })
}

const pgUrl = process.env.TEST_DATABASE_URL
const redisUrl = process.env.TEST_REDIS_URL

test(
  'two servers on PostgreSQL + Redis: a change through either of them or the command line shows on both within 2 s; the jobs run once and go on when their process dies',
  { skip: !(pgUrl && redisUrl) && 'needs TEST_DATABASE_URL and TEST_REDIS_URL' },
  async (t) => {
    const name = `inkgate_cluster_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: pgUrl })
    admin.on('error', () => {})
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    let dropped = false
    const dropDatabase = async () => {
      if (dropped) return
      dropped = true
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
    // a failed run still leaves no database behind
    t.after(() => dropDatabase().catch(() => {}))
    const databaseUrl = new URL(pgUrl as string)
    databaseUrl.pathname = `/${name}`
    const env = {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl as string,
      INKGATE_REDIS_PREFIX: `cluster-${name}:`,
      INKGATE_SEED_DEMO: 'false',
      INKGATE_JOB_LEASE_MS: '3000',
      INKGATE_JOB_INTERVAL_MS: '1000',
      INKGATE_SITE_URL: 'https://fanwen.example',
    }

    const a = await startServer(t, env)
    const b = await startServer(t, env)
    // both pages cached before anything changes
    await home(a)
    await home(b)

    // the command line imports: both servers show the new post
    cli(env, ['import', postsFolder({ '第一篇.txt': '集群测试第一篇讲话' }), '--create-channels'])
    const imported = await within(2000, 'the import on both home pages', async () => (await home(a)).includes('集群测试第一篇讲话') && (await home(b)).includes('集群测试第一篇讲话'))
    t.diagnostic(`an import reached both servers in ${imported} ms`)

    // staff hide it through server A: server B stops showing it too
    cli(env, ['member', 'create', 'boss', '--role', 'admin'], 'cluster-boss-2026\n')
    const asAdmin = await logIn(a, 'boss', 'cluster-boss-2026')
    const slug = /href="\/p\/([a-z0-9-]+)"[^>]*>集群测试第一篇讲话/.exec(await home(b))?.[1] ?? 'diyipian'
    // B reads the post, and so holds it between pages (site/post-parts-cache.ts)
    assert.equal((await fetch(`${b.url}/p/${slug}`)).status, 200)
    const hidden = await asAdmin(`/api/admin/posts/${slug}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'hidden' }) })
    assert.equal(hidden.status, 200, await hidden.text())
    const gone = await within(2000, 'the hidden post gone from B', async () => !(await home(b)).includes('集群测试第一篇讲话') && (await fetch(`${b.url}/p/${slug}?page=1`)).status === 404)
    t.diagnostic(`a change through A reached B in ${gone} ms`)
    assert.doesNotMatch(await home(a), /集群测试第一篇讲话/)

    // payment credentials entered in the console of A: B takes payments with that provider too (its providers rebuilt on the change feed)
    const set = await asAdmin('/api/admin/payments/stripe', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: { INKGATE_STRIPE_SECRET_KEY: 'sk_test_cluster', INKGATE_STRIPE_WEBHOOK_SECRET: 'whsec_cluster' } }),
    })
    assert.equal(set.status, 200, await set.text())
    const onB = await logIn(b, 'boss', 'cluster-boss-2026')
    const stripeOnB = async () => {
      const view = (await (await onB('/api/admin/payments', { method: 'GET' })).json()) as { items: Array<{ provider: string; active: boolean }> }
      return view.items.find((i) => i.provider === 'stripe')?.active === true
    }
    const credentials = await within(2000, 'Stripe taking payments on B', stripeOnB)
    t.diagnostic(`payment credentials set through A reached B in ${credentials} ms`)
    assert.equal((await asAdmin('/api/admin/payments/stripe', { method: 'DELETE', headers: {} })).status, 200)
    await within(2000, 'Stripe off on B', async () => !(await stripeOnB()))

    // the jobs run in one process: it closes an expired order
    const db = new pg.Client({ connectionString: databaseUrl.toString() })
    // the database is dropped WITH (FORCE) at the end, which ends this connection too
    db.on('error', () => {})
    await db.connect()
    t.after(() => db.end().catch(() => {}))
    const memberId = (await db.query('SELECT id FROM members LIMIT 1')).rows[0].id as number
    const expired = async (n: number) => {
      const at = new Date(Date.now() - 3600_000).toISOString()
      await db.query(
        `INSERT INTO orders (order_no, kind, member_id, title, amount, currency, state, paid_late, refunded_amount, created_at, expires_at, updated_at) VALUES ($1, 'topup', $2, '充值', 100, 'CNY', 'created', 0, 0, $3, $3, $3)`,
        [`${Date.now()}${n}`.padEnd(24, '0').slice(0, 24), memberId, at],
      )
    }
    const closedCount = async () => Number((await db.query(`SELECT count(*) AS n FROM orders WHERE state = 'closed'`)).rows[0].n)
    await expired(1)
    await within(10_000, 'the expired order closed', async () => (await closedCount()) === 1)
    const holderOf = (s: Server) => [...s.logs].reverse().find((l) => l.msg === 'this process runs the background jobs' || l.msg === 'another process runs the background jobs')
    const leader = holderOf(a)?.msg === 'this process runs the background jobs' ? a : b
    const other = leader === a ? b : a
    assert.equal(holderOf(other)?.msg === 'this process runs the background jobs', false, 'exactly one process holds the lease')

    // the leader dies without a word: the other takes the lease and the jobs go on
    leader.child.kill('SIGKILL')
    await expired(2)
    const takeover = await within(15_000, 'the second expired order closed by the survivor', async () => (await closedCount()) === 2)
    t.diagnostic(`the survivor took over the jobs ${takeover} ms after the leader died (lease 3 s)`)
    assert.equal(holderOf(other)?.msg, 'this process runs the background jobs')
    other.child.kill('SIGKILL')
    await db.end()
    await dropDatabase()
  },
)

test('one server on SQLite without Redis: an import by the command line shows within 2 s (the change counter)', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'inkgate-counter-'))
  const env = { INKGATE_DATA_DIR: dataDir, INKGATE_SEED_DEMO: 'false' }
  const server = await startServer(t, env)
  await home(server)
  cli(env, ['import', postsFolder({ '计数.txt': '计数器传播测试讲话' }), '--create-channels'])
  const took = await within(2000, 'the import on the home page', async () => (await home(server)).includes('计数器传播测试讲话'))
  t.diagnostic(`an import reached the server in ${took} ms`)
})
