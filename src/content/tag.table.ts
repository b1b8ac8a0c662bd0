import type { Generated, Selectable } from 'kysely'

export interface TagTable {
  id: Generated<number>
  name: string
  slug: string
  post_count: number
}
export type TagRow = Selectable<TagTable>

export interface PostTagTable {
  post_id: number
  tag_id: number
}
