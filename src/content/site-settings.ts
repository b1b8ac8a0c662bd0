import { followableUrl } from '../shared/followable-url.ts'

/**
 * Site settings: edited by the owner, stored in the settings table as JSON,
 * read through the settings service (cached). Defaults make a fresh site work.
 */
export interface SiteSettings {
  name: string
  tagline: string
  logoUrl: string
  description: string
  keywords: string
  /** share of a priced post's text shown as an automatic preview, 0..1 */
  previewShare: number
  /** ICP 备案号, shown in the footer and linked to beian.miit.gov.cn */
  icp: string
  footerText: string
  locale: 'zh-CN' | 'en'
  /** the site's own search dictionary: words search must keep whole, one or more per line */
  searchTerms: string
  /** guests may buy a post without an account; the purchase is bound to a signed cookie on their browser */
  guestPurchase: boolean
  /**
   * what readers' searches may match in paid text: single words (default; the post
   * is found and says "匹配付费内容"), or nothing. Phrases and exclusions never look at it.
   */
  searchPaidText: 'words' | 'off'
  /** ways to pay the owner turned off: `balance`, `wechat`, `alipay`, `stripe` (a configured provider stays ready, unoffered) */
  paymentsOff: string[]
  /** days a post stays in the trash before the job deletes it for good (a bought one stays); 0: until someone empties it */
  trashDays: number
  /** a post's view count is shown from this many views on ("0 次阅读" looks abandoned); 0 shows it always */
  viewsShownFrom: number
  /** "已有 N 人购买" is shown from this many buyers on; 0 never shows it */
  purchasesShownFrom: number
  /** the 用户协议 and 隐私政策 a sign-up agrees to (plain text, paragraphs by blank lines); empty: the default texts */
  termsText: string
  privacyText: string
  /** readers who may read a post may take it as a Word file (with their mark on every page) */
  downloadDocx: boolean
  /** the same as a PDF (offered when the server has a Chinese font) */
  downloadPdf: boolean
}

export const PAYMENT_WAYS = ['balance', 'wechat', 'alipay', 'stripe'] as const

export const DEFAULT_SETTINGS: SiteSettings = Object.freeze({
  name: '墨门范文网',
  tagline: '精选公文范文 · 讲话稿 · 心得体会',
  logoUrl: '',
  description: '墨门范文网提供党政公文、讲话稿、心得体会、工作总结等范文的试读与下载。',
  keywords: '范文,公文,讲话稿,心得体会,工作总结',
  previewShare: 0.3,
  icp: '',
  footerText: '',
  locale: 'zh-CN',
  searchTerms: '',
  guestPurchase: true,
  searchPaidText: 'words',
  paymentsOff: [],
  trashDays: 30,
  viewsShownFrom: 100,
  purchasesShownFrom: 10,
  termsText: '',
  privacyText: '',
  downloadDocx: true,
  downloadPdf: true,
})

export function toSiteSettings(stored: Record<string, unknown>): SiteSettings {
  const s: Record<string, unknown> = { ...DEFAULT_SETTINGS }
  for (const key of Object.keys(DEFAULT_SETTINGS) as Array<keyof SiteSettings>) {
    const v = stored[key]
    if (typeof v === typeof DEFAULT_SETTINGS[key]) s[key] = v
  }
  const share = s.previewShare as number
  s.previewShare = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : DEFAULT_SETTINGS.previewShare
  if (s.locale !== 'zh-CN' && s.locale !== 'en') s.locale = 'zh-CN'
  if (s.searchPaidText !== 'words' && s.searchPaidText !== 'off') s.searchPaidText = 'words'
  if (!Number.isInteger(s.trashDays) || (s.trashDays as number) < 0) s.trashDays = DEFAULT_SETTINGS.trashDays
  for (const key of ['viewsShownFrom', 'purchasesShownFrom'] as const) if (!Number.isInteger(s[key]) || (s[key] as number) < 0) s[key] = DEFAULT_SETTINGS[key]
  s.paymentsOff = Array.isArray(s.paymentsOff) ? (s.paymentsOff as unknown[]).filter((w): w is string => typeof w === 'string' && (PAYMENT_WAYS as readonly string[]).includes(w)) : []
  // a logo is shown on every page: only a URL we would follow
  s.logoUrl = followableUrl(s.logoUrl as string) ?? ''
  return Object.freeze(s as unknown as SiteSettings)
}
