import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import cliProgress from 'cli-progress'
import { readSettings, toSiteSettings } from '../content/index.ts'
import { createLocalFileStore, createMediaService } from '../media/index.ts'
import { GhostError, GHOST_URL, readGhost, readGhostMembers } from '../migrate/ghost/ghost-site.ts'
import { bringUploads, type UploadsReport } from '../migrate/site-in/bring-uploads.ts'
import type { ImportedSite } from '../migrate/site-in/imported-site.ts'
import { writeImportedSite } from '../migrate/site-in/write-imported-site.ts'
import { describeSiteReport } from '../migrate/report-words.ts'
import { readWxr, WxrError } from '../migrate/wordpress/wxr-site.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { createWriteStack } from '../write-stack.ts'
import { operator, type ParsedArgs } from './args.ts'
import { runReindex } from './reindex-run.ts'

export const MIGRATE_SITE_USAGE = `  inkgate migrate wordpress export.xml [--uploads /旧站/wp-content/uploads] [--dry-run]
      从 WordPress 导出文件（WXR）迁入：文章与页面、分类（作为栏目）、标签、作者（无密码，经「忘记密码」设置）、
      发布状态与时间、<!--more--> 摘要，付费插件短代码（[membership] [restrict] [mepr-show]）作为付费区，旧固定链接 301。
  inkgate migrate ghost export.json [--members members.csv] [--url https://旧站] [--uploads /旧站/content/images] [--dry-run]
      从 Ghost 导出文件迁入：文章与页面（html）、标签、作者、可见性（public / members / paid / tiers）作为阅读权限，
      付费卡片 <!--members-only--> 之后为付费区；--members：会员 CSV，付费与赠送会员成为 VIP（到期日照旧）；旧网址 301。`

/** `inkgate migrate wordpress|ghost <file>`: 0 done, 1 failed, 2 usage. */
export async function runSiteMigration(engine: 'wordpress' | 'ghost', args: ParsedArgs, config: AppConfig, out: NodeJS.WriteStream): Promise<number> {
  const text = (name: string) => (typeof args.options.get(name) === 'string' ? (args.options.get(name) as string) : undefined)
  const file = args.positional[1]
  if (!file) {
    console.error(MIGRATE_SITE_USAGE)
    return 2
  }
  const dryRun = args.options.has('dry-run')
  let site: ImportedSite
  try {
    const raw = await readFile(resolve(file), 'utf8')
    if (engine === 'wordpress') site = readWxr(raw)
    else {
      site = readGhost(raw, { ...(text('url') ? { url: text('url') as string } : {}) })
      const csv = text('members')
      if (csv) {
        const read = readGhostMembers(await readFile(resolve(csv), 'utf8'), new Date())
        site.members = read.members
        site.skipped.push(...read.skipped)
      }
    }
  } catch (error) {
    if (error instanceof WxrError || error instanceof GhostError) console.error(`✗ ${error.message}`)
    else console.error(`✗ 无法读取 ${file}：${(error as Error).message}`)
    return 1
  }

  const handle = await createDb(config.database)
  try {
    const settings = toSiteSettings(await readSettings(handle.db))
    // the search index is built once at the end, on both cores, rather than post by post
    const { posts } = createWriteStack({ handle, previewShare: () => settings.previewShare, siteTerms: () => settings.searchTerms, now: () => new Date(), onChange: () => undefined, index: false })
    const actor = operator()
    const t0 = Date.now()
    const folder = text('uploads')
    let uploads: UploadsReport | undefined
    if (folder) {
      const media = createMediaService({
        db: handle.db,
        store: createLocalFileStore(join(config.dataDir, 'media')),
        limits: { image: config.uploads.imageBytes, file: config.uploads.fileBytes },
        now: () => new Date(),
      })
      const prefixes = engine === 'ghost' ? [`${GHOST_URL}/content/images/`, ...(text('url') ? [`${text('url')}/content/images/`] : [])] : uploadPrefixes(site)
      uploads = await bringUploads({ db: handle.db, media, actor }, site, { prefixes, folder: resolve(folder), dryRun })
    }
    const bar = out.isTTY ? new cliProgress.SingleBar({ format: ' 文章 {bar} {value}/{total}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined
    bar?.start(site.posts.length, 0)
    const report = await writeImportedSite({ db: handle.db, posts, actor, now: () => new Date(), onProgress: (done) => bar?.update(done) }, site, { dryRun })
    bar?.stop()
    const seconds = (Date.now() - t0) / 1000
    if (!dryRun) {
      // ranks related posts and tells the servers too
      const { result } = await runReindex(handle, config, out, { rank: false })
      out.write(`搜索索引已重建：${result.indexed} 篇\n  相关文章由运行中的网站在后台逐步排好（每 2 秒 25 篇，未排过的先排）。\n`)
      await recordAudit(handle.db, actor, new Date(), {
        action: 'site.migrate',
        target: engine,
        detail: { channels: report.channels, posts: report.posts, members: report.members, legacyUrls: report.legacyUrls },
      })
    }
    for (const line of describeSiteReport(engine, report, uploads, seconds)) out.write(`${line}\n`)
    return 0
  } catch (error) {
    console.error(`✗ 迁移中断：${(error as Error).message}（再次运行会从已迁入的内容继续）`)
    return 1
  } finally {
    await handle.close()
  }
}

/** A WordPress site's uploads address: the site's own, as its posts' links give it. */
function uploadPrefixes(site: ImportedSite): string[] {
  const hosts = new Set<string>()
  for (const p of site.posts)
    for (const m of p.html.matchAll(/(https?:\/\/[^/"'\s]+)\/wp-content\/uploads\//g)) {
      hosts.add(m[1] as string)
      if (hosts.size > 20) break
    }
  return [...hosts].map((h) => `${h}/wp-content/uploads/`)
}
