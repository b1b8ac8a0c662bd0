import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { createDbSessionStore, createLoginThrottle, createMemberService, createPasswordResets, createRedisSessionStore, createSessionService, createTwoFactor } from '../members/index.ts'
import { resolveCookieSecret } from '../members/cookie-secret.ts'
import type { ScryptCost } from '../members/password.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createSealer } from '../platform/crypto/sealed-box.ts'
import type { DbHandle } from '../platform/db/create-db.ts'
import { t } from '../platform/i18n/t.ts'
import { createMailSender, enqueueMail } from '../platform/mail/outbox.ts'
import { createSmtpTransport } from '../platform/mail/smtp-transport.ts'
import type { RateCounter } from '../platform/rate-limit/counter.ts'
import type { SiteCatalog } from '../site/site-catalog.ts'

/**
 * Accounts as the server runs them: sessions (Redis when set, else the
 * database), the cookie secret, two-step sign-in, members with their login
 * throttle, and mail with password resets when SMTP_URL is set.
 */
export async function composeAccounts(deps: {
  handle: Pick<DbHandle, 'db'>
  config: AppConfig
  redis: Redis | undefined
  counter: RateCounter
  catalog: SiteCatalog
  now: () => Date
  log: FastifyBaseLogger
  passwordCost?: ScryptCost
}) {
  const { handle, config, catalog, now, log } = deps
  const sessions = createSessionService({
    db: handle.db,
    store: deps.redis ? createRedisSessionStore(deps.redis, config.redisPrefix) : createDbSessionStore(handle.db),
    now,
    staffIdleMinutes: config.staffIdleMinutes,
  })
  const cookieSecret = await resolveCookieSecret(handle.db, config.cookieSecret)
  const twoFactor = createTwoFactor({
    db: handle.db,
    now,
    sealer: createSealer(config.secretsKey ?? cookieSecret, 'totp'),
    issuer: () => catalog.get().settings.name,
  })
  const members = createMemberService({
    db: handle.db,
    sessions,
    now,
    throttle: createLoginThrottle(deps.counter),
    secondFactor: twoFactor,
    ...(deps.passwordCost ? { passwordCost: deps.passwordCost } : {}),
  })
  // mail (password reset links) only with SMTP_URL: without it no form offers a reset
  const mailTransport = config.mail ? createSmtpTransport(config.mail.smtpUrl, () => config.mail?.from ?? defaultSender(catalog.get().settings.name, config.siteUrl)) : undefined
  const mail = mailTransport ? createMailSender({ db: handle.db, transport: mailTransport, now, log }) : undefined
  const passwordResets = mail
    ? createPasswordResets({
        db: handle.db,
        sessions,
        counter: deps.counter,
        now,
        mail: { enqueue: enqueueMail, kick: mail.kick },
        compose: ({ to, username, link, minutes }) => {
          const { locale, name } = catalog.get().settings
          return { to, subject: t(locale, 'MAIL_RESET_SUBJECT', { site: name }), text: t(locale, 'MAIL_RESET_TEXT', { site: name, username, link, minutes }) }
        },
        linkFor: (token) => `${config.siteUrl}/password/reset?token=${token}`,
        onError: (err) => log.error({ err }, 'a password reset link could not be made or queued'),
        ...(deps.passwordCost ? { passwordCost: deps.passwordCost } : {}),
      })
    : undefined
  return { sessions, cookieSecret, twoFactor, members, mail, mailTransport, passwordResets }
}

/** The sender when INKGATE_MAIL_FROM is not set: the site's name at no-reply@ its host. */
function defaultSender(siteName: string, siteUrl: string): string {
  const name = siteName.replace(/["\\\r\n<>]/g, '').trim()
  const address = `no-reply@${new URL(siteUrl).hostname}`
  return name ? `"${name}" <${address}>` : address
}
