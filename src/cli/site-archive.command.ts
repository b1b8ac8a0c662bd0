import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { create as createTar, extract as extractTar } from 'tar'
import { createLocalFileStore } from '../media/index.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { ArchiveError, dumpSite, loadSite, type ArchiveFiles } from '../platform/db/archive/site-archive.ts'
import { createDb, type DbHandle } from '../platform/db/create-db.ts'
import { parseArgs } from './args.ts'
import { runReindex } from './reindex-run.ts'

export const SITE_ARCHIVE_USAGE = `用法 / usage:
  inkgate export --out site.tar.gz [--with-password-hashes]
      把整站写入一个归档：设置、栏目、文章及源文、标签、会员、购买、订单、VIP、余额流水、上传文件（格式见 docs/site-archive.md）。
      会员密码默认不导出（迁入后经「忘记密码」重设）；--with-password-hashes 连同密码哈希与两步验证一起导出（归档须妥善保管）。
  inkgate import-site site.tar.gz
      把归档载入一个新建的空站（SQLite 或 PostgreSQL，由 INKGATE_DATABASE_URL 决定），再重建搜索索引。`

/** The media store's files, as the archive reads and writes them. */
function mediaFiles(handle: DbHandle, config: AppConfig): ArchiveFiles {
  const store = createLocalFileStore(join(config.dataDir, 'media'))
  return {
    keys: async () => (await handle.db.selectFrom('media').select('key').orderBy('key').execute()).map((m) => m.key),
    open: async (key) => (await store.open(key))?.stream,
    put: async (key, stream) => store.commit(await store.stage(stream, Number.MAX_SAFE_INTEGER), key),
  }
}

/** `inkgate export`: 0 written, 1 failed, 2 usage. */
export async function runExport(argv: string[], config: AppConfig, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['with-password-hashes', 'help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${SITE_ARCHIVE_USAGE}`)
    return 2
  }
  const target = args.options.get('out')
  if (args.options.has('help') || typeof target !== 'string') {
    console.error(SITE_ARCHIVE_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const file = resolve(target)
  if (await stat(file).catch(() => undefined)) {
    console.error(`✗ ${file} 已存在，不会覆盖 / already exists: not overwritten`)
    return 1
  }
  const handle = await createDb(config.database)
  const dir = await mkdtemp(join(tmpdir(), 'inkgate-export-'))
  try {
    const passwordHashes = args.options.has('with-password-hashes')
    const manifest = await dumpSite(handle.full, handle.dialect, dir, mediaFiles(handle, config), { passwordHashes, now: new Date() })
    try {
      await createTar({ gzip: true, file, cwd: dir, portable: true }, ['inkgate-site.json', 'tables', 'uploads'])
    } catch (error) {
      console.error(`✗ 无法写入 ${file}：${(error as Error).message} / cannot write the archive`)
      return 1
    }
    const count = (name: string) => manifest.tables.find((t) => t.name === name)?.rows ?? 0
    out.write(
      `✓ 已导出到 ${file}（${((await stat(file)).size / 1048576).toFixed(1)} MB）：文章 ${count('posts')} 篇，栏目 ${count('channels')} 个，会员 ${count('members')} 人，订单 ${count('orders')} 笔，购买 ${count('purchases')} 条，上传文件 ${manifest.uploads} 个\n` +
        (passwordHashes ? '  含密码哈希与两步验证密钥：请像对待数据库备份一样保管此文件。\n' : '  未含密码：会员在新站经「忘记密码」重设（或导出时加 --with-password-hashes）。\n'),
    )
    return 0
  } finally {
    await rm(dir, { recursive: true, force: true })
    await handle.close()
  }
}

/** `inkgate import-site`: 0 loaded, 1 refused or failed, 2 usage. */
export async function runImportSite(argv: string[], config: AppConfig, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${SITE_ARCHIVE_USAGE}`)
    return 2
  }
  const [source] = args.positional
  if (args.options.has('help') || !source) {
    console.error(SITE_ARCHIVE_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const file = resolve(source)
  const dir = await mkdtemp(join(tmpdir(), 'inkgate-import-'))
  try {
    try {
      await extractTar({ file, cwd: dir, strict: true })
    } catch (error) {
      console.error(`✗ 无法读取归档 ${file}：${(error as Error).message} / cannot read the archive`)
      return 1
    }
    const handle = await createDb(config.database)
    try {
      const report = await loadSite(handle.full, handle.dialect, dir, mediaFiles(handle, config))
      const count = (name: string) => report.tables.find((t) => t.name === name)?.rows ?? 0
      out.write(
        `✓ 已载入：文章 ${count('posts')} 篇，栏目 ${count('channels')} 个，会员 ${count('members')} 人，订单 ${count('orders')} 笔，购买 ${count('purchases')} 条，上传文件 ${report.uploads} 个\n`,
      )
      if (!report.passwordHashes) out.write('  归档未含密码：会员需经「忘记密码」重设后登录。\n')
      const { result } = await runReindex(handle, config, out, { rank: false })
      out.write(`✓ 搜索索引已重建：${result.indexed} 篇\n  相关文章由运行中的网站在后台逐步排好（每 2 秒 25 篇，未排过的先排）。\n`)
      return 0
    } catch (error) {
      if (error instanceof ArchiveError) {
        console.error(`✗ ${error.message}`)
        return 1
      }
      throw error
    } finally {
      await handle.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
