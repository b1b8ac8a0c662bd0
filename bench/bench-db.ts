import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { createPostService, insertChannel } from '../src/content/index.ts'
import { composePost, seededRandom } from '../src/content/demo/demo-text.ts'
import { parseImportFile } from '../src/content/import/parse-import-file.ts'
import { createBodyWriter } from '../src/paywall/index.ts'
import { createDb } from '../src/platform/db/create-db.ts'
import type { Cents } from '../src/shared/money.ts'

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
    await insertChannel(handle.db, { parent_id: null, kind: 'list', name: `栏目${i + 1}`, slug, link_url: null, seo_title: '', seo_keywords: '', seo_description: '', weight: 100 - i, page_size: 20, vip_level: 0, created_at: at.toISOString(), updated_at: at.toISOString() })
  }
  const posts = createPostService({ db: handle.db, writeBody: createBodyWriter({ previewShare: () => 0.3 }), now: () => at, onChange: () => undefined })
  const rng = seededRandom(seed)
  const started = Date.now()
  for (let i = 0; i < count; i++) {
    const paid = i % 3 === 0
    const composed = composePost(rng, { paid, pages: i % 10 === 0 ? 3 : 1, chars: 700 + Math.floor(rng() * 2700), twoRegions: paid && i % 7 === 0 })
    const input = parseImportFile(`b-${i}.txt`, composed.text, { channelSlug: BENCH_CHANNELS[i % BENCH_CHANNELS.length] as string, price: (paid ? 990 : 0) as Cents })
    const flags = i % 50 === 0 ? (['recommend'] as const) : i % 37 === 0 ? (['hot'] as const) : []
    await posts.savePost({ ...input, flags: [...flags], tags: composed.tags, publishedAt: new Date(at.getTime() + i * 60_000).toISOString() })
    if ((i + 1) % 10_000 === 0) log(`  ${i + 1} posts (${((i + 1) / ((Date.now() - started) / 1000)).toFixed(0)} posts/s)`)
  }
  await handle.close()
  renameSync(building, file)
}
