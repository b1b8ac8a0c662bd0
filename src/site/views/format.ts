import type { Locale } from '../../platform/i18n/t.ts'
import { groupThousands } from '../../shared/money.ts'

const CHINA_OFFSET_MS = 8 * 3600_000 // Asia/Shanghai has had no daylight saving since 1991
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Dates are shown in China time: 2026年11月27日 / Nov 27, 2026. Formatted by hand
 * because Intl.DateTimeFormat costs ~40 µs a call and every card on a page has a date.
 */
export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return ''
  const d = new Date(new Date(iso).getTime() + CHINA_OFFSET_MS)
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()]
  return locale === 'en' ? `${MONTHS[m]} ${day}, ${y}` : `${y}年${m + 1}月${day}日`
}

/** 2026-11-27 in China time, for <time datetime> and feeds that want a day. */
export function isoDay(iso: string | null): string {
  if (!iso) return ''
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/** Both locales group digits by three with a comma. */
export function formatCount(n: number, _locale: Locale): string {
  return groupThousands(n)
}

/** 14:05 in China time: when an order expires, said the way a clock shows it. */
export function formatClock(iso: string): string {
  return new Date(new Date(iso).getTime() + CHINA_OFFSET_MS).toISOString().slice(11, 16)
}

/**
 * A VIP discount the way readers say it: 20 (percent off) is 8折 in Chinese,
 * 15 is 8.5折; English says 20% off.
 */
export function formatDiscount(percentOff: number, locale: Locale): string {
  if (locale === 'en') return `${percentOff}% off`
  const tenths = 100 - percentOff
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}折`
}
