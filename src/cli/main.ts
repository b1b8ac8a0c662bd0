import { loadConfigOrReport, type ConfigScope } from '../platform/config/load-config.ts'
import { IMPORT_USAGE, runImport } from './import.command.ts'
import { COMMERCE_USAGE, runCommerce } from './commerce.command.ts'
import { MEMBER_USAGE, runMember } from './member.command.ts'
import { SEARCH_USAGE, runSearch } from './search.command.ts'
import { MIGRATE_USAGE, runMigrate } from './migrate.command.ts'
import { SITE_ARCHIVE_USAGE, runExport, runImportSite } from './site-archive.command.ts'

const USAGE = `inkgate <command>
  import <文件或文件夹>...   导入 .txt/.md/.html 文档（inkgate import --help 查看选项）
  search <子命令>            搜索索引与站点词典（inkgate search --help）
  member <子命令>            创建会员或管理员、改角色（inkgate member --help）
  vip | order | grant | revoke  会员套餐、订单与退款、手动授权（inkgate order --help）
  migrate fastadmin ...      从 FastAdmin CMS 迁入整站（inkgate migrate --help）
  export | import-site       整站导出为归档、载入空站（换数据库引擎亦用此法）

${IMPORT_USAGE}

${SEARCH_USAGE}

${MEMBER_USAGE}

${COMMERCE_USAGE}

${MIGRATE_USAGE}

${SITE_ARCHIVE_USAGE}`

/** What each command reads of the configuration: only that is checked (an import needs no cookie secret). */
const SCOPES: Record<string, ConfigScope> = {
  import: 'database',
  search: 'database',
  member: 'database',
  vip: 'commerce',
  order: 'commerce',
  grant: 'commerce',
  revoke: 'commerce',
  migrate: 'database',
  export: 'database',
  'import-site': 'database',
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  const scope = command === undefined ? undefined : SCOPES[command]
  if (!scope) {
    console.error(USAGE)
    return command === undefined || command === '--help' ? 0 : 2
  }
  const config = loadConfigOrReport(process.env, scope)
  if (!config) return 2
  switch (command) {
    case 'import':
      return runImport(rest, config)
    case 'search':
      return runSearch(rest, config)
    case 'member':
      return runMember(rest, config)
    case 'migrate':
      return runMigrate(rest, config)
    case 'export':
      return runExport(rest, config)
    case 'import-site':
      return runImportSite(rest, config)
    case 'vip':
    case 'order':
    case 'grant':
    case 'revoke':
      return runCommerce(command, rest, config)
    default:
      console.error(USAGE)
      return command === undefined || command === '--help' ? 0 : 2
  }
}

process.exitCode = await main(process.argv.slice(2))
