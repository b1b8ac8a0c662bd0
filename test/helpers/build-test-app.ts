import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { buildApp, type App } from '../../src/app.ts'
import { insertChannel } from '../../src/content/index.ts'
import { loadConfig } from '../../src/platform/config/load-config.ts'
import { openTestDb, type TestDialect } from './dialects.ts'
import type { FullDb } from '../../src/platform/db/database.ts'

export const TEST_NOW = new Date('2026-11-27T08:00:00.000Z')
/** scrypt at a cost tests can afford (production's is measured in BENCHMARKS.md) */
export const TEST_PASSWORD_COST = Object.freeze({ logN: 10, r: 8, p: 1 })

/** The real app on a fresh database of the given dialect, closed when the test ends. */
export async function buildTestApp(
  t: TestContext | undefined,
  options: { dialect: TestDialect; env?: Record<string, string>; now?: () => Date; log?: (line: string) => void },
): Promise<App & { dispose: () => Promise<void>; full: FullDb }> {
  const { handle, dispose } = await openTestDb(options.dialect, { asServer: true })
  // sweeps (the leak test) search thousands of times on a stopped clock: the search budget is the rate-limit test's to set
  // uploads go to a folder of this app's own, removed with it
  const dataDir = mkdtempSync(join(tmpdir(), 'inkgate-test-data-'))
  const config = loadConfig({
    INKGATE_DATA_DIR: dataDir,
    INKGATE_LOG_LEVEL: 'silent',
    INKGATE_SITE_URL: 'https://fanwen.example',
    NODE_ENV: 'test',
    INKGATE_SEARCH_PER_MINUTE: '100000',
    INKGATE_SEARCH_PER_MINUTE_MEMBER: '100000',
    // tests move their clocks by days with staff signed in; the idle limit has its own test
    INKGATE_STAFF_IDLE_MINUTES: '0',
    ...options.env,
  })
  const log = options.log
  const app = await buildApp({ config, db: handle, now: options.now ?? (() => TEST_NOW), passwordCost: TEST_PASSWORD_COST, jobs: false, ...(log ? { logStream: { write: log } } : {}) }).catch(
    async (error: unknown) => {
      // an app that does not start (a bad theme, a bad setting) leaves no database open behind it
      await dispose()
      rmSync(dataDir, { recursive: true, force: true })
      throw error
    },
  )
  const close = async () => {
    await app.close()
    await dispose()
    rmSync(dataDir, { recursive: true, force: true })
  }
  t?.after(close)
  // the full handle stays with the test that opened it (the app itself holds the public one only)
  return Object.assign(app, { dispose: close, full: handle.full })
}

/** Two list channels and a section, enough for most tests. */
export async function seedChannels(app: App): Promise<void> {
  const at = TEST_NOW.toISOString()
  const base = { seo_title: '', seo_keywords: '', seo_description: '', page_size: 2, vip_level: 0, created_at: at, updated_at: at, link_url: null, weight: 0 }
  await insertChannel(app.services.handle.db, { ...base, parent_id: null, kind: 'list', name: '讲话稿', slug: 'speeches' })
  const section = await insertChannel(app.services.handle.db, { ...base, parent_id: null, kind: 'section', name: '党建', slug: 'party' })
  await insertChannel(app.services.handle.db, { ...base, parent_id: section, kind: 'list', name: '党课', slug: 'lessons' })
  await insertChannel(app.services.handle.db, { ...base, parent_id: null, kind: 'link', name: '外链', slug: 'outside', link_url: 'https://example.com/' })
  await app.services.contentChanged()
}
