/**
 * npm run bench:ab -- --base <git ref> — is this build faster than another one?
 *
 * This VM's speed changes up to 2× within an hour, so two `npm run bench` runs
 * minutes apart cannot tell a 10% change. Here the other build (a git worktree
 * of --base, built in bench/.work/ab-base) and this one serve the same
 * benchmark database side by side and are loaded in turns, the order flipped
 * every round; the figure to compare is the server's CPU time per request
 * (from /proc), with req/s, p99 and peak RSS beside it. Each side serves its own copy of the
 * database (~10 s to copy). Prints; writes nothing else.
 *
 * Options: --base REF (HEAD~1) --posts N (100000) --seed S (42) --rounds R (6) --seconds T (6) --connections C (50)
 */
import { execFileSync, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import SQLite from 'better-sqlite3'
import { join, resolve } from 'node:path'
import { parseArgs } from '../src/cli/args.ts'
import { seededRandom } from '../src/content/demo/demo-text.ts'
import { buildBenchDb } from './bench-db.ts'
import { load, median, memoryOf } from './measure.ts'
import { startServer } from './serve.ts'

const args = parseArgs(process.argv.slice(2), [])
const option = (name: string, fallback: string) => {
  const value = args.options.get(name)
  return typeof value === 'string' ? value : fallback
}
const BASE = option('base', 'HEAD~1')
const POSTS = Number(option('posts', '100000'))
const SEED = Number(option('seed', '42'))
const ROUNDS = Number(option('rounds', '6'))
const SECONDS = Number(option('seconds', '6'))
const CONNECTIONS = Number(option('connections', '50'))
const WORK = resolve('bench/.work')
const git = (...a: string[]) => execFileSync('git', a, { encoding: 'utf8' }).trim()

/** CPU time (user + system) the process has used, in ms. */
function cpuMs(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

function checkoutBase(): string {
  const dir = join(WORK, 'ab-base')
  const commit = git('rev-parse', '--verify', `${BASE}^{commit}`)
  if (existsSync(dir)) git('worktree', 'remove', '--force', dir)
  git('worktree', 'add', '--detach', dir, commit)
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: dir, stdio: 'inherit' })
  return dir
}

function forgetUnknownMigrations(file: string, checkout: string): void {
  const known = readdirSync(join(checkout, 'src/platform/db/migrations'))
    .filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
  const db = new SQLite(file)
  try {
    const forgotten = db.prepare(`DELETE FROM kysely_migration WHERE name NOT IN (${known.map(() => '?').join(', ')})`).run(...known).changes
    if (forgotten) console.log(`  the base's copy forgets ${forgotten} newer migration(s)`)
  } finally {
    db.close()
  }
}

interface Side {
  name: string
  child: ChildProcess
  url: string
  cpu: number[]
  rps: number[]
  p99: number[]
}

async function main(): Promise<void> {
  const dbFile = join(WORK, `bench-${POSTS}-${SEED}-v2.db`)
  await buildBenchDb(dbFile, POSTS, SEED, (line) => console.log(line))
  console.log(`== building ${BASE} and this checkout`)
  const baseDir = checkoutBase()
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
  const sides: Side[] = []
  try {
    for (const [i, [name, checkout]] of (
      [
        [`${BASE} (${git('rev-parse', '--short', BASE)})`, baseDir],
        ['this checkout', '.'],
      ] as const
    ).entries()) {
      const dataDir = join(WORK, `ab-serve-${i}`)
      rmSync(dataDir, { recursive: true, force: true })
      mkdirSync(dataDir, { recursive: true })
      // each side its own copy: one side's migrations or view counts never reach the other's file
      copyFileSync(dbFile, join(dataDir, 'inkgate.db'))
      // Kysely refuses a database holding migrations it does not know: an older base's copy forgets the newer
      // ones (their tables and columns stay, unread by the older code)
      if (checkout !== '.') forgetUnknownMigrations(join(dataDir, 'inkgate.db'), checkout)
      const port = 3920 + i
      sides.push({ name, child: await startServer(dataDir, port, checkout), url: `http://127.0.0.1:${port}`, cpu: [], rps: [], p99: [] })
    }
    const rng = seededRandom(SEED + 2)
    const randomPost = () => `/p/b-${Math.floor(rng() * POSTS)}`
    for (const side of sides) await load(side.url, randomPost, 4, CONNECTIONS)
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 ? [...sides].reverse() : sides) {
        const before = cpuMs(side.child.pid as number)
        const result = await load(side.url, randomPost, SECONDS, CONNECTIONS)
        side.cpu.push(((cpuMs(side.child.pid as number) - before) * 1000) / result.requests)
        side.rps.push(result.rps)
        side.p99.push(result.p99)
      }
      console.log(`  round ${round + 1}: ${sides.map((s) => `${s.name} ${s.cpu.at(-1)?.toFixed(0)} µs/req`).join(', ')}`)
    }
    console.log(`== ${POSTS} posts, random post pages, ${CONNECTIONS} connections, ${ROUNDS} paired rounds of ${SECONDS} s (medians)`)
    for (const s of sides) {
      console.log(
        `  ${s.name.padEnd(24)} CPU ${median(s.cpu).toFixed(0)} µs a request, ${median(s.rps).toFixed(0)} req/s, p99 ${median(s.p99)} ms, peak RSS ${memoryOf(s.child.pid as number).peakMb.toFixed(0)} MB`,
      )
    }
    const [base, head] = sides as [Side, Side]
    const paired = median(head.cpu.map((c, i) => c / (base.cpu[i] as number)))
    console.log(`  this checkout ÷ ${BASE}, CPU a request (median of the rounds' ratios): ${(paired * 100).toFixed(0)}%`)
  } finally {
    for (const s of sides) s.child.kill('SIGTERM')
    git('worktree', 'remove', '--force', baseDir)
  }
}

await main()
