import type { FastifyBaseLogger } from 'fastify'
import { createCommerce, createPaymentCredentials, credentialsVersion, effectivePayments, readStoredCredentials } from '../commerce/index.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import { createSealer } from '../platform/crypto/sealed-box.ts'
import type { DbHandle } from '../platform/db/create-db.ts'
import type { SiteCatalog } from '../site/site-catalog.ts'

/**
 * Money as the server runs it: commerce with the providers of the environment
 * and, for a provider it does not configure, of the console (sealed in the
 * database); the console's credentials service; and `reloadPayments`, which
 * rebuilds the providers when the stored credentials changed (here, or in
 * another process: it runs on every change the feed brings).
 */
export async function composePayments(deps: {
  handle: Pick<DbHandle, 'db'>
  config: AppConfig
  cookieSecret: string
  catalog: SiteCatalog
  now: () => Date
  log: FastifyBaseLogger
  /** tells every process (the change feed) after the credentials changed */
  announce: () => Promise<void>
}) {
  const { handle, config, catalog, now, log } = deps
  const sealer = createSealer(config.secretsKey ?? deps.cookieSecret, 'payments')
  const production = config.env === 'production'
  const paymentsNow = async () => {
    const problems: string[] = []
    const stored = await readStoredCredentials(handle.db, sealer, (provider) =>
      log.error({ provider }, 'payment credentials entered in the console cannot be opened (INKGATE_SECRETS_KEY or the cookie secret changed): enter them again'),
    )
    const payments = effectivePayments(config.payments, stored, production, problems)
    for (const problem of problems) log.error({ problem }, 'payment credentials entered in the console are not usable')
    return payments
  }
  // test builds only: a pause inside the settle transaction, so a test can kill the process there
  const pauseInSettle = testPause(config, 'settle')
  let version = await credentialsVersion(handle.db)
  const commerce = await createCommerce({
    db: handle.db,
    now,
    orderTtlMinutes: config.orderTtlMinutes,
    paySandbox: config.paySandbox,
    payments: await paymentsNow(),
    paymentsOff: () => new Set(catalog.get().settings.paymentsOff),
    guestPurchase: () => catalog.get().settings.guestPurchase,
    siteUrl: config.siteUrl,
    log,
    ...(pauseInSettle ? { pauseInSettle } : {}),
  })
  const reloadPayments = async () => {
    const current = await credentialsVersion(handle.db)
    if (current === version) return
    version = current
    await commerce.loadProviders(await paymentsNow())
  }
  const credentials = createPaymentCredentials({
    db: handle.db,
    sealer,
    now,
    production,
    fromEnv: config.payments,
    active: () => new Set(commerce.providers.keys()),
    onChange: async () => {
      await reloadPayments()
      await deps.announce()
    },
  })
  return { commerce, credentials, reloadPayments }
}

/** Test builds only (INKGATE_TEST_PAUSE): a pause at a stage of a payment's handling, for the crash test; undefined otherwise. */
export function testPause(config: AppConfig, stage: 'settle' | 'reply'): (() => Promise<void>) | undefined {
  const pause = config.testPause
  return pause?.stage === stage ? () => new Promise<void>((r) => setTimeout(r, pause.ms)) : undefined
}
