import { currentLanguage } from './api.ts'

/**
 * A screen's own words, in its own chunk: the shared catalogue (i18n.ts) is in the
 * first screen's JavaScript, so a screen that only some open keeps its words here,
 * zh-CN and English side by side (the compiler checks both have every key).
 */
export function featureWords<K extends string>(zhCN: Record<K, string>, en: Record<K, string>) {
  const words = currentLanguage() === 'en' ? en : zhCN
  return (key: K, params: Record<string, string | number> = {}): string => words[key].replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`))
}
