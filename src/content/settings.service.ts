import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { errorFactory } from '../platform/http/app-error.ts'
import { followableUrl } from '../shared/followable-url.ts'
import { readPreviewRecompile, requestPreviewRecompile, type PreviewRecompileState } from './preview-recompile-state.ts'
import { readSettings, writeSetting } from './setting.repository.ts'
import { PAYMENT_WAYS, toSiteSettings, type SiteSettings } from './site-settings.ts'

/** What the console may change; the search dictionary goes with its reindex (`inkgate search terms`). */
export type SettingsPatch = Partial<Omit<SiteSettings, 'searchTerms'>>

const settingsError = errorFactory<'SETTING_INVALID'>({ SETTING_INVALID: 422 })

/** Each setting's check: the value as stored, or a refusal naming the field. */
const CHECKS: { [K in keyof SettingsPatch]-?: (v: NonNullable<SettingsPatch[K]>) => SiteSettings[K] } = {
  name: (v) => text('name', v, 1, 60),
  tagline: (v) => text('tagline', v, 0, 120),
  logoUrl: (v) => {
    const trimmed = v.trim()
    if (!trimmed) return ''
    const url = followableUrl(trimmed)
    if (!url) throw settingsError('SETTING_INVALID', { field: 'logoUrl' })
    return url
  },
  description: (v) => text('description', v, 0, 300),
  keywords: (v) => text('keywords', v, 0, 200),
  icp: (v) => text('icp', v, 0, 40),
  footerText: (v) => text('footerText', v, 0, 500),
  locale: (v) => (v === 'zh-CN' || v === 'en' ? v : fail('locale')),
  previewShare: (v) => (Number.isFinite(v) && v >= 0.05 && v <= 0.9 ? Math.round(v * 100) / 100 : fail('previewShare')),
  guestPurchase: (v) => (typeof v === 'boolean' ? v : fail('guestPurchase')),
  searchPaidText: (v) => (v === 'words' || v === 'off' ? v : fail('searchPaidText')),
  trashDays: (v) => (Number.isInteger(v) && v >= 0 && v <= 3650 ? v : fail('trashDays')),
  viewsShownFrom: (v) => (Number.isInteger(v) && v >= 0 && v <= 1_000_000 ? v : fail('viewsShownFrom')),
  purchasesShownFrom: (v) => (Number.isInteger(v) && v >= 0 && v <= 1_000_000 ? v : fail('purchasesShownFrom')),
  termsText: (v) => policy('termsText', v),
  downloadDocx: (v) => (typeof v === 'boolean' ? v : fail('downloadDocx')),
  downloadPdf: (v) => (typeof v === 'boolean' ? v : fail('downloadPdf')),
  privacyText: (v) => policy('privacyText', v),
  paymentsOff: (v) => (Array.isArray(v) && v.every((w) => (PAYMENT_WAYS as readonly string[]).includes(w)) ? PAYMENT_WAYS.filter((w) => v.includes(w)) : fail('paymentsOff')),
}

function fail(field: string): never {
  throw settingsError('SETTING_INVALID', { field })
}

/** a policy text: up to 20,000 characters, lines kept, no control characters but tabs and line ends */
function policy(field: string, value: string): string {
  const v = value.replace(/\r\n?/g, '\n').trim()
  if (v.length > 20_000 || /[\u0000-\u0008\u000b-\u001f]/.test(v)) fail(field)
  return v
}

function text(field: string, value: string, min: number, max: number): string {
  const v = value.trim()
  if (v.length < min || v.length > max || /[\u0000-\u001f]/.test(v.replace(/\n/g, ''))) fail(field)
  return v
}

/**
 * The site's settings as the owner changes them (admins: settings.manage). Each
 * change is checked, written with its audit row (before and after) in one
 * transaction, then every process reloads them (`onChange`). A new preview share
 * is applied to the posts that follow it by a background job, whose progress
 * `previewRecompile` reads.
 */
export function createSettingsService(deps: { db: Db; now: () => Date; onChange: () => Promise<void> }) {
  return {
    async read(actor: Actor): Promise<SiteSettings> {
      authorize(actor, 'settings.manage')
      return toSiteSettings(await readSettings(deps.db))
    },

    /** The last preview-share recompile: its progress while running, when it ended after. */
    async previewRecompile(actor: Actor): Promise<PreviewRecompileState | undefined> {
      authorize(actor, 'settings.manage')
      return readPreviewRecompile(deps.db)
    },

    async update(actor: Actor, patch: SettingsPatch): Promise<SiteSettings> {
      authorize(actor, 'settings.manage')
      const checked: Record<string, unknown> = {}
      for (const key of Object.keys(patch) as Array<keyof SettingsPatch>) {
        const value = patch[key]
        if (value === undefined || !(key in CHECKS)) continue
        checked[key] = (CHECKS[key] as (v: unknown) => unknown)(value)
      }
      const after = await deps.db.transaction().execute(async (trx) => {
        const before = toSiteSettings(await readSettings(trx))
        const changed = Object.keys(checked).filter((k) => JSON.stringify(before[k as keyof SiteSettings]) !== JSON.stringify(checked[k]))
        for (const key of changed) await writeSetting(trx, key, checked[key])
        // the posts compiled with the old share are compiled again by the paywall's job (preview-recompile-state.ts)
        if (changed.includes('previewShare')) await requestPreviewRecompile(trx, checked.previewShare as number, deps.now().toISOString())
        if (changed.length) {
          await recordAudit(trx, actor, deps.now(), {
            action: 'settings.update',
            target: 'settings',
            detail: { before: Object.fromEntries(changed.map((k) => [k, before[k as keyof SiteSettings]])), after: Object.fromEntries(changed.map((k) => [k, checked[k]])) },
          })
        }
        return { settings: toSiteSettings(await readSettings(trx)), changed: changed.length > 0 }
      })
      if (after.changed) await deps.onChange()
      return after.settings
    },
  }
}
export type SettingsService = ReturnType<typeof createSettingsService>
