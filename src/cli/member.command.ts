import { readFileSync } from 'node:fs'
import { createDbSessionStore, createLoginThrottle, createMemberService, createSessionService, findMemberForLogin, ROLES, type Role } from '../members/index.ts'
import { createMemoryCounter } from '../platform/rate-limit/counter.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createDb } from '../platform/db/create-db.ts'
import { operator, parseArgs, reportAppError } from './args.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'

export const MEMBER_USAGE = `用法 / usage:
  inkgate member create <用户名> [--email 邮箱] [--role member|author|editor|admin] < 密码（标准输入的第一行）
  inkgate member role <用户名或邮箱> <member|author|editor|admin>
  第一位管理员：echo '密码' | npx inkgate member create admin --role admin`

/** `inkgate member`: accounts from the command line (the first admin above all). */
export async function runMember(argv: string[], config: AppConfig, out: NodeJS.WritableStream = process.stdout, stdin = () => readFileSync(0, 'utf8')): Promise<number> {
  let args
  try {
    args = parseArgs(argv, ['help'])
  } catch (error) {
    console.error(`${(error as Error).message}\n${MEMBER_USAGE}`)
    return 2
  }
  const [sub, name, roleArg] = args.positional
  const role = (sub === 'role' ? roleArg : args.options.get('role')) ?? 'member'
  if (args.options.has('help') || !name || (sub !== 'create' && sub !== 'role') || typeof role !== 'string' || !ROLES.includes(role as Role)) {
    console.error(MEMBER_USAGE)
    return args.options.has('help') ? 0 : 2
  }
  const handle = await createDb(config.database)
  try {
    const sessions = createSessionService({ db: handle.db, store: createDbSessionStore(handle.db), now: () => new Date() })
    const members = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now: () => new Date() })
    if (sub === 'create') {
      // the password comes on standard input, never in argv (which other users can see in ps)
      const password = stdin().split(/\r?\n/)[0] ?? ''
      const email = args.options.get('email')
      const m = await members.register({ username: name, password, role: role as Role, ...(typeof email === 'string' ? { email } : {}) })
      // an account made from the shell is a staff action (often the first admin): recorded like one
      await recordAudit(handle.db, operator(), new Date(), { action: 'member.create', target: `member:${m.id}`, detail: { username: m.username, after: { role: m.role } } })
      out.write(`✓ 已创建${m.role === 'member' ? '会员' : `（${m.role}）`} ${m.username}，编号 ${m.id}\n`)
      return 0
    }
    const m = await findMemberForLogin(handle.db, name)
    if (!m) {
      console.error(`找不到会员：${name}`)
      return 1
    }
    await members.setRole(operator(), m.id, role as Role)
    out.write(`✓ ${m.username} 的角色：${m.role} → ${role}\n`)
    return 0
  } catch (error) {
    return reportAppError(error)
  } finally {
    await handle.close()
  }
}
