import type { MigrationReport } from './fastadmin/fastadmin-migration.ts'
import type { UploadsReport } from './site-in/bring-uploads.ts'
import type { SiteReport } from './site-in/write-imported-site.ts'
import { t as message } from '../platform/i18n/t.ts'

/** a compiler warning in the owner's words (the editor shows the same), its code kept for searching */
const warning = (code: string) => `${message('zh-CN', code)}（${code}）`

/** Why a row was left out, in the owner's words. */
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
  'email-invalid': '邮箱无效',
  deleted: '原站已删除',
  'no-html': '导出文件里没有 HTML 正文',
}

const t = (x: { created: number; updated: number; skipped: number }) => `新建 ${x.created}，更新 ${x.updated}，跳过 ${x.skipped}`

/** The report in the owner's words: counts per kind, then each row left out with its reason. */
export function describeReport(r: MigrationReport, seconds: number): string[] {
  const lines = [
    r.dryRun ? '试运行（没有写入任何内容）：' : `迁移完成，用时 ${seconds.toFixed(1)} 秒：`,
    `  会员：${t(r.members)}；余额迁入 ${r.balances} 人`,
    `  栏目：${t(r.channels)}`,
    `  文档：${t(r.posts)}（其中隐藏 ${r.posts.hidden}，回收站 ${r.posts.trashed}，付费标记有问题 ${r.posts.withWarnings}，带模型自定义字段 ${r.posts.withFields}（仅后台编辑可见））`,
    `  订单：${t(r.orders)}；游客订单 ${r.orders.guest}`,
    `  旧网址：${r.legacyUrls} 个，301 跳转到新网址`,
  ]
  const absent = Object.entries(r.notBrought).filter(([, n]) => n > 0)
  if (absent.length) lines.push(`  暂未迁移（本站还没有这些功能）：${absent.map(([table, n]) => `${table} ${n} 条`).join('，')}`)
  for (const w of r.warnings.slice(0, 200)) lines.push(`  ⚠ 文档 #${w.id}：${w.codes.map(warning).join('；')}`)
  for (const s of r.skipped.slice(0, 500)) lines.push(`  ✗ ${s.kind} #${s.id}：${REASONS[s.reason] ?? s.reason}`)
  if (r.skipped.length > 500) lines.push(`  ……另有 ${r.skipped.length - 500} 条跳过`)
  return lines
}

export function describeSiteReport(engine: string, r: SiteReport, uploads: UploadsReport | undefined, seconds: number): string[] {
  const lines = [
    r.dryRun ? `试运行（没有写入任何内容）：${engine}` : `迁移完成（${engine}），用时 ${seconds.toFixed(1)} 秒：`,
    `  作者：${t(r.authors)}（无密码，经「忘记密码」设置）`,
    `  栏目：${t(r.channels)}`,
    `  文章：${t(r.posts)}（其中付费 ${r.posts.paid}，草稿 ${r.posts.drafts}，隐藏 ${r.posts.hidden}，回收站 ${r.posts.trashed}，付费标记有问题 ${r.posts.withWarnings}）`,
    `  会员：${t(r.members)}；VIP ${r.members.vip} 人`,
    `  旧网址：${r.legacyUrls} 个，301 跳转到新网址`,
  ]
  if (uploads) lines.push(...describeUploads(uploads))
  const absent = Object.entries(r.notBrought).filter(([, n]) => n > 0)
  if (absent.length) lines.push(`  暂未迁移（本站还没有这些功能）：${absent.map(([kind, n]) => `${kind} ${n} 条`).join('，')}`)
  for (const w of r.warnings.slice(0, 200)) lines.push(`  ⚠ 文章 ${w.id}：${w.codes.map(warning).join('；')}`)
  for (const s of r.skipped.slice(0, 500)) lines.push(`  ✗ ${s.kind} ${s.id}：${REASONS[s.reason] ?? s.reason}`)
  if (r.skipped.length > 500) lines.push(`  ……另有 ${r.skipped.length - 500} 条跳过`)
  return lines
}

/** the files copied from the old uploads folder, and each one missing there */
export function describeUploads(u: UploadsReport): string[] {
  return [`  上传文件：复制 ${u.copied}，已存在 ${u.reused}，缺失 ${u.missing.length}`, ...u.missing.slice(0, 200).map((m) => `  ✗ 文件不在上传目录中：${m}`)]
}
