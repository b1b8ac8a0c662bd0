import { isIP } from 'node:net'

/**
 * Every environment variable Inkgate reads. Each has a parser that returns the
 * value or an explanation of what was expected; defaults give the embedded mode
 * (SQLite under ./data, in-process cache). Unknown INKGATE_* variables are errors.
 */
export type Parse<T> = (raw: string) => { ok: true; value: T } | { ok: false; expected: string }

const int =
  (min: number, max: number): Parse<number> =>
  (raw) => {
    const n = Number(raw)
    return /^\d+$/.test(raw.trim()) && n >= min && n <= max ? { ok: true, value: n } : { ok: false, expected: `a whole number from ${min} to ${max}` }
  }
const bool: Parse<boolean> = (raw) => {
  const v = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(v)) return { ok: true, value: true }
  if (['0', 'false', 'no', 'off'].includes(v)) return { ok: true, value: false }
  return { ok: false, expected: 'true or false' }
}
const text: Parse<string> = (raw) => (raw.trim() ? { ok: true, value: raw.trim() } : { ok: false, expected: 'a non-empty value' })
const oneOf =
  <T extends string>(...values: T[]): Parse<T> =>
  (raw) =>
    (values as string[]).includes(raw.trim()) ? { ok: true, value: raw.trim() as T } : { ok: false, expected: `one of ${values.join(', ')}` }
const pgUrl: Parse<string> = (raw) => (/^postgres(ql)?:\/\//.test(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, expected: 'a URL starting with postgres://' })
const httpUrl: Parse<string> = (raw) => {
  try {
    const u = new URL(raw.trim())
    if (u.protocol === 'http:' || u.protocol === 'https:') return { ok: true, value: u.origin + u.pathname.replace(/\/+$/, '') }
  } catch {}
  return { ok: false, expected: 'an http(s) URL such as https://example.com' }
}

const smtpUrl: Parse<string> = (raw) => {
  try {
    const u = new URL(raw.trim())
    if ((u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname) return { ok: true, value: raw.trim() }
  } catch {}
  return { ok: false, expected: 'a URL such as smtps://user:password@smtp.example.com (port 465) or smtp://user:password@smtp.example.com:587' }
}
/** an address, alone or after a display name: no-reply@example.com, 范文网 <no-reply@example.com> */
const mailFrom: Parse<string> = (raw) =>
  /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(raw.trim())
    ? { ok: true, value: raw.trim() }
    : { ok: false, expected: 'an e-mail address, alone or as Name <address@example.com>' }

const secret: Parse<string> = (raw) => (raw.trim().length >= 32 ? { ok: true, value: raw.trim() } : { ok: false, expected: 'at least 32 random characters (openssl rand -base64 32)' })
const redisUrl: Parse<string> = (raw) => (/^rediss?:\/\//.test(raw.trim()) ? { ok: true, value: raw.trim() } : { ok: false, expected: 'a URL starting with redis://' })

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']
const isAddressOrRange = (item: string): boolean => {
  if (PROXY_NAMES.includes(item)) return true
  const [address = '', prefix, ...rest] = item.split('/')
  const kind = isIP(address)
  if (!kind || rest.length) return false
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (kind === 4 ? 32 : 128))
}
/** off; 1 / true: the nearest proxy's X-Forwarded-For; or the proxies' addresses and ranges */
const trustProxy: Parse<false | number | string[]> = (raw) => {
  const v = raw.trim().toLowerCase()
  if (['0', 'false', 'off', 'no'].includes(v)) return { ok: true, value: false }
  if (['1', 'true', 'on', 'yes'].includes(v)) return { ok: true, value: 1 }
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return list.length && list.every(isAddressOrRange)
    ? { ok: true, value: list }
    : { ok: false, expected: 'off, 1 or true (trust the nearest proxy), or proxy addresses / CIDR ranges separated by commas (10.0.0.1, 172.16.0.0/12, loopback)' }
}

export const configSpec = {
  PORT: { parse: int(0, 65535), doc: 'HTTP port (default 3000)' },
  HOST: { parse: text, doc: 'address to listen on (default 0.0.0.0)' },
  NODE_ENV: { parse: oneOf('development', 'production', 'test'), doc: 'development, production or test' },
  DATABASE_URL: { parse: pgUrl, doc: 'PostgreSQL URL; unset = embedded SQLite' },
  INKGATE_DATA_DIR: { parse: text, doc: 'folder of the SQLite file and uploads (default ./data)' },
  INKGATE_SITE_URL: { parse: httpUrl, doc: 'public base URL for canonical links, feeds and the sitemap' },
  INKGATE_SEED_DEMO: { parse: bool, doc: 'load the demo posts into an empty database (default true)' },
  INKGATE_LOG_LEVEL: { parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), doc: 'log level (default info)' },
  INKGATE_UPLOAD_IMAGE_MB: { parse: int(1, 100), doc: 'largest image an editor may upload, in MB (default 10)' },
  INKGATE_UPLOAD_FILE_MB: { parse: int(1, 2048), doc: 'largest attachment an editor may upload, in MB (default 50)' },
  INKGATE_PDF_FONT: {
    parse: text,
    doc: 'a font with Chinese glyphs for PDF downloads: a .ttf/.otf, or a .ttc as path#PostScriptName (default: the Noto CJK fonts of fonts-noto-cjk, found where Debian, Fedora and Arch put them)',
  },
  INKGATE_STAFF_IDLE_MINUTES: { parse: int(0, 43_200), doc: 'a staff session (author, editor, admin) unused this long ends (default 120, 0 = only the 30-day limit)' },
  INKGATE_PAGE_CACHE_ENTRIES: { parse: int(0, 1_000_000), doc: 'rendered anonymous pages kept in memory (default 1000, 0 = off); posts and post cards: 10 times as many' },
  INKGATE_CACHE_MAX_AGE: { parse: int(0, 86_400), doc: 'seconds a shared cache may keep an anonymous page (default 60)' },
  INKGATE_VIEW_FLUSH_MS: { parse: int(10, 600_000), doc: 'how often batched view counts are written (default 5000)' },
  INKGATE_THEME_DIR: { parse: text, doc: 'folder of the Liquid theme (default ./themes/default)' },
  REDIS_URL: { parse: redisUrl, doc: 'Redis URL; set = sessions and login throttling in Redis (shared by every app process)' },
  INKGATE_REDIS_PREFIX: { parse: text, doc: 'prefix of every Redis key, so sites can share a server (default inkgate:)' },
  INKGATE_COOKIE_SECRET: { parse: secret, doc: 'key that signs cookies and CSRF tokens; required in production (elsewhere one is kept in the database)' },
  INKGATE_SECRETS_KEY: {
    parse: secret,
    doc: 'key that seals secrets kept in the database (staff TOTP seeds, payment credentials entered in the console), AES-256-GCM; default: derived from the cookie secret. Keep it: a new one cannot open what the old one sealed',
  },
  INKGATE_TRUST_PROXY: { parse: trustProxy, doc: 'the reverse proxy whose X-Forwarded-For gives the client address (default off: the address that connected)' },
  INKGATE_SEARCH_PER_MINUTE: { parse: int(1, 100_000), doc: 'searches a visitor may make a minute from one address (default 60; typeahead suggestions get four times as many)' },
  INKGATE_SEARCH_PER_MINUTE_MEMBER: { parse: int(1, 100_000), doc: 'searches a logged-in member may make a minute (default 120)' },
  INKGATE_ORDER_TTL_MINUTES: { parse: int(5, 1440), doc: 'minutes an unpaid order stays open (default 30)' },
  INKGATE_PAY_SANDBOX: { parse: bool, doc: 'offer the payment sandbox (演示支付): on by default only outside production while no real provider is configured; false turns it off' },
  INKGATE_TEST_PAUSE: {
    parse: (raw: string) => (/^(settle|reply):\d{1,6}$/.test(raw.trim()) ? { ok: true as const, value: raw.trim() } : { ok: false as const, expected: 'settle:<ms> or reply:<ms>' }),
    doc: 'test builds only: pause a payment notification inside its transaction or before its answer, so a test can kill the process there',
  },
  INKGATE_JOB_LEASE_MS: { parse: int(2000, 600_000), doc: 'how long the process that runs the background jobs holds its lease; another takes over within this after it dies (default 30000)' },
  SMTP_URL: { parse: smtpUrl, doc: 'the SMTP server that sends mail (password reset links); unset = no mail, and no form offers a reset' },
  INKGATE_MAIL_FROM: { parse: mailFrom, doc: 'the sender of mail (default: the site name and no-reply@ the site URL’s host)' },
  INKGATE_JOB_INTERVAL_MS: { parse: int(1000, 3_600_000), doc: 'how often the order jobs run: expiry, compensation queries, refunds (default 60000)' },
} as const

export type ConfigKey = keyof typeof configSpec
