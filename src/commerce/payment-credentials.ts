import type { Actor } from '../platform/access/actor.ts'
import { actorLabel } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import { loadPaymentsConfig, type PaymentsConfig } from '../platform/config/payments-config.ts'
import type { Sealer } from '../platform/crypto/sealed-box.ts'
import type { Db, DbOrTrx } from '../platform/db/database.ts'
import { commerceError } from './commerce.errors.ts'

export type CredentialProvider = 'wechat' | 'alipay' | 'stripe'
export const CREDENTIAL_PROVIDERS: readonly CredentialProvider[] = ['wechat', 'alipay', 'stripe']

/**
 * A field the console may set: the environment variable it stands for (the
 * configuration reads both the same way), whether it is secret (never sent back,
 * only "set"), and whether it is a key (PEM text or bare base64: file paths are
 * the environment's, the console never makes the server read a file).
 */
interface Field {
  name: string
  secret: boolean
  key: boolean
  optional: boolean
}
const f = (name: string, o: Partial<Omit<Field, 'name'>> = {}): Field => ({ name, secret: false, key: false, optional: false, ...o })

export const CREDENTIAL_FIELDS: Record<CredentialProvider, readonly Field[]> = {
  wechat: [
    f('INKGATE_WECHATPAY_MCHID'),
    f('INKGATE_WECHATPAY_APPID'),
    f('INKGATE_WECHATPAY_SERIAL_NO'),
    f('INKGATE_WECHATPAY_PRIVATE_KEY', { secret: true, key: true }),
    f('INKGATE_WECHATPAY_APIV3_KEY', { secret: true }),
    f('INKGATE_WECHATPAY_PUBLIC_KEY_ID'),
    f('INKGATE_WECHATPAY_PUBLIC_KEY', { key: true }),
    f('INKGATE_WECHATPAY_BASE_URL', { optional: true }),
  ],
  alipay: [
    f('INKGATE_ALIPAY_APP_ID'),
    f('INKGATE_ALIPAY_PRIVATE_KEY', { secret: true, key: true }),
    f('INKGATE_ALIPAY_PUBLIC_KEY', { key: true }),
    f('INKGATE_ALIPAY_SELLER_ID', { optional: true }),
    f('INKGATE_ALIPAY_GATEWAY_URL', { optional: true }),
  ],
  stripe: [f('INKGATE_STRIPE_SECRET_KEY', { secret: true }), f('INKGATE_STRIPE_WEBHOOK_SECRET', { secret: true }), f('INKGATE_STRIPE_API_BASE', { optional: true })],
}

const PEM_OR_BASE64 = /^(-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----|[A-Za-z0-9+/=\s]{200,})$/

export interface CredentialView {
  provider: CredentialProvider
  /** env: the environment configures it (the console shows, never changes it); console: entered here; none: off */
  source: 'env' | 'console' | 'none'
  /** the cashier offers it now */
  active: boolean
  fields: Array<{ name: string; secret: boolean; key: boolean; optional: boolean; set: boolean; value: string | null }>
  updatedAt: string | null
  updatedBy: string | null
}

type Stored = Partial<Record<CredentialProvider, { values: Record<string, string>; updatedAt: string; updatedBy: string }>>

/** Every provider's credentials stored by the console, opened (a row that no longer opens is left out and logged). */
export async function readStoredCredentials(db: DbOrTrx, sealer: Sealer, log?: (provider: string) => void): Promise<Stored> {
  const out: Stored = {}
  for (const row of await db.selectFrom('payment_credentials').selectAll().execute()) {
    try {
      out[row.provider] = { values: JSON.parse(sealer.open(row.sealed)) as Record<string, string>, updatedAt: row.updated_at, updatedBy: row.updated_by }
    } catch {
      // sealed with another INKGATE_SECRETS_KEY: the owner enters them again
      log?.(row.provider)
    }
  }
  return out
}

/** A mark of what is stored, to tell whether another process changed it. */
export async function credentialsVersion(db: DbOrTrx): Promise<string> {
  const rows = await db.selectFrom('payment_credentials').select(['provider', 'updated_at']).orderBy('provider').execute()
  return rows.map((r) => `${r.provider}@${r.updated_at}`).join(',')
}

/**
 * The payments configuration the server runs with: each provider from the
 * environment when it configures it (the operator's word wins), else from what
 * the console stored, read by the same code as the environment.
 */
export function effectivePayments(fromEnv: PaymentsConfig, stored: Stored, production: boolean, problems: string[]): PaymentsConfig {
  const vars: Record<string, string> = {}
  for (const p of CREDENTIAL_PROVIDERS) if (!fromEnv[p] && stored[p]) Object.assign(vars, pick(p, stored[p].values))
  const entered = readConsoleVars(vars, fromEnv, production, problems)
  return { wechat: fromEnv.wechat ?? entered.wechat, alipay: fromEnv.alipay ?? entered.alipay, stripe: fromEnv.stripe ?? entered.stripe, allowCustomHosts: fromEnv.allowCustomHosts }
}

/** Values entered in the console, read by the environment's own reader under the environment's host rule. */
function readConsoleVars(vars: Record<string, string>, fromEnv: PaymentsConfig, production: boolean, problems: string[]): PaymentsConfig {
  return loadPaymentsConfig({ ...vars, INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS: fromEnv.allowCustomHosts ? 'true' : 'false' }, production, problems)
}

function pick(provider: CredentialProvider, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const field of CREDENTIAL_FIELDS[provider]) {
    const v = values[field.name]?.trim()
    if (v) out[field.name] = v
  }
  return out
}

/**
 * Payment credentials as the owner enters them in the console (admins:
 * payments.manage). A provider the environment configures is shown, never
 * changed here. Values are checked by the configuration's own reader before
 * anything is stored (a key that does not parse, a 31-character APIv3 key, a
 * non-official address in production), stored sealed with the audit row (the
 * names of what changed, never a value), then the providers are rebuilt in
 * every process (`onChange`). Secret values never leave the server.
 */
export function createPaymentCredentials(deps: {
  db: Db
  sealer: Sealer
  now: () => Date
  production: boolean
  fromEnv: PaymentsConfig
  /** which providers the cashier offers now */
  active: () => ReadonlySet<string>
  onChange: () => Promise<void>
}) {
  const { db, sealer } = deps

  async function view(actor: Actor): Promise<CredentialView[]> {
    authorize(actor, 'payments.manage')
    const stored = await readStoredCredentials(db, sealer)
    const active = deps.active()
    return CREDENTIAL_PROVIDERS.map((provider) => {
      const env = deps.fromEnv[provider] !== undefined
      const mine = env ? undefined : stored[provider]
      return {
        provider,
        source: env ? 'env' : mine ? 'console' : 'none',
        active: active.has(provider),
        fields: CREDENTIAL_FIELDS[provider].map((field) => {
          const v = mine?.values[field.name] ?? ''
          return { ...field, set: env || v !== '', value: field.secret || field.key || env ? null : v || null }
        }),
        updatedAt: mine?.updatedAt ?? null,
        updatedBy: mine?.updatedBy ?? null,
      }
    })
  }

  return {
    view,

    /** Sets a provider's credentials; a secret left empty keeps the stored one. */
    async save(actor: Actor, provider: CredentialProvider, input: Record<string, string>): Promise<CredentialView[]> {
      authorize(actor, 'payments.manage')
      if (deps.fromEnv[provider]) throw commerceError('PAYMENT_CREDENTIALS_FROM_ENV')
      const fields = CREDENTIAL_FIELDS[provider]
      const unknown = Object.keys(input).find((k) => !fields.some((field) => field.name === k))
      if (unknown) throw commerceError('PAYMENT_FIELD_INVALID', { field: unknown })
      const before = (await readStoredCredentials(db, sealer))[provider]?.values ?? {}
      const values: Record<string, string> = {}
      for (const field of fields) {
        const given = input[field.name]?.trim() ?? ''
        // a secret is never shown, so an empty box means "keep it"; other fields are as the form sends them
        const v = given || (field.secret ? (before[field.name] ?? '') : '')
        if (!v) continue
        if (field.key && !PEM_OR_BASE64.test(v)) throw commerceError('PAYMENT_FIELD_KEY', { field: field.name })
        if (v.length > 8000) throw commerceError('PAYMENT_FIELD_INVALID', { field: field.name })
        values[field.name] = v
      }
      for (const field of fields) if (!field.optional && !values[field.name]) throw commerceError('PAYMENT_FIELD_REQUIRED', { field: field.name })
      // the configuration's own reader decides, as it would for the environment
      const problems: string[] = []
      const checked = readConsoleVars(values, deps.fromEnv, deps.production, problems)
      const problem = problems[0]
      if (problem || !checked[provider]) {
        // the first of this provider's fields the problem names (a problem may name two: "…_KEY_ID and …_KEY: give both")
        const named = (problem ?? '').match(/INKGATE_[A-Z0-9_]+/g) ?? []
        const field = named.find((n) => fields.some((f) => f.name === n)) ?? fields[0]?.name ?? ''
        throw commerceError(/not a readable/.test(problem ?? '') ? 'PAYMENT_FIELD_KEY' : 'PAYMENT_FIELD_INVALID', { field })
      }
      const now = deps.now()
      const at = now.toISOString()
      const changed = fields.filter((field) => (before[field.name] ?? '') !== (values[field.name] ?? '')).map((field) => field.name)
      await db.transaction().execute(async (trx) => {
        const row = { provider, sealed: sealer.seal(JSON.stringify(values)), updated_at: at, updated_by: actorLabel(actor) }
        await trx
          .insertInto('payment_credentials')
          .values(row)
          .onConflict((oc) => oc.column('provider').doUpdateSet({ sealed: row.sealed, updated_at: at, updated_by: row.updated_by }))
          .execute()
        // which fields changed, never their values
        await recordAudit(trx, actor, now, { action: 'payments.credentials', target: `provider:${provider}`, detail: { changed } })
      })
      await deps.onChange()
      return view(actor)
    },

    /**
     * Forgets a provider's credentials: the cashier stops offering it, and its
     * notifications and queries stop too, so a payment still open with it is
     * only confirmed once credentials are back. The console says to turn the
     * method off first (settings.paymentsOff) and remove once its orders expired.
     */
    async remove(actor: Actor, provider: CredentialProvider): Promise<CredentialView[]> {
      authorize(actor, 'payments.manage')
      if (deps.fromEnv[provider]) throw commerceError('PAYMENT_CREDENTIALS_FROM_ENV')
      await db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom('payment_credentials').where('provider', '=', provider).executeTakeFirst()
        if (Number(gone.numDeletedRows) > 0) await recordAudit(trx, actor, deps.now(), { action: 'payments.credentials-remove', target: `provider:${provider}` })
      })
      await deps.onChange()
      return view(actor)
    },
  }
}
export type PaymentCredentials = ReturnType<typeof createPaymentCredentials>
