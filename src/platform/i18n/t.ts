import { en } from './messages.en.ts'
import { zhCN } from './messages.zh-cn.ts'

export type Locale = 'zh-CN' | 'en'
const CATALOGS: Record<Locale, Record<string, string>> = { 'zh-CN': zhCN, en }

/** The message for a code in a locale, with `{param}` filled in; unknown codes fall back to the generic one. */
export function t(locale: Locale, code: string, params: Record<string, string | number> = {}): string {
  const template = CATALOGS[locale][code] ?? zhCN[code] ?? CATALOGS[locale].HTTP_4XX ?? code
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`))
}

/** zh-CN unless the client clearly prefers English. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN'
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}
