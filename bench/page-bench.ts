/**
 * npm run bench — page throughput against a bare-Fastify yardstick.
 *
 *   1. builds (once) a database of 100,000 generated posts (seeded) under bench/.work/
 *   2. starts a bare Fastify server returning 10 KB (the ceiling, in its own process)
 *   3. imports 10,000 sample-format files into an empty site with the real command (search
 *      index and related posts included) and starts a server on it at once: random post pages
 *      right after the import, closed loop (share of the ceiling) and open loop at 20% of the
 *      ceiling (bench/open-loop.ts: p99 as a reader waits it), then the same in rounds beside
 *      the bare server (settled), and once asked for compressed; this server runs alone
 *   4. runs autocannon, interleaved: bare, random post pages, home page (50 connections) on
 *      the 100,000-post database, and random post pages on a copy with its search index built
 *   5. writes BENCHMARKS.md
 *
 * Options: --posts N (100000) --seed S (42) --seconds T (15) --rounds R (3) --connections C (50) --warmup W (5, the
 * open loop's uncounted seconds at its rate)
 */
import { fork, type ChildProcess } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from '../src/cli/args.ts'
import { seededRandom } from '../src/content/demo/demo-text.ts'
import { buildBenchDb, buildIndexedBenchDb } from './bench-db.ts'
import { load, median, memoryOf, type LoadResult } from './measure.ts'
import { writeReport } from './report.ts'
import { startServer, waitForHttp } from './serve.ts'
import { importFreshSite } from './fresh-site.ts'
import { openLoop, type OpenLoopResult } from './open-loop.ts'

const args = parseArgs(process.argv.slice(2), [])
const num = (name: string, fallback: number) => Number(args.options.get(name) ?? fallback)
const POSTS = num('posts', 100_000)
const SEED = num('seed', 42)
const SECONDS = num('seconds', 15)
const ROUNDS = num('rounds', 3)
const CONNECTIONS = num('connections', 50)
/**
 * The open loop follows a closed loop that saturated the server: its first seconds measure
 * the recovery from that overload (p99 32–78 ms where the steady load itself gave 11–26 ms,
 * 2026-12-07 probe), not a steady rate. Five seconds of the same load go first, uncounted.
 */
const STEADY = { warmupSeconds: num('warmup', 5) }
const WORK = resolve('bench/.work')
const log = (line: string) => console.log(line)

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

  const bare = await startBare(3901)
  try {
    await load('http://127.0.0.1:3901', () => '/', 3, CONNECTIONS)
    const ceiling = await load('http://127.0.0.1:3901', () => '/', SECONDS, CONNECTIONS)
    // the same steady load on the bare server: the floor this machine's client and kernel put under any p99
    const ceilingOpen = await openLoop('http://127.0.0.1:3901', () => '/', SECONDS, ceiling.rps * 0.2, undefined, STEADY)
    log(`== ceiling: bare Fastify ${ceiling.rps.toFixed(0)} req/s; p99 ${ceilingOpen.p99} ms at a steady ${(ceiling.rps * 0.2).toFixed(0)} req/s`)
    // the fresh site is measured alone (the 100,000-post servers' jobs would share its two cores)
    const fresh = await benchFreshSite(ceiling, ceilingOpen)
    const large = await benchLargeSite(dbFile, indexedFile)
    const summary = (r: LoadResult[]) => ({
      rps: median(r.map((x) => x.rps)),
      p50: median(r.map((x) => x.p50)),
      p99: median(r.map((x) => x.p99)),
      non2xx: r.reduce((n, x) => n + x.non2xx + x.errors, 0),
    })
    const { runs } = large
    const report = {
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      posts: POSTS,
      seconds: SECONDS,
      rounds: ROUNDS,
      warmup: STEADY.warmupSeconds,
      connections: CONNECTIONS,
      buildSeconds,
      imported: fresh.imported,
      bare: summary(runs.bare),
      post: summary(runs.post),
      home: summary(runs.home),
      indexed: summary(runs.indexed),
      indexedRatio: median(runs.indexed.map((r, i) => r.rps / (runs.bare[i]?.rps ?? Number.NaN))),
      indexedPeakRssMb: large.indexedPeakRssMb,
      // each round's ratio pairs runs made a few seconds apart, so a noisy neighbour moves both
      postRatio: median(runs.post.map((r, i) => r.rps / (runs.bare[i]?.rps ?? Number.NaN))),
      peakRssMb: large.peakRssMb,
      fresh: fresh.report,
    }
    writeReport('BENCHMARKS.md', report)
    log(
      `== post pages ${report.post.rps.toFixed(0)} req/s = ${(report.postRatio * 100).toFixed(0)}% of bare Fastify (${report.bare.rps.toFixed(0)}), p99 ${report.post.p99} ms, peak RSS ${report.peakRssMb.toFixed(0)} MB`,
    )
    log(
      `== fresh site: right after ${(report.fresh.rightAfter.ratio * 100).toFixed(0)}% of the ceiling, p99 ${report.fresh.rightAfter.p99Open} ms at 20%; settled ${(report.fresh.settled.ratio * 100).toFixed(0)}%, p99 ${report.fresh.settled.p99Open} ms; peak RSS ${report.fresh.peakRssMb.toFixed(0)} MB`,
    )
  } finally {
    bare.kill('SIGTERM')
  }
}

/**
 * A site made today: 10,000 files imported by the real command, a server started on it at once and
 * loaded right away (no warm-up), then in rounds beside the bare server, minutes later.
 */
async function benchFreshSite(ceiling: LoadResult, ceilingOpen: OpenLoopResult) {
  log('== a site made today: 10,000 files imported by `inkgate import --create-channels` (search index, related posts)')
  const freshRoot = join(WORK, 'fresh')
  rmSync(freshRoot, { recursive: true, force: true })
  const fresh = importFreshSite(freshRoot, 10_000, SEED + 1)
  const imported = { files: fresh.slugs.length, seconds: fresh.seconds }
  log(`  ${imported.files} files in ${imported.seconds.toFixed(1)} s`)
  const server = await startServer(fresh.dataDir, 3903)
  const peaks: number[] = []
  const sampler = setInterval(() => peaks.push(memoryOf(server.pid as number).rssMb), 500)
  try {
    const rng = seededRandom(SEED + 3)
    const post = () => `/p/${fresh.slugs[Math.floor(rng() * fresh.slugs.length)]}`
    // right after: no warm-up; the first requests pay for the JIT and empty caches
    const rightAfter = {
      closed: await load('http://127.0.0.1:3903', post, SECONDS, CONNECTIONS),
      open: await openLoop('http://127.0.0.1:3903', post, SECONDS, ceiling.rps * 0.2, undefined, STEADY),
    }
    log(
      `  right after: ${rightAfter.closed.rps.toFixed(0)} req/s (${((rightAfter.closed.rps / ceiling.rps) * 100).toFixed(0)}% of the ceiling); p99 ${rightAfter.open.p99} ms at ${(ceiling.rps * 0.2).toFixed(0)} req/s`,
    )
    const bare: LoadResult[] = []
    const closed: LoadResult[] = []
    const open: OpenLoopResult[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      bare.push(await load('http://127.0.0.1:3901', () => '/', SECONDS, CONNECTIONS))
      closed.push(await load('http://127.0.0.1:3903', post, SECONDS, CONNECTIONS))
      open.push(await openLoop('http://127.0.0.1:3903', post, SECONDS, (bare.at(-1)?.rps ?? ceiling.rps) * 0.2, undefined, STEADY))
      log(`  round ${round}: bare ${bare.at(-1)?.rps.toFixed(0)} req/s, fresh site ${closed.at(-1)?.rps.toFixed(0)} (p99 ${open.at(-1)?.p99} ms at 20%)`)
    }
    // as a browser asks for them (compressed): pages the cache does not keep are compressed per request
    const browser = await load('http://127.0.0.1:3903', post, SECONDS, CONNECTIONS, { 'accept-encoding': 'gzip, deflate, br' })
    log(`  asking for br: ${browser.rps.toFixed(0)} req/s`)
    const report = {
      ceiling: ceiling.rps,
      ceilingP99Open: ceilingOpen.p99,
      rightAfter: {
        rps: rightAfter.closed.rps,
        ratio: rightAfter.closed.rps / ceiling.rps,
        p99Closed: rightAfter.closed.p99,
        openRate: ceiling.rps * 0.2,
        p50Open: rightAfter.open.p50,
        p99Open: rightAfter.open.p99,
        non2xx: rightAfter.closed.non2xx + rightAfter.closed.errors + rightAfter.open.non2xx + rightAfter.open.errors,
      },
      settled: {
        rps: median(closed.map((x) => x.rps)),
        ratio: median(closed.map((r, i) => r.rps / (bare[i]?.rps ?? Number.NaN))),
        p99Closed: median(closed.map((x) => x.p99)),
        openRate: median(bare.map((x) => x.rps * 0.2)),
        p50Open: median(open.map((x) => x.p50)),
        p99Open: median(open.map((x) => x.p99)),
        non2xx: [...closed, ...open].reduce((n, x) => n + x.non2xx + x.errors, 0),
      },
      browser: { rps: browser.rps, ratio: browser.rps / median(bare.map((x) => x.rps)), p99: browser.p99, non2xx: browser.non2xx + browser.errors },
      peakRssMb: Math.max(memoryOf(server.pid as number).peakMb, ...peaks),
    }
    return { imported, report }
  } finally {
    clearInterval(sampler)
    server.kill('SIGTERM')
  }
}

/** The 100,000-post database, plain and with its search index, beside the bare server (issue 2's figures). */
async function benchLargeSite(dbFile: string, indexedFile: string) {
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
    const runs: Record<'bare' | 'post' | 'home' | 'indexed', LoadResult[]> = { bare: [], post: [], home: [], indexed: [] }
    for (let round = 1; round <= ROUNDS; round++) {
      runs.bare.push(await load('http://127.0.0.1:3901', () => '/', SECONDS, CONNECTIONS))
      runs.post.push(await load('http://127.0.0.1:3900', randomPost, SECONDS, CONNECTIONS))
      runs.home.push(await load('http://127.0.0.1:3900', () => '/', SECONDS, CONNECTIONS))
      runs.indexed.push(await load('http://127.0.0.1:3902', randomPost, SECONDS, CONNECTIONS))
      log(
        `  round ${round}: bare ${runs.bare.at(-1)?.rps.toFixed(0)} req/s, post ${runs.post.at(-1)?.rps.toFixed(0)}, home ${runs.home.at(-1)?.rps.toFixed(0)}, indexed copy ${runs.indexed.at(-1)?.rps.toFixed(0)}`,
      )
    }
    return {
      runs,
      peakRssMb: Math.max(memoryOf(server.pid as number).peakMb, ...peaks),
      indexedPeakRssMb: Math.max(memoryOf(indexedServer.pid as number).peakMb, ...indexedPeaks),
    }
  } finally {
    clearInterval(sampler)
    server.kill('SIGTERM')
    indexedServer.kill('SIGTERM')
  }
}

await main()
