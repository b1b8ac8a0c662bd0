import type { Selectable } from 'kysely'

/** Paid text. Read only by paid-segment.repository.ts, through paid-reader.ts. */
export interface PaidSegmentTable {
  post_id: number
  position: number
  html: string
  char_count: number
}
export type PaidSegmentRow = Selectable<PaidSegmentTable>

/** The body as the editor wrote it (markers and paid text included); never served to the public. */
export interface PostSourceTable {
  post_id: number
  format: 'html' | 'text' | 'markdown'
  source: string
}
