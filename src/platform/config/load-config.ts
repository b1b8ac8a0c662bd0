import { resolve } from 'node:path'
import { loadPaymentsConfig, PAYMENT_VARIABLES, type PaymentsConfig } from './payments-config.ts'
import { configSpec, type ConfigKey } from './config.schema.ts'

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test'
  readonly http: { readonly port: number; readonly host: string }
  readonly database: { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string }
  readonly dataDir: string
  readonly siteUrl: string
  readonly seedDemo: boolean
  readonly logLevel: string
  readonly pageCacheEntries: number
  /** the largest upload, in bytes, for an image and for an attachment */
  readonly uploads: { readonly imageBytes: number; readonly fileBytes: number }
  /** the font PDF downloads are set in, as given (undefined: looked for where the system keeps Noto CJK) */
  readonly pdfFont: string | undefined
  /** minutes a staff session may sit unused (0: no limit but the 30 days) */
  readonly staffIdleMinutes: number
  readonly cacheMaxAge: number
  readonly viewFlushMs: number
  readonly themeDir: string
  readonly payments: PaymentsConfig
  readonly redisUrl: string | undefined
  readonly redisPrefix: string
  /** undefined outside production when not given: the app keeps one in the database */
  readonly cookieSecret: string | undefined
  /** seals secrets the database keeps; undefined: derived from the cookie secret */
  readonly secretsKey: string | undefined
  readonly orderTtlMinutes: number
  readonly paySandbox: boolean
  readonly jobIntervalMs: number
  /** the background jobs' lease: one process of a cluster runs them, another takes over within this */
  readonly jobLeaseMs: number
  /** searches a minute: a visitor per address, a member per account */
  readonly searchPerMinute: { readonly visitor: number; readonly member: number }
  /** whose X-Forwarded-For to believe: no one, the nearest proxy (1), or these addresses and ranges */
  readonly trustProxy: false | number | readonly string[]
  /** mail over SMTP (password reset links); undefined = no mail */
  readonly mail: { readonly smtpUrl: string; readonly from: string | undefined } | undefined
  /** test builds only (NODE_ENV=test) */
  readonly testPause: { stage: 'settle' | 'reply'; ms: number } | undefined
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID'
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

/**
 * What a process needs of the configuration. The server needs all of it; a
 * command-line run validates only what it uses: an import reads the database and
 * never touches a cookie, so production's cookie secret is not asked of it (an
 * unknown INKGATE_* variable is still refused everywhere: a typo must not pass).
 */
export type ConfigScope = 'server' | 'database' | 'commerce'

// with Redis, a command's changes reach the servers at once (without it, within their next poll)
const DATABASE_KEYS: readonly ConfigKey[] = ['NODE_ENV', 'DATABASE_URL', 'INKGATE_DATA_DIR', 'INKGATE_LOG_LEVEL', 'REDIS_URL', 'INKGATE_REDIS_PREFIX']
const SCOPE_KEYS: Record<Exclude<ConfigScope, 'server'>, readonly ConfigKey[]> = {
  database: DATABASE_KEYS,
  // refunds and plans reach the providers: their settings and the notification address
  commerce: [...DATABASE_KEYS, 'PORT', 'INKGATE_SITE_URL', 'INKGATE_ORDER_TTL_MINUTES', 'INKGATE_PAY_SANDBOX'],
}

/** A bad value as the error message shows it: secrets hidden, a URL's password starred, long values cut. */
function shown(key: string, raw: string): string {
  if (/SECRET|PASSWORD|PRIVATE|_KEY$/.test(key)) return '(hidden)'
  let value = raw
  try {
    const url = new URL(raw.trim())
    if (url.password) {
      url.password = '***'
      value = url.href
    }
  } catch {}
  return value.length > 40 ? value.slice(0, 40) + '…' : value
}

/** Reads the environment once, reports every bad variable (of those `scope` uses) together, and freezes the result. */
export function loadConfig(env: Record<string, string | undefined>, scope: ConfigScope = 'server'): AppConfig {
  const problems: string[] = []
  const values: Partial<Record<ConfigKey, unknown>> = {}
  const uses = (key: ConfigKey) => scope === 'server' || SCOPE_KEYS[scope].includes(key)
  for (const [key, spec] of Object.entries(configSpec) as Array<[ConfigKey, (typeof configSpec)[ConfigKey]]>) {
    if (!uses(key)) continue
    const raw = env[key]
    if (raw === undefined || raw === '') continue
    const parsed = spec.parse(raw)
    if (parsed.ok) values[key] = parsed.value
    else problems.push(`${key}: must be ${parsed.expected} (got '${shown(key, raw)}')`)
  }
  for (const key of Object.keys(env)) {
    if (key.startsWith('INKGATE_') && !(key in configSpec) && !(key in PAYMENT_VARIABLES))
      problems.push(
        `${key}: unknown setting (known: ${Object.keys(configSpec)
          .filter((k) => k.startsWith('INKGATE_'))
          .join(', ')})`,
      )
  }
  const production = (values.NODE_ENV ?? 'development') === 'production'
  if (production && scope === 'server' && values.INKGATE_COOKIE_SECRET === undefined) problems.push('INKGATE_COOKIE_SECRET: required in production (at least 32 random characters)')
  if (values.INKGATE_MAIL_FROM !== undefined && values.SMTP_URL === undefined) problems.push('INKGATE_MAIL_FROM: set SMTP_URL too (no mail goes out without it)')
  if (values.INKGATE_TEST_PAUSE !== undefined && values.NODE_ENV !== 'test') problems.push('INKGATE_TEST_PAUSE: only for NODE_ENV=test')
  if (production && values.INKGATE_PAY_SANDBOX === true) problems.push('INKGATE_PAY_SANDBOX: the payment sandbox cannot run in production')
  const payments = scope === 'database' ? NO_PAYMENTS : loadPaymentsConfig(env, production, problems)
  // the sandbox is for a site that cannot take money yet: never beside a real provider (tests may put it beside their simulators)
  const real = [payments.wechat && 'WeChat Pay', payments.alipay && 'Alipay', payments.stripe && 'Stripe'].filter(Boolean)
  if (values.INKGATE_PAY_SANDBOX === true && real.length && values.NODE_ENV !== 'test')
    problems.push(`INKGATE_PAY_SANDBOX: the payment sandbox cannot run beside a real payment provider (${real.join(', ')} configured)`)
  if (problems.length) throw new ConfigError(problems)
  const get = <T>(key: ConfigKey, fallback: T): T => (values[key] as T | undefined) ?? fallback
  const port = get('PORT', 3000)
  const dataDir = resolve(get('INKGATE_DATA_DIR', './data'))
  const url = values.DATABASE_URL as string | undefined
  return deepFreeze({
    env: get('NODE_ENV', 'development'),
    http: { port, host: get('HOST', '0.0.0.0') },
    database: url ? { kind: 'postgres', url } : { kind: 'sqlite', file: resolve(dataDir, 'inkgate.db') },
    dataDir,
    siteUrl: get('INKGATE_SITE_URL', `http://localhost:${port}`),
    seedDemo: get('INKGATE_SEED_DEMO', true),
    logLevel: get('INKGATE_LOG_LEVEL', 'info'),
    pageCacheEntries: get('INKGATE_PAGE_CACHE_ENTRIES', 1000),
    uploads: { imageBytes: get('INKGATE_UPLOAD_IMAGE_MB', 10) * 1024 * 1024, fileBytes: get('INKGATE_UPLOAD_FILE_MB', 50) * 1024 * 1024 },
    pdfFont: get<string | undefined>('INKGATE_PDF_FONT', undefined),
    staffIdleMinutes: get('INKGATE_STAFF_IDLE_MINUTES', 120),
    cacheMaxAge: get('INKGATE_CACHE_MAX_AGE', 60),
    viewFlushMs: get('INKGATE_VIEW_FLUSH_MS', 5000),
    themeDir: resolve(get('INKGATE_THEME_DIR', './themes/default')),
    payments,
    redisUrl: values.REDIS_URL as string | undefined,
    redisPrefix: get('INKGATE_REDIS_PREFIX', 'inkgate:'),
    cookieSecret: values.INKGATE_COOKIE_SECRET as string | undefined,
    secretsKey: values.INKGATE_SECRETS_KEY as string | undefined,
    orderTtlMinutes: get('INKGATE_ORDER_TTL_MINUTES', 30),
    paySandbox: get('INKGATE_PAY_SANDBOX', !production && real.length === 0),
    jobIntervalMs: get('INKGATE_JOB_INTERVAL_MS', 60_000),
    jobLeaseMs: get('INKGATE_JOB_LEASE_MS', 30_000),
    searchPerMinute: { visitor: get('INKGATE_SEARCH_PER_MINUTE', 60), member: get('INKGATE_SEARCH_PER_MINUTE_MEMBER', 120) },
    trustProxy: get<false | number | string[]>('INKGATE_TRUST_PROXY', false),
    mail: values.SMTP_URL ? { smtpUrl: values.SMTP_URL as string, from: values.INKGATE_MAIL_FROM as string | undefined } : undefined,
    testPause: values.INKGATE_TEST_PAUSE ? { stage: String(values.INKGATE_TEST_PAUSE).split(':')[0] as 'settle' | 'reply', ms: Number(String(values.INKGATE_TEST_PAUSE).split(':')[1]) } : undefined,
  } satisfies AppConfig)
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

const NO_PAYMENTS: PaymentsConfig = { wechat: undefined, alipay: undefined, stripe: undefined, allowCustomHosts: false }

/** For entry points: the config, or undefined after printing every problem (the caller exits 2). */
export function loadConfigOrReport(env: Record<string, string | undefined>, scope: ConfigScope = 'server'): AppConfig | undefined {
  try {
    return loadConfig(env, scope)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    return undefined
  }
}
