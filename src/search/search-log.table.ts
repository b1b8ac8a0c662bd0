/** One row per query per day (UTC+8 day): how often it was searched and how many posts it found. */
export interface SearchLogTable {
  day: string
  query: string
  searches: number
  hits: number
}
