import cliProgress from 'cli-progress'
import { readSettings, toSiteSettings } from '../content/index.ts'
import { migrateFastadmin, type MigrationReport } from '../migrate/fastadmin/fastadmin-migration.ts'
import { defaultRules, type UrlRules } from '../migrate/fastadmin/fastadmin-rows.ts'
import { FastadminSource } from '../migrate/fastadmin/fastadmin-source.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { createWriteStack } from '../write-stack.ts'
import { operator, parseArgs } from './args.ts'
import { MIGRATE_SITE_USAGE, runSiteMigration } from './migrate-site.command.ts'
import { runReindex } from './reindex-run.ts'

export const MIGRATE_USAGE = `用法 / usage: inkgate migrate fastadmin --from mysql://用户:密码@主机:3306/库名 [--prefix fa_] [--root] [--dry-run]
                                [--archive-url /cms/[:catename]/[:id]] [--channel-url /cms/[:diyname]] [--tag-url /cms/t/[:diyname]] [--suffix .html]
  从 FastAdmin CMS 1.5.x 迁入：会员（原密码可直接登录）、栏目、文档（付费标记照旧）、标签、已支付订单、余额，旧网址 301 跳转到新网址。
  --root：CMS 绑定在网站根目录（网址没有 /cms 前缀）；--*-url：网站自定义的伪静态规则。再次运行会更新已迁入的内容，不会重复。
  --dry-run：只读取并报告，不写入。
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
  const base = defaultRules(args.options.has('root'))
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
    const report = await migrateFastadmin(
      {
        db: handle.db,
        posts,
        actor,
        now: () => new Date(),
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
      const { result } = await runReindex(handle, config, out, { progress: bar !== undefined })
      out.write(`搜索索引已重建：${result.indexed} 篇，用时 ${((Date.now() - t1) / 1000).toFixed(1)} 秒\n`)
      await recordAudit(handle.db, actor, new Date(), {
        action: 'site.migrate',
        target: 'fastadmin',
        detail: { channels: report.channels, posts: report.posts, members: report.members, orders: report.orders, legacyUrls: report.legacyUrls },
      })
    }
    for (const line of describeReport(report, seconds)) out.write(`${line}\n`)
    return 0
  } catch (error) {
    console.error(`✗ 迁移中断：${(error as Error).message}（再次运行会从已迁入的内容继续）`)
    return 1
  } finally {
    await source.close()
    await handle.close()
  }
}

const REASONS: Record<string, string> = {
  'channel-not-migrated': '所属栏目没有迁入',
  'no-body-in-model-table': '模型附表里没有正文',
  'link-not-followable': '外链地址不安全或无效',
  'guest-order': '游客订单（FastAdmin 按 IP 认定，无法对应到读者）',
  'member-not-migrated': '买家没有迁入',
  'post-not-migrated': '文档没有迁入',
  'username-taken': '用户名已被本站其他会员使用',
  'email-taken': '邮箱已被本站其他会员使用',
  'username-empty': '用户名为空',
}

/** The report in the owner's words: counts per kind, then each row left out with its reason. */
export function describeReport(r: MigrationReport, seconds: number): string[] {
  const t = (x: { created: number; updated: number; skipped: number }) => `新建 ${x.created}，更新 ${x.updated}，跳过 ${x.skipped}`
  const lines = [
    r.dryRun ? '试运行（没有写入任何内容）：' : `迁移完成，用时 ${seconds.toFixed(1)} 秒：`,
    `  会员：${t(r.members)}；余额迁入 ${r.balances} 人`,
    `  栏目：${t(r.channels)}`,
    `  文档：${t(r.posts)}（其中隐藏 ${r.posts.hidden}，回收站 ${r.posts.trashed}，付费标记有问题 ${r.posts.withWarnings}）`,
    `  订单：${t(r.orders)}；游客订单 ${r.orders.guest}`,
    `  旧网址：${r.legacyUrls} 个，301 跳转到新网址`,
  ]
  const absent = Object.entries(r.notBrought).filter(([, n]) => n > 0)
  if (absent.length) lines.push(`  暂未迁移（本站还没有这些功能）：${absent.map(([table, n]) => `${table} ${n} 条`).join('，')}`)
  for (const w of r.warnings.slice(0, 200)) lines.push(`  ⚠ 文档 #${w.id}：${w.codes.join(', ')}`)
  for (const s of r.skipped.slice(0, 500)) lines.push(`  ✗ ${s.kind} #${s.id}：${REASONS[s.reason] ?? s.reason}`)
  if (r.skipped.length > 500) lines.push(`  ……另有 ${r.skipped.length - 500} 条跳过`)
  return lines
}
