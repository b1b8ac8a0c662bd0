/**
 * npm run bench:admin — the console's post list on a 100,000-post site, on SQLite and
 * (when BENCH_DATABASE_URL or TEST_DATABASE_URL names a server) PostgreSQL.
 *
 * The posts are written straight into the tables by one SQL statement each (the list
 * reads rows, not bodies: a site built through the post service would take minutes
 * and list the same), then the real app answers GET /api/admin/posts for a signed-in
 * admin, in process (app.inject: the route, the operation, the query and the JSON,
 * no network), 200 times per kind of question, one after another.
 *
 * Target (issue 12): p95 ≤ 50 ms. Results go into BENCHMARKS.md between the
 * admin-bench markers (kept when `npm run bench` rewrites the file).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.ts'
import { insertChannel, newListChannel } from '../src/content/index.ts'
import { loadConfig } from '../src/platform/config/load-config.ts'
import { createDb, type DbHandle } from '../src/platform/db/create-db.ts'

const POSTS = 100_000
const RUNS = 200
const WORK = resolve('bench/.work')
const QUESTIONS: Array<[string, string]> = [
  ['first page, newest first', '/api/admin/posts'],
  ['page 200 of 20', '/api/admin/posts?page=200'],
  ['drafts, by last change', '/api/admin/posts?status=draft&sort=updated'],
  ['priced, by price', '/api/admin/posts?paid=true&sort=price&order=asc'],
  ['one channel, hot', '/api/admin/posts?channel=c3&flag=hot'],
  ['one tag', `/api/admin/posts?tag=${encodeURIComponent('标签7')}`],
  ['title words', `/api/admin/posts?title=${encodeURIComponent('工作总结')}`],
  ['by views', '/api/admin/posts?sort=views'],
]

/** 8 channels, 50 tags, 100,000 posts (a third priced, one in 20 a draft, titles from 12 kinds), two tags and a view count each. */
async function fill(handle: DbHandle): Promise<void> {
  const db = handle.full
  const at = '2026-01-01T00:00:00.000Z'
  for (let c = 1; c <= 8; c++) {
    await insertChannel(handle.db, newListChannel(`栏目${c}`, `c${c}`, at))
  }
  for (let t = 1; t <= 50; t++)
    await db
      .insertInto('tags')
      .values({ name: `标签${t}`, slug: `标签${t}`, post_count: 4000 })
      .execute()
  const series = handle.dialect === 'sqlite' ? sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${POSTS})` : sql`with n(i) as (select generate_series(1, ${POSTS}))`
  const kinds = ['讲话稿', '心得体会', '工作总结', '汇报材料', '党课讲稿', '调研报告', '检查材料', '规章制度', '述职报告', '主持词', '发言稿', '学习笔记']
  const kind = sql.raw(`(case i % 12 ${kinds.map((k, j) => `when ${j} then '${k}'`).join(' ')} end)`)
  const iso = (offsetMinutes: ReturnType<typeof sql>) =>
    handle.dialect === 'sqlite'
      ? sql`strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (${offsetMinutes}) || ' minutes')`
      : sql`to_char((timestamp '2026-01-01' + ((${offsetMinutes}) || ' minutes')::interval), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
  await sql`insert into posts (channel_id, title, slug, cover_url, price, access, vip_level, status, flag_top, flag_hot, flag_recommend, flag_new, weight, author_id, published_at, created_at, updated_at, source_name)
    ${series} select 1 + i % 8, ${kind} || ' 第' || i || '篇', 'p-' || i, null, case when i % 3 = 0 then 990 + (i % 7) * 100 else 0 end, 'members', 0,
      case when i % 20 = 0 then 'draft' when i % 97 = 0 then 'hidden' else 'published' end, 0, case when i % 37 = 0 then 1 else 0 end, 0, 0, 0, null,
      ${iso(sql`i`)}, ${iso(sql`i`)}, ${iso(sql`(i * 7919) % ${POSTS}`)}, null from n`.execute(db)
  await sql`insert into post_tags (post_id, tag_id) select id, 1 + id % 50 from posts union all select id, 1 + (id * 7) % 50 from posts where (id * 7) % 50 <> id % 50`.execute(db)
  await sql`insert into post_views (post_id, views) select id, ((id % 1000) * 104729) % 5000 from posts`.execute(db)
  await sql`analyze`.execute(db)
}

async function measure(label: string, handle: DbHandle): Promise<Array<{ question: string; p50: number; p95: number; p99: number; total: number }>> {
  const config = loadConfig({ INKGATE_LOG_LEVEL: 'silent', INKGATE_SITE_URL: 'https://bench.example', NODE_ENV: 'test' })
  const app = await buildApp({ config, db: handle, jobs: false })
  try {
    const admin = await app.services.members.register({ username: 'bench_admin', password: 'bench-admin-2026', role: 'admin' })
    const { token } = await app.services.sessions.start(admin.id)
    const headers = { cookie: `ig_sid=${token}` }
    const out = []
    for (const [question, url] of QUESTIONS) {
      for (let i = 0; i < 20; i++) await app.inject({ url, headers }) // warm
      const times: number[] = []
      let total = 0
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now()
        const res = await app.inject({ url, headers })
        times.push(performance.now() - started)
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
        total = (res.json() as { total: number }).total
      }
      times.sort((a, b) => a - b)
      const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1))
      out.push({ question, p50: at(0.5), p95: at(0.95), p99: at(0.99), total })
      console.log(`  ${label} ${question}: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms (${total} posts match)`)
    }
    return out
  } finally {
    await app.close()
  }
}

async function main(): Promise<void> {
  mkdirSync(WORK, { recursive: true })
  const results: Array<{ dialect: string; rows: Awaited<ReturnType<typeof measure>>; fillSeconds: number }> = []

  const file = join(WORK, 'admin-bench.db')
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  const lite = await createDb({ kind: 'sqlite', file })
  let started = performance.now()
  await fill(lite)
  const liteFill = (performance.now() - started) / 1000
  console.log(`== SQLite: ${POSTS} posts written in ${liteFill.toFixed(1)} s`)
  results.push({ dialect: 'SQLite', rows: await measure('sqlite', lite), fillSeconds: liteFill })
  await lite.close()

  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (url) {
    const schema = 'bench_admin'
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`drop schema if exists ${schema} cascade`)
    await client.query(`create schema ${schema}`)
    await client.end()
    const pgHandle = await createDb({ kind: 'postgres', url, schema })
    started = performance.now()
    await fill(pgHandle)
    const pgFill = (performance.now() - started) / 1000
    console.log(`== PostgreSQL: ${POSTS} posts written in ${pgFill.toFixed(1)} s`)
    results.push({ dialect: 'PostgreSQL', rows: await measure('postgres', pgHandle), fillSeconds: pgFill })
    await pgHandle.close()
  } else console.log('== PostgreSQL skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL)')

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const lines = [
    START,
    `## The console's post list (issue 12): \`npm run bench:admin\`, ${when} UTC`,
    '',
    `Machine: ${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ${POSTS.toLocaleString('en')} posts (a third priced, one in 20 a draft, two tags and a view count each), written by SQL; \`GET /api/admin/posts\` for a signed-in admin answered in process (\`app.inject\`: route, operation, query, JSON; no network), ${RUNS} times per question after 20 unmeasured, one at a time. Target: p95 ≤ 50 ms.`,
    '',
    '| question | ' + results.map((r) => `${r.dialect} p50 / p95 / p99 ms`).join(' | ') + ' | posts matching |',
    '| --- | ' + results.map(() => '---:').join(' | ') + ' | ---: |',
    ...QUESTIONS.map(([q], i) => `| ${q} | ${results.map((r) => `${r.rows[i]?.p50} / **${r.rows[i]?.p95}** / ${r.rows[i]?.p99}`).join(' | ')} | ${results[0]?.rows[i]?.total.toLocaleString('en')} |`),
    '',
    ...results.map((r) => {
      const worst = Math.max(...r.rows.map((x) => x.p95))
      return `${r.dialect}: worst p95 ${worst} ms — **${worst <= 50 ? 'met' : 'NOT met'}**.`
    }),
    END,
  ]
  const bench = 'BENCHMARKS.md'
  const text = existsSync(bench) ? readFileSync(bench, 'utf8') : '# Benchmarks\n'
  const block = lines.join('\n')
  const next = text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(bench, next)
}

const START = '<!-- admin-bench -->'
const END = '<!-- /admin-bench -->'

await main()
