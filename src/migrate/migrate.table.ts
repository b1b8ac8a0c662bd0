/** A row brought from another engine, and what it became here (migration 0029). */
export interface MigratedRowTable {
  source: string
  kind: string
  source_id: string
  target_id: number
  migrated_at: string
}
