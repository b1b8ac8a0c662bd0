/** An address of the site this one replaced (migration 0029): answered with a 301 to `target`. */
export interface LegacyUrlTable {
  path: string
  target: string
  source: string
  created_at: string
}
