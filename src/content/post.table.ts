import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Public columns only: the body source and paid text live in paywall-owned tables. */
export interface PostTable {
  id: Generated<number>
  channel_id: number
  title: string
  slug: string
  cover_url: string | null
  description: Generated<string>
  /** price in 分 */
  price: number
  /** who may read the regions of a price-0 post: members, or VIP of `vip_level` */
  access: 'members' | 'vip'
  vip_level: number
  status: 'draft' | 'published' | 'hidden' | 'trashed'
  flag_top: number
  flag_hot: number
  flag_recommend: number
  flag_new: number
  weight: number
  author_id: number | null
  published_at: string | null
  created_at: string
  updated_at: string
  word_count: Generated<number>
  free_char_count: Generated<number>
  paid_char_count: Generated<number>
  page_count: Generated<number>
  paid_region_count: Generated<number>
  /** where an import came from, for messages only */
  source_name: string | null
  /** the post's tags as JSON `[{"name","slug"}]` in name order, kept by setPostTags (tag names never change) */
  tag_list: Generated<string>
  /** when it went to the trash, and the status it comes back to */
  trashed_at: string | null
  status_before_trash: 'draft' | 'published' | 'hidden' | null
  /** the share of the text an automatic preview shows for this post; null: the site's (settings.previewShare) */
  preview_share: number | null
  /** 1: its last compile made an automatic preview (priced, no paid markers); null: compiled before this was kept */
  auto_preview: number | null
}
export type PostRow = Selectable<PostTable>
export type NewPostRow = Insertable<PostTable>
export type PostPatch = Updateable<PostTable>

/** View counts, narrow so that batched increments touch few pages. */
export interface PostViewTable {
  post_id: number
  views: number
}

/**
 * The free side of the compiled body, in order. A paid region has a row here too,
 * kind 'paid', with empty html: it says where the paywall card goes and how many
 * characters it hides — never what they are.
 */
export interface PostSegmentTable {
  post_id: number
  position: number
  page: number
  kind: 'free' | 'paid'
  html: string
  char_count: number
}
export type PostSegmentRow = Selectable<PostSegmentTable>
