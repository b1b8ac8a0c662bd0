import { groupThousands } from '../../shared/money.ts'
import type { Locale } from '../../platform/i18n/t.ts'

const dateFormats = new Map<Locale, Intl.DateTimeFormat>()

/** Dates are shown in China time: 2026年11月27日 / Nov 27, 2026. */
export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return ''
  let f = dateFormats.get(locale)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric' })
    dateFormats.set(locale, f)
  }
  return f.format(new Date(iso))
}

/** 2026-11-27 in China time, for <time datetime> and feeds that want a day. */
export function isoDay(iso: string | null): string {
  if (!iso) return ''
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** Both locales group digits by three with a comma. */
export function formatCount(n: number, _locale: Locale): string {
  return groupThousands(n)
}
