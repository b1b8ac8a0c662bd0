/** What the compiler tells the editor about a body; codes are i18n keys. */
export type MarkupWarningCode =
  | 'PAYWALL_MARKUP_UNCLOSED'
  | 'PAYWALL_MARKUP_NESTED_BEGIN'
  | 'PAYWALL_MARKUP_STRAY_END'
  | 'PAYWALL_MARKUP_NEAR_MISS'
  | 'PAYWALL_MARKUP_SPLIT'
  | 'PAYWALL_MARKUP_HIDDEN'
  | 'PAYWALL_MARKERS_EMPTY'
  | 'PAYWALL_AUTO_PREVIEW'
  | 'PAYWALL_ALL_PAID'
  | 'PAYWALL_FREE_POST_HAS_REGIONS'
  | 'PAYWALL_PAID_POST_NO_PAID_TEXT'
  | 'PAYWALL_DESCRIPTION_QUOTES_PAID'

export interface MarkupWarning {
  code: MarkupWarningCode
  params?: Record<string, string | number>
}
