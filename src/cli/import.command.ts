import { rankUnranked } from '../search/index.ts'
import { announceChange } from '../platform/changes/announce.ts'
import cliProgress from 'cli-progress'
import { readSettings, toSiteSettings } from '../content/index.ts'
import { collectFiles, createChannelsForFolders, importFiles, type ImportOutcome } from '../content/import/import.service.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { t, type Locale } from '../platform/i18n/t.ts'
import { parseYuan } from '../shared/money.ts'
import { createWriteStack } from '../write-stack.ts'
import { operator, parseArgs } from './args.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'

export const IMPORT_USAGE = `用法 / usage: inkgate import <文件或文件夹>... [--channel 栏目别名] [--price 9.90] [--status published|draft|hidden] [--create-channels] [--quiet]
  .txt / .md / .html 文件；标题取第一行非空文字，其下的“（2篇）”行并入标题；文件开头可写 YAML 头（title, slug, channel, price, tags, flags, access）。
  不写 --channel 时，栏目取文件所在文件夹的名字。再次导入同一文件会更新原文档。`

const BAR_THRESHOLD = 50

/** `inkgate import`: returns the process exit code (0 all imported, 1 some failed, 2 usage). */
export async function runImport(argv: string[], config: AppConfig, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['create-channels', 'quiet', 'help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${IMPORT_USAGE}`)
    return 2
  }
  if (args.options.has('help') || args.positional.length === 0) {
    console.error(IMPORT_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const locale: Locale = 'zh-CN'
  const priceText = args.options.get('price')
  const price = typeof priceText === 'string' ? parseYuan(priceText) : undefined
  if (typeof priceText === 'string' && price === undefined) {
    console.error(t(locale, 'IMPORT_BAD_PRICE', { price: priceText }))
    return 2
  }
  const status = args.options.get('status')
  if (status !== undefined && status !== 'published' && status !== 'draft' && status !== 'hidden') {
    console.error(t(locale, 'IMPORT_BAD_FIELD', { field: '--status', detail: 'published, draft, hidden' }))
    return 2
  }
  const channel = args.options.get('channel')
  const { files, missing } = collectFiles(args.positional)
  for (const path of missing) console.error(`✗ ${t(locale, 'IMPORT_MISSING', { path })}`)

  const handle = await createDb(config.database)
  try {
    const settings = toSiteSettings(await readSettings(handle.db))
    const { posts, engine } = createWriteStack({ handle, previewShare: () => settings.previewShare, siteTerms: () => settings.searchTerms, now: () => new Date(), onChange: () => undefined })
    const madeChannels = args.options.has('create-channels') ? await createChannelsForFolders(handle.db, files, typeof channel === 'string' ? channel : undefined, new Date().toISOString()) : []
    for (const c of madeChannels) out.write(`+ 新建栏目 ${c.name}（/c/${c.slug}）\n`)
    const quiet = args.options.has('quiet')
    const bar = files.length >= BAR_THRESHOLD && out.isTTY ? new cliProgress.MultiBar({ format: ' {bar} {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
    const progress = bar?.create(files.length, 0, { file: '' })
    const print = (line: string) => (bar ? bar.log(`${line}\n`) : out.write(`${line}\n`))
    const started = Date.now()
    const actor = operator()
    const outcomes = await importFiles(
      actor,
      { posts, db: handle.db },
      files,
      { ...(typeof channel === 'string' ? { channelSlug: channel } : {}), ...(price !== undefined ? { price } : {}), ...(status ? { status } : {}), channelFromFolder: true },
      (o) => {
        progress?.increment(1, { file: o.file.slice(-40) })
        if (o.status === 'failed' || !quiet || o.warnings.length) for (const line of describe(o, locale)) print(line)
      },
    )
    bar?.stop()
    const count = (s: ImportOutcome['status']) => outcomes.filter((o) => o.status === s).length
    // related posts ranked now for every post just imported: the site is at full speed at once
    const ranked = await rankUnranked(handle.db, engine, new Date())
    if (ranked) out.write(`已为 ${ranked} 篇文档排好相关文章。\n`)
    // every running server drops its pages and lists, once for the whole import
    if (madeChannels.length + count('created') + count('updated') > 0) await announceChange(handle.db, config)
    // one audit row for the run: who imported how much (posts are not audited one by one from the shell)
    await recordAudit(handle.db, actor, new Date(), {
      action: 'post.import',
      target: `files:${files.length}`,
      detail: { created: count('created'), updated: count('updated'), failed: count('failed') + missing.length, channelsMade: madeChannels.length },
    })
    out.write(`导入完成：新建 ${count('created')}，更新 ${count('updated')}，失败 ${count('failed') + missing.length}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。\n`)
    return count('failed') + missing.length > 0 ? 1 : 0
  } finally {
    await handle.close()
  }
}

function describe(o: ImportOutcome, locale: Locale): string[] {
  if (o.status === 'failed') return [`✗ ${o.file}: ${t(locale, o.code, o.params)}`]
  const verb = o.status === 'created' ? '新建' : '更新'
  return [`✓ ${verb} ${o.file} → /p/${o.slug} 「${o.title}」`, ...o.warnings.map((w) => `  ⚠ ${t(locale, w.code, w.params ?? {})}`)]
}
