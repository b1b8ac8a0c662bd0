import { grantIndexText } from '../src/paywall/index.ts'
import { createMemoryCounter } from '../src/platform/rate-limit/counter.ts'
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { createPostService, insertChannel } from '../src/content/index.ts'
import { composePost, seededRandom } from '../src/content/demo/demo-text.ts'
import { parseImportFile } from '../src/content/import/parse-import-file.ts'
import { createBodyWriter } from '../src/paywall/index.ts'
import { createDb } from '../src/platform/db/create-db.ts'
import type { Cents } from '../src/shared/money.ts'
import { createSearchService, reindex } from '../src/search/index.ts'
import { createWriteStack } from '../src/write-stack.ts'

export const BENCH_CHANNELS = ['jianghua', 'xinde', 'zongjie', 'huibao', 'dangke', 'diaoyan', 'jiancha', 'zhidu']

/**
 * The benchmark database: `count` generated posts (seeded, so every run builds the
 * same one), 2–10 KB of Chinese text each, a third of them paid, one in ten
 * paginated. Built through the real post service; kept between runs.
 */
export async function buildBenchDb(file: string, count: number, seed: number, log: (line: string) => void): Promise<void> {
  if (existsSync(file)) return
  mkdirSync(dirname(file), { recursive: true })
  const building = `${file}.building`
  rmSync(building, { force: true })
  rmSync(`${building}-wal`, { force: true })
  const handle = await createDb({ kind: 'sqlite', file: building })
  const at = new Date('2026-01-01T00:00:00Z')
  for (const [i, slug] of BENCH_CHANNELS.entries()) {
    await insertChannel(handle.db, {
      parent_id: null,
      kind: 'list',
      name: `栏目${i + 1}`,
      slug,
      link_url: null,
      seo_title: '',
      seo_keywords: '',
      seo_description: '',
      weight: 100 - i,
      page_size: 20,
      vip_level: 0,
      created_at: at.toISOString(),
      updated_at: at.toISOString(),
    })
  }
  const posts = createPostService({ db: handle.db, writeBody: createBodyWriter({ previewShare: () => 0.3 }), now: () => at, onChange: () => undefined })
  const rng = seededRandom(seed)
  const started = Date.now()
  for (let i = 0; i < count; i++) {
    const paid = i % 3 === 0
    const composed = composePost(rng, { paid, pages: i % 10 === 0 ? 3 : 1, chars: 700 + Math.floor(rng() * 2700), twoRegions: paid && i % 7 === 0 })
    const input = parseImportFile(`b-${i}.txt`, composed.text, { channelSlug: BENCH_CHANNELS[i % BENCH_CHANNELS.length] as string, price: (paid ? 990 : 0) as Cents })
    const flags = i % 50 === 0 ? (['recommend'] as const) : i % 37 === 0 ? (['hot'] as const) : []
    await posts.savePost({ kind: 'system', job: 'bench' }, { ...input, flags: [...flags], tags: composed.tags, publishedAt: new Date(at.getTime() + i * 60_000).toISOString() })
    if ((i + 1) % 10_000 === 0) log(`  ${i + 1} posts (${((i + 1) / ((Date.now() - started) / 1000)).toFixed(0)} posts/s)`)
  }
  await handle.close()
  renameSync(building, file)
}

/**
 * The same posts with their search index built, as on a real site: a post page
 * then also looks up related posts by the post's stored words (the plain
 * database has no index, so its pages fall back to the channel's newest).
 * Made once from `plainFile` (about two minutes) and kept.
 */
export async function buildIndexedBenchDb(plainFile: string, file: string, log: (line: string) => void): Promise<void> {
  if (existsSync(file)) return
  const building = `${file}.building`
  rmSync(`${building}-wal`, { force: true })
  copyFileSync(plainFile, building)
  const handle = await createDb({ kind: 'sqlite', file: building })
  const stack = createWriteStack({ handle, previewShare: () => 0.3, siteTerms: () => '', now: () => new Date(), onChange: () => undefined })
  log('  building the search index of a copy (2 segmenting threads)…')
  const r = await reindex({ db: handle.db, engine: stack.engine, indexText: grantIndexText(handle.full), siteTerms: [], restart: true, workers: 2 })
  log(`  ${r.indexed} posts indexed in ${r.seconds.toFixed(0)} s`)
  // a site that has been running: every post's related posts ranked (the server's job does this 25 at a time)
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
  const started = Date.now()
  let ranked = 0
  for (let n; (n = await search.refreshRelated(5000));) ranked += n
  await search.close()
  log(`  related posts of ${ranked} posts ranked in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  await handle.close()
  renameSync(building, file)
}
