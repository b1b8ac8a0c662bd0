import type { DbOrTrx } from '../platform/db/database.ts'
import type { Channel } from './channel.ts'
import type { ChannelRow, NewChannelRow } from './channel.table.ts'

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind,
    name: row.name,
    slug: row.slug,
    linkUrl: row.link_url,
    seoTitle: row.seo_title,
    seoKeywords: row.seo_keywords,
    seoDescription: row.seo_description,
    weight: row.weight,
    pageSize: row.page_size,
    vipLevel: row.vip_level,
  }
}

export async function listChannels(db: DbOrTrx): Promise<Channel[]> {
  const rows = await db.selectFrom('channels').selectAll().execute()
  return rows.map(toChannel)
}

export async function findChannelBySlug(db: DbOrTrx, slug: string): Promise<Channel | undefined> {
  const row = await db.selectFrom('channels').selectAll().where('slug', '=', slug).executeTakeFirst()
  return row ? toChannel(row) : undefined
}

export async function findChannelByName(db: DbOrTrx, name: string): Promise<Channel | undefined> {
  const row = await db.selectFrom('channels').selectAll().where('name', '=', name).orderBy('id').executeTakeFirst()
  return row ? toChannel(row) : undefined
}

export async function insertChannel(db: DbOrTrx, row: NewChannelRow): Promise<number> {
  const inserted = await db.insertInto('channels').values(row).returning('id').executeTakeFirstOrThrow()
  return inserted.id
}
