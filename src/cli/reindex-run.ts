import cliProgress from 'cli-progress'
import { readSettings, toSiteSettings } from '../content/index.ts'
import { grantIndexText } from '../paywall/index.ts'
import { announceChange } from '../platform/changes/announce.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import type { DbHandle } from '../platform/db/create-db.ts'
import { rankUnranked, reindex } from '../search/index.ts'
import { createWriteStack } from '../write-stack.ts'

/**
 * Builds the search index over every post, with a progress bar on a terminal,
 * ranks what it changed and tells the servers: `search reindex`, and the end of
 * `import-site` (an archive carries no index). It holds the full handle to grant
 * the index its paid text, as the composition root does.
 */
export async function runReindex(handle: DbHandle, config: AppConfig, out: NodeJS.WriteStream, options: { restart?: boolean; workers?: number; progress?: boolean; rank?: boolean } = {}) {
  const settings = toSiteSettings(await readSettings(handle.db))
  const stack = createWriteStack({ handle, previewShare: () => settings.previewShare, siteTerms: () => settings.searchTerms, now: () => new Date(), onChange: () => undefined })
  const bar =
    (options.progress ?? out.isTTY) ? new cliProgress.SingleBar({ format: ' 索引 {bar} {value}/{total} 篇 · {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
  let started = false
  const result = await reindex({
    db: handle.db,
    engine: stack.engine,
    indexText: grantIndexText(handle.full),
    siteTerms: settings.searchTerms ? [settings.searchTerms] : [],
    ...(options.restart ? { restart: true } : {}),
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    onProgress: (done, total) => {
      if (!bar) return
      if (!started) bar.start(total, done)
      started = true
      bar.update(done)
    },
  })
  bar?.stop()
  // a reindex drops the rankings of posts whose words changed: ranked again before the servers hear of it. A whole
  // site brought in (a migration, an archive) is left to the servers' job, never-ranked first: ranking 100,000 posts
  // here would take longer than bringing them
  if (options.rank !== false) await rankUnranked(handle.db, stack.engine, new Date())
  // the servers read the index format again (phrases leave titles-only once paid words are kept apart)
  await announceChange(handle.db, config)
  return { result, size: await stack.engine.size(handle.db) }
}
