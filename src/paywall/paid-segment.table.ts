import type { Generated, Selectable } from 'kysely'

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

/** An earlier source of a post, kept at each save (migration 0020): paid text too, so paywall/ only. */
export interface PostRevisionTable {
  id: Generated<number>
  post_id: number
  format: 'html' | 'text' | 'markdown'
  source: string
  /** when the source was replaced (it was the post's source until then) */
  saved_at: string
  /** who replaced it (an actor label) */
  saved_by: string
}

/** Another engine's own columns of a post (migration 0031), JSON name/value pairs: may hold paid links, so paywall/ only. */
export interface PostCustomFieldsTable {
  post_id: number
  source: string
  fields: string
  updated_at: string
}

/** A staff member's autosaved editor state for one post ('' for a new one), migration 0026: paid text too. */
export interface PostDraftTable {
  member_id: number
  post_key: string
  /** the form's other fields, as JSON */
  fields: string
  format: 'html' | 'text' | 'markdown'
  source: string
  saved_at: string
}
