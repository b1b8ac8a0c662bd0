import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

export interface ChannelTable {
  id: Generated<number>
  parent_id: number | null
  kind: 'list' | 'link' | 'section'
  name: string
  slug: string
  link_url: string | null
  seo_title: string
  seo_keywords: string
  seo_description: string
  weight: number
  page_size: number
  vip_level: number
  created_at: string
  updated_at: string
}
export type ChannelRow = Selectable<ChannelTable>
export type NewChannelRow = Insertable<ChannelTable>
export type ChannelPatch = Updateable<ChannelTable>
