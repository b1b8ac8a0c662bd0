/**
 * npm run bench:migrate — how fast a FastAdmin CMS site moves in (issue 14's target:
 * 100,000 archives in ≤ 2 minutes on SQLite). Builds a FastAdmin database in the
 * MariaDB of BENCH_MYSQL_URL or TEST_MYSQL_URL (the test's schema, then ARCHIVES
 * generated archives with the demo's text, half of them priced with paid markers),
 * migrates it into an empty SQLite site with the real operation, prints the time and
 * the rate, and drops the database.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { composePost, seededRandom } from '../src/content/demo/demo-text.ts'
import { migrateFastadmin } from '../src/migrate/fastadmin/fastadmin-migration.ts'
import { defaultRules } from '../src/migrate/fastadmin/fastadmin-rows.ts'
import { FastadminSource } from '../src/migrate/fastadmin/fastadmin-source.ts'
import { loadConfig } from '../src/platform/config/load-config.ts'
import { createDb } from '../src/platform/db/create-db.ts'
import { createWriteStack } from '../src/write-stack.ts'
import { runReindex } from '../src/cli/reindex-run.ts'
import { createFastadminDb } from '../test/fixtures/fastadmin/fastadmin-db.ts'

const server = process.env.BENCH_MYSQL_URL ?? process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306'
const ARCHIVES = Number(process.env.BENCH_ARCHIVES ?? 5000)
const FIRST_ID = 1000

const fa = await createFastadminDb(server)
const dir = mkdtempSync(join(tmpdir(), 'inkgate-migrate-bench-'))
try {
  const rng = seededRandom(14)
  for (let start = 0; start < ARCHIVES; start += 500) {
    const rows: unknown[][] = []
    const bodies: unknown[][] = []
    for (let i = start; i < Math.min(ARCHIVES, start + 500); i++) {
      const id = FIRST_ID + i
      const paid = i % 2 === 0
      const post = composePost(rng, { paid, pages: i % 10 === 0 ? 2 : 1, chars: 1500, dollarMarkers: i % 4 === 0 })
      rows.push([id, 0, 2, 1, `${post.title} ${id}`, i % 7 === 0 ? 'hot' : '', post.tags.join(','), paid ? '9.90' : '0.00', i, '', 1, 1_700_000_000 + i, null, 'normal', 1_700_000_000 + i])
      bodies.push([
        id,
        post.text
          .split('\n')
          .slice(1)
          .map((l) => (l.startsWith('#') || l.startsWith('$') ? l : `<p>${l}</p>`))
          .join(''),
        '',
      ])
    }
    await fa.conn.query('INSERT INTO fa_cms_archives (id, user_id, channel_id, model_id, title, flag, tags, price, views, diyname, isguest, publishtime, deletetime, status, createtime) VALUES ?', [
      rows,
    ])
    await fa.conn.query('INSERT INTO fa_cms_addonnews (id, content, author) VALUES ?', [bodies])
  }
  const config = loadConfig({ INKGATE_DATA_DIR: dir, INKGATE_SEED_DEMO: 'false', INKGATE_LOG_LEVEL: 'silent' }, 'database')
  const handle = await createDb(config.database)
  // as the command runs it: posts without the search index, then the index built once on both cores
  const { posts } = createWriteStack({ handle, previewShare: () => 0.3, siteTerms: () => '', now: () => new Date(), onChange: () => undefined, index: false })
  const source = await FastadminSource.open(fa.url, 'fa_')
  const started = performance.now()
  const report = await migrateFastadmin({ db: handle.db, posts, actor: { kind: 'operator', name: 'bench' }, now: () => new Date() }, source, { rules: defaultRules(false), dryRun: false })
  const seconds = (performance.now() - started) / 1000
  console.log(`moved ${report.posts.created} archives in ${seconds.toFixed(1)} s; building the search index…`)
  const indexStarted = performance.now()
  const { result } = await runReindex(handle, config, process.stdout, { progress: false, rank: false })
  const indexSeconds = (performance.now() - indexStarted) / 1000
  await source.close()
  await handle.close()
  const total = report.posts.created
  console.log(`migrated ${total} archives (${report.legacyUrls} old addresses) in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} archives/s`)
  console.log(`then the search index: ${result.indexed} posts in ${indexSeconds.toFixed(1)} s (${(result.indexed / indexSeconds).toFixed(0)} a second, both cores)`)
  const both = seconds + indexSeconds
  console.log(`at these rates, 100,000 archives take ${(100_000 / (total / seconds) / 60).toFixed(1)} minutes to move and ${(100_000 / (total / both) / 60).toFixed(1)} with the index (target: 2)`)
} finally {
  await fa.drop()
  rmSync(dir, { recursive: true, force: true })
}
