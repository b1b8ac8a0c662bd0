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

/** A new list channel at the top level with the defaults an owner starts from (20 posts a page, no SEO text, open to all). */
export function newListChannel(name: string, slug: string, at: string): NewChannelRow {
  return { parent_id: null, kind: 'list', name, slug, link_url: null, seo_title: '', seo_keywords: '', seo_description: '', weight: 0, page_size: 20, vip_level: 0, created_at: at, updated_at: at }
}

export async function insertChannel(db: DbOrTrx, row: NewChannelRow): Promise<number> {
  const inserted = await db.insertInto('channels').values(row).returning('id').executeTakeFirstOrThrow()
  return inserted.id
}

/**
 * A channel brought from another site, made or (`existingId`) updated in place.
 * A slug another channel holds gets `suffix` (the source's id).
 */
export async function upsertImportedChannel(db: DbOrTrx, existingId: number | undefined, row: Omit<NewChannelRow, 'created_at' | 'updated_at'>, suffix: string, at: string): Promise<number> {
  const holder = await db.selectFrom('channels').select('id').where('slug', '=', row.slug).executeTakeFirst()
  const slug = holder && holder.id !== existingId ? `${row.slug}-${suffix}` : row.slug
  if (existingId !== undefined && (await db.selectFrom('channels').select('id').where('id', '=', existingId).executeTakeFirst())) {
    await db
      .updateTable('channels')
      .set({ ...row, slug, updated_at: at })
      .where('id', '=', existingId)
      .execute()
    return existingId
  }
  return insertChannel(db, { ...row, slug, created_at: at, updated_at: at })
}
