import cliProgress from 'cli-progress'
import { readSettings, toSiteSettings } from '../content/index.ts'
import { migrateFastadmin } from '../migrate/fastadmin/fastadmin-migration.ts'
import { describeReport, describeUploads } from '../migrate/report-words.ts'
import { createUploadCopier } from '../migrate/site-in/bring-uploads.ts'
import { grantCustomFieldsWriter } from '../paywall/index.ts'
import { createLocalFileStore, createMediaService } from '../media/index.ts'
import { join, resolve } from 'node:path'
import { defaultRules, rulesFromConfig, type UrlRules } from '../migrate/fastadmin/fastadmin-rows.ts'
import { readFile } from 'node:fs/promises'
import { FastadminSource } from '../migrate/fastadmin/fastadmin-source.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { createWriteStack } from '../write-stack.ts'
import { operator, parseArgs } from './args.ts'
import { MIGRATE_SITE_USAGE, runSiteMigration } from './migrate-site.command.ts'
import { runReindex } from './reindex-run.ts'

export const MIGRATE_USAGE = `用法 / usage: inkgate migrate fastadmin --from mysql://用户:密码@主机:3306/库名 [--prefix fa_] [--root] [--dry-run] [--uploads /旧站/public/uploads [--url https://旧站]]
                                [--archive-url /cms/[:catename]/[:id]] [--channel-url /cms/[:diyname]] [--tag-url /cms/t/[:diyname]] [--suffix .html]
                                [--rewrite-config addons/cms/config.php]
  从 FastAdmin CMS 1.5.x 迁入：会员（原密码可直接登录）、栏目、文档（付费标记照旧）、标签、已支付订单、余额，旧网址 301 跳转到新网址。
  --root：CMS 绑定在网站根目录（网址没有 /cms 前缀）；--*-url：网站自定义的伪静态规则；--rewrite-config：从旧站 CMS 插件配置文件的副本读取伪静态规则。再次运行会更新已迁入的内容，不会重复。
  --dry-run：只读取并报告，不写入。--uploads：旧站的 public/uploads 目录，文章与封面引用的文件复制进媒体库并改写地址（--url：旧站地址，用于写成绝对地址的引用）。
${MIGRATE_SITE_USAGE}`

/** `inkgate migrate <engine>`: returns the exit code (0 done, 1 it failed, 2 usage). */
export async function runMigrate(argv: string[], config: AppConfig, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['dry-run', 'root', 'help', 'quiet'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${MIGRATE_USAGE}`)
    return 2
  }
  const [engine] = args.positional
  if (!args.options.has('help') && (engine === 'wordpress' || engine === 'ghost') && args.positional[1]) return runSiteMigration(engine, args, config, out)
  const from = args.options.get('from')
  if (args.options.has('help') || engine !== 'fastadmin' || typeof from !== 'string') {
    console.error(MIGRATE_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const text = (name: string) => (typeof args.options.get(name) === 'string' ? (args.options.get(name) as string) : undefined)
  let base = defaultRules(args.options.has('root'))
  const configFile = text('rewrite-config')
  if (configFile) {
    try {
      base = rulesFromConfig(await readFile(resolve(configFile), 'utf8'), base)
    } catch (error) {
      console.error(`✗ 无法读取伪静态配置 ${configFile}：${(error as Error).message}`)
      return 1
    }
  }
  const rules: UrlRules = { archive: text('archive-url') ?? base.archive, channel: text('channel-url') ?? base.channel, tag: text('tag-url') ?? base.tag, suffix: text('suffix') ?? base.suffix }
  const dryRun = args.options.has('dry-run')

  let source: FastadminSource
  try {
    source = await FastadminSource.open(from, text('prefix') ?? 'fa_')
  } catch (error) {
    console.error(`✗ 无法连接 FastAdmin 数据库：${(error as Error).message}`)
    return 1
  }
  const handle = await createDb(config.database)
  try {
    const settings = toSiteSettings(await readSettings(handle.db))
    // the search index is built once at the end, on both cores, rather than post by post
    const { posts } = createWriteStack({ handle, previewShare: () => settings.previewShare, siteTerms: () => settings.searchTerms, now: () => new Date(), onChange: () => undefined, index: false })
    const bar = out.isTTY && !args.options.has('quiet') ? new cliProgress.SingleBar({ format: ' 文档 {bar} {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
    let started = false
    const actor = operator()
    const t0 = Date.now()
    const folder = text('uploads')
    const uploads = folder
      ? createUploadCopier(
          {
            db: handle.db,
            media: createMediaService({
              db: handle.db,
              store: createLocalFileStore(join(config.dataDir, 'media')),
              limits: { image: config.uploads.imageBytes, file: config.uploads.fileBytes },
              now: () => new Date(),
            }),
            actor,
          },
          { prefixes: ['/uploads/', ...(text('url') ? [`${(text('url') as string).replace(/\/+$/, '')}/uploads/`] : [])], folder: resolve(folder), dryRun },
        )
      : undefined
    const report = await migrateFastadmin(
      {
        db: handle.db,
        posts,
        actor,
        now: () => new Date(),
        ...(uploads ? { uploads } : {}),
        // a model's own columns may hold paid links: kept in a paywall table, for the posts' editors
        keepFields: grantCustomFieldsWriter(handle.full),
        onProgress: (done, total) => {
          if (!started) bar?.start(total, 0)
          started = true
          bar?.update(done)
        },
      },
      source,
      { rules, dryRun },
    )
    bar?.stop()
    const seconds = (Date.now() - t0) / 1000
    if (!dryRun) {
      const t1 = Date.now()
      // ranks related posts and tells the servers too
      const { result } = await runReindex(handle, config, out, { progress: bar !== undefined, rank: false })
      out.write(`搜索索引已重建：${result.indexed} 篇，用时 ${((Date.now() - t1) / 1000).toFixed(1)} 秒\n  相关文章由运行中的网站在后台逐步排好（每 2 秒 25 篇，未排过的先排）。\n`)
      await recordAudit(handle.db, actor, new Date(), {
        action: 'site.migrate',
        target: 'fastadmin',
        detail: { channels: report.channels, posts: report.posts, members: report.members, orders: report.orders, legacyUrls: report.legacyUrls },
      })
    }
    for (const line of describeReport(report, seconds)) out.write(`${line}\n`)
    if (uploads) for (const line of describeUploads(uploads.report)) out.write(`${line}\n`)
    return 0
  } catch (error) {
    console.error(`✗ 迁移中断：${(error as Error).message}（再次运行会从已迁入的内容继续）`)
    return 1
  } finally {
    await source.close()
    await handle.close()
  }
}
