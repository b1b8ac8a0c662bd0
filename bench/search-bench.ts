/**
 * npm run bench:search — indexing and query latency of search on the 100,000-post
 * benchmark database, on SQLite and (when PostgreSQL answers) on PostgreSQL,
 * next to the naive LIKE scan. Writes the "Search" section of BENCHMARKS.md.
 */
import { grantIndexText, readIndexText } from '../src/paywall/index.ts'
import { createMemoryCounter } from '../src/platform/rate-limit/counter.ts'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { findIndexFields, listPostIds } from '../src/content/index.ts'
import { createDb, type DbHandle } from '../src/platform/db/create-db.ts'
import { createSearchService, getSegmenter, indexStatus, reindex } from '../src/search/index.ts'
import { createWriteStack } from '../src/write-stack.ts'
import { buildBenchDb } from './bench-db.ts'
import { seededRandom } from '../src/content/demo/demo-text.ts'

const WORK = process.env.BENCH_WORK ?? join(import.meta.dirname, '.work')
const POSTS = Number(process.env.BENCH_POSTS ?? 100_000)
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PG_SCHEMA = `bench_search_${POSTS}`
const QUERIES_PER_KIND = Number(process.env.BENCH_QUERIES ?? 200)
const log = (line: string) => console.log(line)

interface Latency {
  p50: number
  p95: number
  p99: number
  max: number
  n: number
}
interface EngineFigures {
  dialect: string
  reindex: { seconds: number; postsPerSecond: number; phases: Record<string, number> }
  indexBytes: number
  textBytes: number
  storedBodyBytes: number
  kinds: Record<string, Latency>
  withFacets: Latency
  like: Latency
  likeQueries: number
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] as number
function summarise(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b)
  return { p50: pct(s, 0.5), p95: pct(s, 0.95), p99: pct(s, 0.99), max: s[s.length - 1] ?? 0, n: s.length }
}

/** Queries drawn from the corpus itself: words by how many posts hold them, word pairs, adjacent pairs as phrases. */
async function makeQueries(handle: DbHandle): Promise<Record<string, string[]>> {
  const rng = seededRandom(7)
  const seg = getSegmenter()
  const ids = await listPostIds(handle.db, 0, POSTS)
  const sample = Array.from({ length: 400 }, () => ids[Math.floor(rng() * ids.length)] as number)
  const texts = await readIndexText(grantIndexText(handle.full), sample)
  const fields = await findIndexFields(handle.db, sample)
  const df = new Map<string, number>()
  const docs: string[][] = []
  const pairs: string[][] = []
  for (const id of sample) {
    const all = seg.words(`${fields.get(id)?.title ?? ''}\n${texts.get(id)?.free ?? ''}\n${texts.get(id)?.paid ?? ''}`)
    const words = all.filter((w) => [...w].length >= 2)
    docs.push(words)
    // adjacent in the text, both of two or more characters
    pairs.push(all.flatMap((w, i) => (i + 1 < all.length && [...w].length >= 2 && [...(all[i + 1] as string)].length >= 2 ? [`${w} ${all[i + 1]}`] : [])))
    for (const w of new Set(words)) df.set(w, (df.get(w) ?? 0) + 1)
  }
  const byDf = [...df].sort((a, b) => b[1] - a[1]).map(([w]) => w)
  const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)] as T
  // a third from the most common words, a third mid, a third from the tail
  const third = Math.floor(QUERIES_PER_KIND / 3)
  const cut1 = Math.max(1, Math.floor(byDf.length * 0.05))
  const cut2 = Math.max(cut1 + 1, Math.floor(byDf.length * 0.4))
  const bands = [byDf.slice(0, cut1), byDf.slice(cut1, cut2), byDf.slice(cut2)]
  log(`query words: ${byDf.length} distinct in 400 sampled posts; bands of ${bands.map((b) => b.length).join(' / ')} words`)
  const one = bands.flatMap((band) => Array.from({ length: third }, () => pick(band)))
  const two = Array.from({ length: QUERIES_PER_KIND }, () => {
    const d = pick(docs)
    return `${pick(d)} ${pick(d)}`
  })
  const phrase = Array.from({ length: QUERIES_PER_KIND }, () => `"${pick(pick(pairs.filter((p) => p.length > 0)))}"`)
  return { 'one word': one, 'two words (AND)': two, phrase }
}

async function measureEngine(handle: DbHandle, dialect: string, queries: Record<string, string[]>): Promise<EngineFigures> {
  const stack = createWriteStack({ handle, previewShare: () => 0.3, siteTerms: () => '', now: () => new Date(), onChange: () => undefined })
  const status = await indexStatus(handle.db, [])
  const reuse = process.env.BENCH_REUSE_INDEX === '1' && status.indexedWith === status.version && !status.unfinished
  log(`[${dialect}] ${reuse ? 'reusing the index (BENCH_REUSE_INDEX=1): reindex figures are not measured' : `reindex of ${POSTS.toLocaleString('en-US')} posts (2 segmenting threads)…`}`)
  const r = reuse
    ? { seconds: NaN, indexed: POSTS, phases: { segmentWait: NaN, write: NaN, orphans: NaN, optimize: NaN } }
    : await reindex({ db: handle.db, engine: stack.engine, indexText: grantIndexText(handle.full), siteTerms: [], restart: true, workers: 2 })
  log(`[${dialect}]   ${r.seconds.toFixed(1)} s, phases ${JSON.stringify(r.phases)}`)
  const indexBytes = await stack.engine.size(handle.db)
  // the text the index stands for: free and paid text of every post, UTF-8
  let textBytes = 0
  for (let after = 0; ;) {
    const ids = await listPostIds(handle.db, after, 2000)
    if (!ids.length) break
    const texts = await readIndexText(grantIndexText(handle.full), ids)
    const fields = await findIndexFields(handle.db, ids)
    for (const id of ids) textBytes += Buffer.byteLength(`${fields.get(id)?.title ?? ''}${texts.get(id)?.free ?? ''}${texts.get(id)?.paid ?? ''}`)
    after = ids[ids.length - 1] as number
  }
  const storedBodyBytes =
    dialect === 'sqlite'
      ? Number((await sql<{ b: number }>`SELECT sum(pgsize) AS b FROM dbstat WHERE name IN ('post_segments', 'post_paid_segments', 'post_sources')`.execute(handle.db)).rows[0]?.b ?? 0)
      : Number(
          (await sql<{ b: string }>`SELECT pg_total_relation_size('post_segments') + pg_total_relation_size('post_paid_segments') + pg_total_relation_size('post_sources') AS b`.execute(handle.db))
            .rows[0]?.b ?? 0,
        )
  const search = createSearchService({
    db: handle.db,
    engine: stack.engine,
    segmenter: stack.segmenter,
    now: () => new Date(),
    logFlushMs: 60_000,
    paidText: () => 'words' as const,
    counter: createMemoryCounter(),
    perMinute: { visitor: 60, member: 120 },
  })
  const run = async (q: string, facets: boolean) => {
    const t = performance.now()
    await search.search({ q, pageSize: 20, bot: true, facets })
    return performance.now() - t
  }
  for (const q of (queries['one word'] ?? []).slice(0, 30)) await run(q, false) // warm up
  const kinds: Record<string, Latency> = {}
  for (const [kind, list] of Object.entries(queries)) {
    const ms: number[] = []
    for (const q of list) ms.push(await run(q, false))
    kinds[kind] = summarise(ms)
    log(`[${dialect}]   ${kind}: ${JSON.stringify(kinds[kind])}`)
  }
  const facetMs: number[] = []
  for (const q of (queries['one word'] ?? []).slice(0, 60)) facetMs.push(await run(q, true))
  const likeQueries = (queries['one word'] ?? []).filter((_, i) => i % 10 === 0).slice(0, 20)
  const likeMs: number[] = []
  for (const q of likeQueries) {
    const pattern = `%${q}%`
    const t = performance.now()
    await sql`SELECT p.id FROM posts p WHERE p.status = 'published' AND (p.title LIKE ${pattern} OR EXISTS (SELECT 1 FROM post_segments s WHERE s.post_id = p.id AND s.kind = 'free' AND s.html LIKE ${pattern})) ORDER BY p.id DESC LIMIT 20`.execute(
      handle.db,
    )
    likeMs.push(performance.now() - t)
  }
  await search.close()
  return {
    dialect,
    reindex: { seconds: r.seconds, postsPerSecond: r.indexed / r.seconds, phases: r.phases },
    indexBytes,
    textBytes,
    storedBodyBytes,
    kinds,
    withFacets: summarise(facetMs),
    like: summarise(likeMs),
    likeQueries: likeQueries.length,
  }
}

/** The benchmark posts copied into a PostgreSQL schema of their own (once; kept between runs). */
async function pgCopy(sqliteHandle: DbHandle): Promise<DbHandle | undefined> {
  const admin = new pg.Client({ connectionString: PG_URL })
  try {
    await admin.connect()
  } catch {
    log('PostgreSQL not reachable: skipping the PostgreSQL figures')
    return undefined
  }
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`)
  await admin.end()
  const handle = await createDb({ kind: 'postgres', url: PG_URL, schema: PG_SCHEMA })
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM posts`.execute(handle.db)).rows[0]?.n ?? 0)
  if (have === POSTS) return handle
  log(`[postgres] copying ${POSTS.toLocaleString('en-US')} posts from the SQLite benchmark database…`)
  const src = sqliteHandle.full
  const dst = handle.full
  await sql`TRUNCATE post_tags, tags, post_paid_segments, post_sources, post_segments, post_views, post_search, posts, channels RESTART IDENTITY CASCADE`.execute(dst)
  await dst
    .insertInto('channels')
    .values(await src.selectFrom('channels').selectAll().execute())
    .execute()
  await dst
    .insertInto('tags')
    .values(await src.selectFrom('tags').selectAll().execute())
    .execute()
  for (let after = 0; ;) {
    const posts = await src.selectFrom('posts').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute()
    if (!posts.length) break
    const ids = posts.map((p) => p.id)
    await dst.insertInto('posts').values(posts).execute()
    await dst
      .insertInto('post_segments')
      .values(await src.selectFrom('post_segments').selectAll().where('post_id', 'in', ids).execute())
      .execute()
    const paid = await src.selectFrom('post_paid_segments').selectAll().where('post_id', 'in', ids).execute()
    if (paid.length) await dst.insertInto('post_paid_segments').values(paid).execute()
    const tags = await src.selectFrom('post_tags').selectAll().where('post_id', 'in', ids).execute()
    if (tags.length) await dst.insertInto('post_tags').values(tags).execute()
    after = ids[ids.length - 1] as number
  }
  await sql`SELECT setval(pg_get_serial_sequence('posts', 'id'), (SELECT max(id) FROM posts))`.execute(dst)
  await sql`ANALYZE`.execute(dst)
  return handle
}

const mb = (b: number) => (b / 1048576).toFixed(0)
const lat = (l: Latency) => `${l.p50.toFixed(1)} / ${l.p95.toFixed(1)} / ${l.p99.toFixed(1)}`

function section(results: EngineFigures[], command: string): string {
  const rows = results.map((r) => {
    const k = Object.values(r.kinds)
    return `| ${r.dialect} | ${k.map(lat).join(' | ')} | ${lat(r.withFacets)} | ${lat(r.like)} |`
  })
  const index = results.map(
    (r) =>
      `| ${r.dialect} | ${r.reindex.seconds.toFixed(0)} s (${r.reindex.postsPerSecond.toFixed(0)} posts/s; waiting for segmentation ${r.reindex.phases.segmentWait?.toFixed(0)} s, writing ${r.reindex.phases.write?.toFixed(0)} s, merging ${r.reindex.phases.optimize?.toFixed(0)} s) | ${mb(r.indexBytes)} MB | ${((r.indexBytes / r.textBytes) * 100).toFixed(0)}% of ${mb(r.textBytes)} MB of text (${((r.indexBytes / r.storedBodyBytes) * 100).toFixed(0)}% of the ${mb(r.storedBodyBytes)} MB body tables) |`,
  )
  const sqlite = results.find((r) => r.dialect === 'sqlite')
  const postgres = results.find((r) => r.dialect === 'postgres')
  const worst = (r: EngineFigures | undefined) => (r ? Math.max(...Object.values(r.kinds).map((k) => k.p95)) : NaN)
  return `${SEARCH_BEGIN}
## Search (${POSTS.toLocaleString('en-US')} posts)

Written by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.
Queries are drawn from the corpus (${QUERIES_PER_KIND} per kind; one-word queries a third each from the 5% most common words of 400 sampled posts, the next 35%, and the rest),
run one at a time through the search service: parse, engine query (count up to 1,000, top 20), then titles, free text and highlighting of the 20.

| reindex | time (both cores) | index size | index ÷ text |
| --- | --- | ---: | --- |
${index.join('\n')}

Latency in ms, p50 / p95 / p99:

| engine | one word | two words (AND) | phrase | one word + facets | naive LIKE, top 20 (${results[0]?.likeQueries ?? 0} queries) |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Targets (issue 4): SQLite p95 ≤ 10 ms for all three kinds — **${worst(sqlite).toFixed(1)} ms ${worst(sqlite) <= 10 ? 'met' : 'NOT met'}**;
PostgreSQL p95 ≤ 30 ms — **${postgres ? `${worst(postgres).toFixed(1)} ms ${worst(postgres) <= 30 ? 'met' : 'NOT met'}` : 'not measured'}**;
reindex ≤ 120 s — **${sqlite ? `${sqlite.reindex.seconds.toFixed(0)} s ${sqlite.reindex.seconds <= 120 ? 'met' : 'NOT met'}` : ''}**;
index ≤ 90% of the text — **${sqlite ? `${((sqlite.indexBytes / sqlite.textBytes) * 100).toFixed(0)}% ${sqlite.indexBytes / sqlite.textBytes <= 0.9 ? 'met' : 'NOT met'}` : ''}** (SQLite).
${SEARCH_END}`
}

const SEARCH_BEGIN = '<!-- search: written by npm run bench:search -->'
const SEARCH_END = '<!-- search: end -->'

async function main() {
  const started = Date.now()
  const dbFile = join(WORK, `bench-${POSTS}-42-v2.db`)
  await buildBenchDb(dbFile, POSTS, 42, log)
  const handle = await createDb({ kind: 'sqlite', file: dbFile })
  const queries = await makeQueries(handle)
  const results: EngineFigures[] = [await measureEngine(handle, 'sqlite', queries)]
  const pgHandle = process.env.BENCH_SKIP_PG ? undefined : await pgCopy(handle)
  if (pgHandle) {
    results.push(await measureEngine(pgHandle, 'postgres', queries))
    await pgHandle.close()
  }
  await handle.close()
  const file = join(import.meta.dirname, '..', 'BENCHMARKS.md')
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- notes: kept across runs -->\n'
  const block = section(results, 'npm run bench:search')
  const next = current.includes(SEARCH_BEGIN) ? current.replace(new RegExp(`${SEARCH_BEGIN}[\\s\\S]*?${SEARCH_END}`), block) : `${current.trimEnd()}\n\n${block}\n`
  writeFileSync(file, next)
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; BENCHMARKS.md updated`)
}

await main()
