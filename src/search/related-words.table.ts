import type { Generated } from 'kysely'

/** A post's related-words row: the words its related posts are looked up by, and those posts once ranked (search/related-words.ts). */
export interface RelatedWordsTable {
  post_id: number
  /** words joined with U+001F */
  words: string
  /** the ranked related post ids, comma-separated, best first; null until ranked for these words */
  related_ids: Generated<string | null>
  /** when they were ranked (ISO); '' until then */
  related_at: Generated<string>
}
