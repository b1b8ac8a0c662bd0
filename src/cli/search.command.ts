import { announceChange } from '../platform/changes/announce.ts'
import { readSettings, toSiteSettings, writeSetting } from '../content/index.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { indexStatus, parseTerms } from '../search/index.ts'
import { parseArgs } from './args.ts'
import { runReindex } from './reindex-run.ts'

export const SEARCH_USAGE = `用法 / usage:
  inkgate search reindex [--restart] [--workers N]   重建搜索索引；中断后再次运行从断点继续（--restart 清空后从头重建，期间搜索无结果）
  inkgate search status                              索引是否与当前词典一致
  inkgate search terms [list]                        列出站点词典
  inkgate search terms add 词语...                   加入站点词典（之后需要 reindex）
  inkgate search terms remove 词语...                从站点词典删除（之后需要 reindex）`

export async function runSearch(argv: string[], config: AppConfig, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['restart', 'help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${SEARCH_USAGE}`)
    return 2
  }
  const [sub, ...rest] = args.positional
  if (args.options.has('help') || !sub) {
    console.error(SEARCH_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const workersText = args.options.get('workers')
  const workers = typeof workersText === 'string' ? Number(workersText) : undefined
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 16)) {
    console.error(`--workers 应为 0 到 16 的整数 / --workers must be an integer from 0 to 16: ${String(workersText)}`)
    return 2
  }
  const handle = await createDb(config.database)
  try {
    const settings = toSiteSettings(await readSettings(handle.db))
    const siteTerms = settings.searchTerms ? [settings.searchTerms] : []
    switch (sub) {
      case 'reindex': {
        const { result, size } = await runReindex(handle, config, out, { ...(args.options.has('restart') ? { restart: true } : {}), ...(workers !== undefined ? { workers } : {}) })
        out.write(
          `✓ 已索引 ${result.indexed} 篇${result.resumedFrom ? `（从第 ${result.resumedFrom} 篇处继续）` : ''}，清除 ${result.removed} 条失效索引，用时 ${result.seconds.toFixed(1)} 秒，索引 ${(size / 1048576).toFixed(1)} MB（词典版本 ${result.version}）\n` +
            `  等待分词 ${result.phases.segmentWait.toFixed(1)} 秒 · 写入 ${result.phases.write.toFixed(1)} 秒 · 清理 ${result.phases.orphans.toFixed(1)} 秒 · 合并 ${result.phases.optimize.toFixed(1)} 秒\n`,
        )
        return 0
      }
      case 'status': {
        const s = await indexStatus(handle.db, siteTerms)
        out.write(
          s.unfinished
            ? `索引重建未完成：运行 inkgate search reindex 继续。\n`
            : s.stale
              ? `站点词典已改变（索引版本 ${s.indexedWith}，当前 ${s.version}）：运行 inkgate search reindex。\n`
              : `索引与当前词典一致（版本 ${s.indexedWith}）。\n`,
        )
        return s.stale || s.unfinished ? 1 : 0
      }
      case 'terms': {
        const [action = 'list', ...words] = rest
        const current = parseTerms(settings.searchTerms)
        if (action === 'list') {
          out.write(current.length ? `${current.join('\n')}\n` : '（站点词典为空）\n')
          return 0
        }
        if ((action !== 'add' && action !== 'remove') || !words.length) {
          console.error(SEARCH_USAGE)
          return 2
        }
        const given = parseTerms(words.join('\n'))
        const next = action === 'add' ? [...new Set([...current, ...given])] : current.filter((t) => !given.includes(t))
        await writeSetting(handle.db, 'searchTerms', next.join('\n'))
        await announceChange(handle.db, config)
        out.write(`站点词典现有 ${next.length} 个词。运行 inkgate search reindex 使已有文档按新词典索引。\n`)
        return 0
      }
      default:
        console.error(SEARCH_USAGE)
        return 2
    }
  } finally {
    await handle.close()
  }
}
