import type { Generated } from 'kysely'

export interface MediaTable {
  key: string
  ext: string
  kind: 'image' | 'file'
  mime: string
  size: number
  name: string
  sha256: string
  uploaded_by: number | null
  created_at: string
}

export interface MediaRefTable {
  post_id: number
  media_key: string
  /** 1: used inside a paid region; 0: in free text or as the cover */
  paid: Generated<number>
}
