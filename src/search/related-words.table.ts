/** A post's related-words row: the words its related posts are looked up by (search/related-words.ts). */
export interface RelatedWordsTable {
  post_id: number
  /** words joined with U+001F */
  words: string
}
