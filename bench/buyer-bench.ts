/**
 * npm run bench:buyer — the post page for a logged-in buyer against the same
 * pages for an anonymous visitor (issue 3: within 20%).
 *
 *   1. builds (once) the 10,000-post benchmark database, copies it, and adds a
 *      member who bought every paid post (a third of them) and holds a session
 *   2. starts the server as `npm start` does, in production mode
 *   3. runs autocannon, interleaved, on random paid post pages:
 *      anonymous (the page cache as configured), anonymous with the cache
 *      bypassed (a unique query string: the full render), and the buyer
 *      (session, entitlement, paid segments; never cached)
 *   4. writes its block of BENCHMARKS.md
 *
 * Options: --posts N (10000) --seconds T (10) --rounds R (3) --connections C (50)
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from '../src/cli/args.ts'
import { createDbSessionStore, createLoginThrottle, createMemberService, createSessionService } from '../src/members/index.ts'
import { createMemoryCounter } from '../src/platform/rate-limit/counter.ts'
import { createDb } from '../src/platform/db/create-db.ts'
import { buildBenchDb } from './bench-db.ts'
import { load, median, type LoadResult } from './measure.ts'
import { startServer } from './serve.ts'

const args = parseArgs(process.argv.slice(2), [])
const num = (name: string, fallback: number) => Number(args.options.get(name) ?? fallback)
const POSTS = num('posts', 10_000)
const SECONDS = num('seconds', 10)
const ROUNDS = num('rounds', 3)
const CONNECTIONS = num('connections', 50)
const WORK = resolve('bench/.work')
const PORT = 3910
const log = (line: string) => console.log(line)

async function prepare(): Promise<{ dataDir: string; token: string; paidIds: number[] }> {
  const source = join(WORK, `bench-${POSTS}-42-v2.db`)
  await buildBenchDb(source, POSTS, 42, log)
  const dataDir = join(WORK, 'buyer-serve')
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  copyFileSync(source, join(dataDir, 'inkgate.db'))
  const handle = await createDb({ kind: 'sqlite', file: join(dataDir, 'inkgate.db') })
  const sessions = createSessionService({ db: handle.db, store: createDbSessionStore(handle.db), now: () => new Date() })
  const members = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now: () => new Date() })
  const buyer = await members.register({ username: 'bench_buyer', password: 'bench-pass-1' })
  const paid = await handle.db.selectFrom('posts').select(['id', 'slug']).where('price', '>', 0).where('paid_region_count', '>', 0).execute()
  const at = new Date().toISOString()
  for (let i = 0; i < paid.length; i += 500) {
    await handle.db
      .insertInto('purchases')
      .values(paid.slice(i, i + 500).map((p) => ({ post_id: p.id, member_id: buyer.id, guest_key: null, order_id: null, granted_by: 'bench', created_at: at, revoked_at: null, revoked_reason: null })))
      .execute()
  }
  const { token } = await sessions.start(buyer.id)
  await handle.close()
  return { dataDir, token, paidIds: paid.map((p) => Number(p.slug.slice(2))) }
}

async function main(): Promise<void> {
  const { dataDir, token, paidIds } = await prepare()
  log(`== ${paidIds.length} paid posts of ${POSTS}; one buyer holds them all`)
  const server = await startServer(dataDir, PORT)
  const url = `http://127.0.0.1:${PORT}`
  let n = 0
  const pick = () => paidIds[Math.floor(Math.random() * paidIds.length)] as number
  const anonymous = () => `/p/b-${pick()}`
  const uncached = () => `/p/b-${pick()}?bench=${++n}`
  const buyerPath = () => `/p/b-${pick()}`
  const cookie = { cookie: `ig_sid=${token}` }
  try {
    // the buyer really reads paid text, and the anonymous visitor does not
    const probe = pick()
    const asBuyer = await (await fetch(`${url}/p/b-${probe}`, { headers: cookie })).text()
    const asAnon = await (await fetch(`${url}/p/b-${probe}`)).text()
    if (!asBuyer.includes('（已购买）') || asAnon.includes('（已购买）') || !asAnon.includes('paywall-card'))
      throw new Error('the buyer does not read the paid post: the benchmark would measure the wrong thing')
    await load(url, anonymous, 5, CONNECTIONS)
    await load(url, buyerPath, 5, CONNECTIONS, cookie)
    const runs: Record<'anonymous' | 'uncached' | 'buyer', LoadResult[]> = { anonymous: [], uncached: [], buyer: [] }
    for (let round = 1; round <= ROUNDS; round++) {
      runs.uncached.push(await load(url, uncached, SECONDS, CONNECTIONS))
      // the unique URLs above filled the page cache: warm it again so both next runs start alike
      await load(url, anonymous, 3, CONNECTIONS)
      runs.anonymous.push(await load(url, anonymous, SECONDS, CONNECTIONS))
      runs.buyer.push(await load(url, buyerPath, SECONDS, CONNECTIONS, cookie))
      log(`  round ${round}: anonymous ${runs.anonymous.at(-1)?.rps.toFixed(0)} req/s, anonymous uncached ${runs.uncached.at(-1)?.rps.toFixed(0)}, buyer ${runs.buyer.at(-1)?.rps.toFixed(0)}`)
    }
    const s = (r: LoadResult[]) => ({ rps: median(r.map((x) => x.rps)), p50: median(r.map((x) => x.p50)), p99: median(r.map((x) => x.p99)), bad: r.reduce((k, x) => k + x.non2xx + x.errors, 0) })
    const ratio = (a: LoadResult[], b: LoadResult[]) => median(a.map((x, i) => x.rps / (b[i]?.rps ?? Number.NaN)))
    const toAnon = ratio(runs.buyer, runs.anonymous)
    const toUncached = ratio(runs.buyer, runs.uncached)
    const [a, u, b] = [s(runs.anonymous), s(runs.uncached), s(runs.buyer)]
    const row = (name: string, x: ReturnType<typeof s>) => `| ${name} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.bad} |`
    const block = `${BEGIN}
## Logged-in buyer vs anonymous (issue 3)

Written by \`npm run bench:buyer\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus()[0]?.model ?? ''}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
${POSTS.toLocaleString('en-US')} posts (SQLite), random pages of the ${paidIds.length.toLocaleString('en-US')} paid posts, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s, medians.
The buyer's requests carry a session cookie: the session and member are read (one join), the entitlement is checked (a purchase),
the paid segments are read; when the anonymous page of that URL is in the page cache, the buyer gets it with the paywall cards
replaced by the paid segments, else a page rendered for them; \`private, no-store\`, never cached. "Anonymous" uses the page cache
as configured (1,000 pages, so about 30% of these uniformly random requests hit it); "anonymous, full render" bypasses it with a
unique query string.

| requests | req/s | p50 ms | p99 ms | non-2xx + errors |
| --- | ---: | ---: | ---: | ---: |
${row('anonymous, random paid post', a)}
${row('anonymous, full render', u)}
${row('logged-in buyer, random bought post', b)}

Buyer ÷ anonymous (median of each round's ratio): **${(toAnon * 100).toFixed(0)}%**; buyer ÷ anonymous full render: **${(toUncached * 100).toFixed(0)}%**.
Target: the buyer's page within 20% of the anonymous figure — **${toAnon >= 0.8 ? 'met' : 'NOT met'}** (against the full render: **${toUncached >= 0.8 ? 'met' : 'NOT met'}**).
${END}`
    const file = join(import.meta.dirname, '..', 'BENCHMARKS.md')
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
    writeFileSync(file, current.includes(BEGIN) ? current.replace(new RegExp(`${BEGIN}[\\s\\S]*?${END}`), block) : `${current.trimEnd()}\n\n${block}\n`)
    log(`== buyer ${b.rps.toFixed(0)} req/s = ${(toAnon * 100).toFixed(0)}% of anonymous (${a.rps.toFixed(0)}), ${(toUncached * 100).toFixed(0)}% of the anonymous full render (${u.rps.toFixed(0)})`)
  } finally {
    server.kill('SIGTERM')
  }
}

const BEGIN = '<!-- buyer: written by npm run bench:buyer -->'
const END = '<!-- buyer: end -->'

await main()
