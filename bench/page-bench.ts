/**
 * npm run bench — page throughput against a bare-Fastify yardstick.
 *
 *   1. builds (once) a database of 100,000 generated posts (seeded) under bench/.work/
 *   2. times the importer on 10,000 files
 *   3. starts the server in production mode and a bare Fastify server returning 10 KB
 *   4. runs autocannon, interleaved: bare, random post pages, home page (50 connections)
 *   5. the same random post pages on a copy with its search index built (related posts
 *      come from the index, as on a real site), from a second server
 *   6. writes BENCHMARKS.md
 *
 * Options: --posts N (100000) --seed S (42) --seconds T (15) --rounds R (3) --connections C (50)
 */
import { fork, type ChildProcess } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { parseArgs } from '../src/cli/args.ts'
import { collectFiles, importFiles } from '../src/content/import/import.service.ts'
import { createPostService, insertChannel } from '../src/content/index.ts'
import { composePost, seededRandom } from '../src/content/demo/demo-text.ts'
import { createBodyWriter } from '../src/paywall/index.ts'
import { createDb } from '../src/platform/db/create-db.ts'
import { buildBenchDb, buildIndexedBenchDb } from './bench-db.ts'
import { load, median, memoryOf, type LoadResult } from './measure.ts'
import { writeReport } from './report.ts'
import { startServer, waitForHttp } from './serve.ts'

const args = parseArgs(process.argv.slice(2), [])
const num = (name: string, fallback: number) => Number(args.options.get(name) ?? fallback)
const POSTS = num('posts', 100_000)
const SEED = num('seed', 42)
const SECONDS = num('seconds', 15)
const ROUNDS = num('rounds', 3)
const CONNECTIONS = num('connections', 50)
const WORK = resolve('bench/.work')
const log = (line: string) => console.log(line)

async function timeImport(files: number): Promise<{ files: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-bench-import-'))
  mkdirSync(join(dir, 'jianghua'))
  const rng = seededRandom(SEED + 1)
  for (let i = 0; i < files; i++) writeFileSync(join(dir, 'jianghua', `f-${i}.txt`), composePost(rng, { paid: i % 3 === 0, pages: 1, chars: 700 + Math.floor(rng() * 2700) }).text)
  const handle = await createDb({ kind: 'sqlite', file: join(dir, 'import.db') })
  const at = new Date().toISOString()
  await insertChannel(handle.db, {
    parent_id: null,
    kind: 'list',
    name: '讲话稿',
    slug: 'jianghua',
    link_url: null,
    seo_title: '',
    seo_keywords: '',
    seo_description: '',
    weight: 0,
    page_size: 20,
    vip_level: 0,
    created_at: at,
    updated_at: at,
  })
  const posts = createPostService({ db: handle.db, writeBody: createBodyWriter({ previewShare: () => 0.3 }), now: () => new Date(), onChange: () => undefined })
  const started = performance.now()
  const outcomes = await importFiles({ posts, db: handle.db }, collectFiles([dir]).files, { channelFromFolder: true, price: 990 as never }, () => {})
  const seconds = (performance.now() - started) / 1000
  await handle.close()
  rmSync(dir, { recursive: true, force: true })
  if (outcomes.some((o) => o.status === 'failed')) throw new Error('import benchmark: a file failed')
  return { files, seconds }
}

function startBare(port: number): Promise<ChildProcess> {
  const child = fork('bench/bare-server.ts', [String(port)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  return waitForHttp(child, `http://127.0.0.1:${port}/`)
}

async function main(): Promise<void> {
  const dbFile = join(WORK, `bench-${POSTS}-${SEED}-v2.db`)
  log(`== database: ${POSTS} posts (seed ${SEED}) at ${dbFile}`)
  const buildStarted = Date.now()
  await buildBenchDb(dbFile, POSTS, SEED, log)
  const indexedFile = join(WORK, `bench-${POSTS}-${SEED}-v2-indexed.db`)
  await buildIndexedBenchDb(dbFile, indexedFile, log)
  const buildSeconds = (Date.now() - buildStarted) / 1000

  log('== importer: 10,000 files')
  const imported = await timeImport(10_000)
  log(`  ${imported.files} files in ${imported.seconds.toFixed(1)} s`)

  const dataDir = join(WORK, 'serve')
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  symlinkSync(dbFile, join(dataDir, 'inkgate.db'))
  const indexedDir = join(WORK, 'serve-indexed')
  rmSync(indexedDir, { recursive: true, force: true })
  mkdirSync(indexedDir, { recursive: true })
  symlinkSync(indexedFile, join(indexedDir, 'inkgate.db'))
  const server = await startServer(dataDir, 3900)
  const indexedServer = await startServer(indexedDir, 3902)
  const bare = await startBare(3901)
  const peaks: number[] = []
  const indexedPeaks: number[] = []
  const sampler = setInterval(() => {
    peaks.push(memoryOf(server.pid as number).rssMb)
    indexedPeaks.push(memoryOf(indexedServer.pid as number).rssMb)
  }, 500)
  try {
    const rng = seededRandom(SEED + 2)
    const randomPost = () => `/p/b-${Math.floor(rng() * POSTS)}`
    // warm-up: JIT and SQLite page cache
    await load('http://127.0.0.1:3900', randomPost, 5, CONNECTIONS)
    await load('http://127.0.0.1:3902', randomPost, 5, CONNECTIONS)
    await load('http://127.0.0.1:3901', () => '/', 3, CONNECTIONS)
    const runs: Record<'bare' | 'post' | 'home' | 'indexed', LoadResult[]> = { bare: [], post: [], home: [], indexed: [] }
    for (let round = 1; round <= ROUNDS; round++) {
      runs.bare.push(await load('http://127.0.0.1:3901', () => '/', SECONDS, CONNECTIONS))
      runs.post.push(await load('http://127.0.0.1:3900', randomPost, SECONDS, CONNECTIONS))
      runs.home.push(await load('http://127.0.0.1:3900', () => '/', SECONDS, CONNECTIONS))
      runs.indexed.push(await load('http://127.0.0.1:3902', randomPost, SECONDS, CONNECTIONS))
      log(
        `  round ${round}: bare ${runs.bare.at(-1)?.rps.toFixed(0)} req/s, post ${runs.post.at(-1)?.rps.toFixed(0)} req/s, home ${runs.home.at(-1)?.rps.toFixed(0)} req/s, post on the indexed copy ${runs.indexed.at(-1)?.rps.toFixed(0)} req/s`,
      )
    }
    const summary = (r: LoadResult[]) => ({
      rps: median(r.map((x) => x.rps)),
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      non2xx: r.reduce((n, x) => n + x.non2xx + x.errors, 0),
    })
    const mem = memoryOf(server.pid as number)
    const report = {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      posts: POSTS,
      seconds: SECONDS,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      buildSeconds,
      imported,
      bare: summary(runs.bare),
      post: summary(runs.post),
      home: summary(runs.home),
      indexed: summary(runs.indexed),
      indexedRatio: median(runs.indexed.map((r, i) => r.rps / (runs.bare[i]?.rps ?? Number.NaN))),
      indexedPeakRssMb: Math.max(memoryOf(indexedServer.pid as number).peakMb, ...indexedPeaks),
      // each round's ratio pairs runs made a few seconds apart, so a noisy neighbour moves both
      postRatio: median(runs.post.map((r, i) => r.rps / (runs.bare[i]?.rps ?? Number.NaN))),
      peakRssMb: Math.max(mem.peakMb, ...peaks),
    }
    writeReport('BENCHMARKS.md', report)
    log(
      `== post pages ${report.post.rps.toFixed(0)} req/s = ${(report.postRatio * 100).toFixed(0)}% of bare Fastify (${report.bare.rps.toFixed(0)}), p99 ${report.post.p99} ms, peak RSS ${report.peakRssMb.toFixed(0)} MB`,
    )
  } finally {
    clearInterval(sampler)
    server.kill('SIGTERM')
    indexedServer.kill('SIGTERM')
    bare.kill('SIGTERM')
  }
}

await main()
