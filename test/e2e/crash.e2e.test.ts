import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { insertChannel } from '../../src/content/index.ts'
import { createDb } from '../../src/platform/db/create-db.ts'
import { startPaySim } from '../paysim/paysim.ts'
import { installWechatSim } from '../paysim/wechat-sim.ts'

/*
 * The server is killed (SIGKILL) while it handles a payment notification:
 * inside the fulfilment's transaction, or after the commit and before the
 * answer. After a restart, WeChat's redelivery of the same notification
 * gives exactly one fulfilment and no half-written rows.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INKGATE_') && k !== 'DATABASE_URL' && k !== 'PORT' && k !== 'REDIS_URL'))

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000)
    const check = setInterval(() => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        clearInterval(check)
        resolve({ child, url: m[1] as string, log: () => out })
      }
    }, 50)
    child.on('exit', (code) => {
      clearTimeout(timer)
      clearInterval(check)
      reject(new Error(`server exited with ${code}:\n${out}`))
    })
  })
}

/** A browser's cookies over fetch, enough for a form post or two. */
function jar(base: () => string) {
  const cookies = new Map<string, string>()
  const remember = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, v] = (pair as string).split('=')
      cookies.set(k as string, v ?? '')
    }
  }
  const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  return {
    async get(path: string) {
      const res = await fetch(base() + path, { headers: { cookie: header() }, redirect: 'manual' })
      remember(res)
      return { status: res.status, body: await res.text() }
    },
    async form(path: string, fields: Record<string, string>) {
      const page = await this.get('/vip')
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)?.[1] ?? ''
      const res = await fetch(base() + path, {
        method: 'POST',
        headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
        redirect: 'manual',
      })
      remember(res)
      return { status: res.status, body: await res.text() }
    },
  }
}

/** A fresh database for one server: a SQLite file, or a PostgreSQL database of its own. */
async function freshDb(kind: 'sqlite' | 'postgres'): Promise<{ env: Record<string, string>; open: () => ReturnType<typeof createDb>; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-crash-'))
  if (kind === 'sqlite') return { env: { INKGATE_DATA_DIR: dir }, open: () => createDb({ kind: 'sqlite', file: join(dir, 'inkgate.db') }), drop: async () => {} }
  const url = process.env.TEST_DATABASE_URL as string
  {
    const name = `crash_${randomBytes(4).toString('hex')}`
    const dbUrl = url.replace(/\/[^/]*$/, `/${name}`)
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(q)
      await c.end()
    }
    await admin(`CREATE DATABASE ${name}`)
    return { env: { DATABASE_URL: dbUrl, INKGATE_DATA_DIR: dir }, open: () => createDb({ kind: 'postgres', url: dbUrl }), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
  }
}

for (const kind of process.env.TEST_DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
  for (const stage of ['settle', 'reply'] as const) {
    test(`${kind}: the server is killed ${stage === 'settle' ? 'inside the fulfilment transaction' : 'after the commit, before its answer'}; the redelivery fulfils exactly once`, async (t) => {
      const db = await freshDb(kind)
      t.after(() => db.drop())
      const sim = await startPaySim()
      t.after(() => sim.close())
      const wx = installWechatSim(sim, {
        mchid: '1900000109',
        appid: 'wxd678efh567hg6787',
        apiV3Key: 'k'.repeat(32),
        merchantSerial: '5157F09EFDC096DE15EBE81A47057A72',
        merchantPublicKey: merchant.publicKey,
        mode: 'public-key',
        now: Date.now,
      })
      const env = {
        ...db.env,
        ...wx.appEnv(),
        INKGATE_WECHATPAY_PRIVATE_KEY: merchant.privateKey,
        NODE_ENV: 'test',
        PORT: '0',
        HOST: '127.0.0.1',
        INKGATE_SEED_DEMO: 'false',
        INKGATE_LOG_LEVEL: 'info',
        INKGATE_SITE_URL: 'https://fanwen.example',
        INKGATE_JOB_INTERVAL_MS: '3600000',
        INKGATE_COOKIE_SECRET: 'c'.repeat(40),
      }
      // a channel, and a paid post imported with the CLI as an editor would
      const setup = await db.open()
      const at = new Date().toISOString()
      await insertChannel(setup.db, {
        parent_id: null,
        kind: 'list',
        name: '讲话稿',
        slug: 'speeches',
        seo_title: '',
        seo_keywords: '',
        seo_description: '',
        page_size: 20,
        vip_level: 0,
        created_at: at,
        updated_at: at,
        link_url: null,
        weight: 0,
      })
      await setup.close()
      const posts = mkdtempSync(join(tmpdir(), 'inkgate-crash-posts-'))
      mkdirSync(join(posts, 'speeches'))
      writeFileSync(join(posts, 'speeches', 'crash-post.txt'), '崩溃测试范文\n　　公开的开头。\n##paidbegin##\n　　CRASHPAIDTEXT 付费正文。\n')
      const imported = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'import', join(posts, 'speeches'), '--price', '9.90'], {
        cwd: ROOT,
        env: { ...cleanEnv(), ...env },
        encoding: 'utf8',
      })
      assert.equal(imported.status, 0, imported.stdout + imported.stderr)

      let server = await startServer({ ...env, INKGATE_TEST_PAUSE: `${stage}:20000` })
      t.after(() => server.child.kill('SIGKILL'))
      const browser = jar(() => server.url)
      assert.equal((await browser.form('/register', { username: 'crash_reader', password: 'secret-pass-1', password2: 'secret-pass-1', agree: '1' })).status, 303)
      const slug = /href="\/p\/([^"]+)"/.exec((await browser.get('/')).body)?.[1] as string
      assert.ok(slug)
      assert.equal((await browser.form('/orders', { kind: 'post', slug, method: 'wechat.native' })).status, 303, 'POST-redirect-GET to the order page')
      const attempt = wx.calls.find((c) => c.path === '/v3/pay/transactions/native')
      const outTradeNo = JSON.parse(attempt?.body ?? '{}').out_trade_no as string
      assert.ok(outTradeNo)

      sim.notifyOrigin = server.url
      const delivery = wx.pay(outTradeNo)
      // wait until the server is inside the pause, then kill it
      const seen = stage === 'reply' ? /"outcome":"paid"/ : /payment notification verified/
      for (let i = 0; i < 200 && !seen.test(server.log()); i++) await new Promise((r) => setTimeout(r, 50))
      assert.match(server.log(), seen)
      // inside the pause now: the transaction is open (settle) or committed and unanswered (reply)
      await new Promise((r) => setTimeout(r, 300))
      server.child.kill('SIGKILL')
      const [first] = await delivery
      assert.notEqual(first?.status, 204, 'WeChat got no answer, so it will send again')

      const handle = await db.open()
      const count = async () => ({
        events: (await handle.db.selectFrom('provider_events').select('id').execute()).length,
        purchases: (await handle.db.selectFrom('purchases').select('id').execute()).length,
        paid: (await handle.db.selectFrom('orders').select('id').where('state', '=', 'paid').execute()).length,
        attempts: (await handle.db.selectFrom('payment_attempts').select('id').where('state', '=', 'succeeded').execute()).length,
      })
      // inside the transaction: nothing of it was kept; after the commit: all of it, once
      const afterKill = await count()
      assert.deepEqual(afterKill, stage === 'settle' ? { events: 0, purchases: 0, paid: 0, attempts: 0 } : { events: 1, purchases: 1, paid: 1, attempts: 1 })
      await handle.close()

      server = await startServer(env)
      sim.notifyOrigin = server.url
      assert.equal((await wx.redeliver(outTradeNo)).status, 204)
      assert.equal((await wx.redeliver(outTradeNo)).status, 204)
      const final = await db.open()
      assert.deepEqual(
        {
          events: (await final.db.selectFrom('provider_events').select('id').execute()).length,
          purchases: (await final.db.selectFrom('purchases').select('id').execute()).length,
          paid: (await final.db.selectFrom('orders').select('id').where('state', '=', 'paid').execute()).length,
        },
        { events: 1, purchases: 1, paid: 1 },
      )
      await final.close()
      assert.match((await browser.get(`/p/${slug}`)).body, /CRASHPAIDTEXT/)
      server.child.kill('SIGKILL')
      await new Promise((r) => setTimeout(r, 300))
    })
  }
}
