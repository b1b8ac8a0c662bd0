import { userInfo } from 'node:os'
import type { Actor } from '../platform/access/actor.ts'
import { AppError } from '../platform/http/app-error.ts'
import { t } from '../platform/i18n/t.ts'

/** A small argv parser: positional arguments and --name value / --name=value / --flag. */
export interface ParsedArgs {
  positional: string[]
  options: Map<string, string | true>
}

export function parseArgs(argv: string[], flags: readonly string[]): ParsedArgs {
  const positional: string[] = []
  const options = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      positional.push(...argv.slice(i + 1))
      break
    }
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    if (eq > 0) options.set(name, arg.slice(eq + 1))
    else if (flags.includes(name)) options.set(name, true)
    else {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`)
      options.set(name, value)
      i++
    }
  }
  return { positional, options }
}

/** A command's expected failure (an AppError) as its Chinese message and exit code 1; anything else is a bug and is thrown on. */
export function reportAppError(error: unknown): 1 {
  if (!(error instanceof AppError)) throw error
  console.error(`✗ ${t('zh-CN', error.code, error.params)}`)
  return 1
}

/** Whoever runs a command on the server's shell: the OS user, who can read the database anyway. */
export function operator(): Actor {
  let name = 'unknown'
  try {
    name = userInfo().username
  } catch {}
  return { kind: 'operator', name }
}
