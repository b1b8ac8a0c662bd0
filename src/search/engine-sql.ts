import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../platform/db/database.ts'
import { FACET_SAMPLE, type Facets, type SearchFilter } from './search-engine.ts'

/**
 * What both SQL engines add to every search: the post (aliased `p`) is
 * published, its time has come, and it passes the reader's filters. Index rows
 * exist for every post, so this is where hidden, draft and scheduled posts drop out.
 */
export function published(f: SearchFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`p.status = 'published'`, sql`p.published_at <= ${f.now}`]
  if (f.channelIds?.length) parts.push(sql`p.channel_id IN (${sql.join(f.channelIds.map((id) => sql`${id}`))})`)
  if (f.price === 'free') parts.push(sql`p.price = 0`)
  if (f.price === 'paid') parts.push(sql`p.price > 0`)
  if (f.tagId !== undefined) parts.push(sql`EXISTS (SELECT 1 FROM post_tags pt WHERE pt.post_id = p.id AND pt.tag_id = ${f.tagId})`)
  if (f.excludePostId !== undefined) parts.push(sql`p.id <> ${f.excludePostId}`)
  return sql.join(parts, sql` AND `)
}

export async function ids(db: Db, query: RawBuilder<{ id: number }>): Promise<number[]> {
  return (await query.execute(db)).rows.map((r) => Number(r.id))
}

/**
 * Channel and tag counts over `sample` (a query of matching posts: `id`,
 * `channel_id`), the same SQL on both engines.
 */
export async function countFacets(db: Db, sample: RawBuilder<unknown>): Promise<Facets> {
  const channels = await sql<{ channel_id: number; n: number | string }>`SELECT channel_id, count(*) AS n FROM (${sample}) m GROUP BY channel_id ORDER BY n DESC`.execute(db)
  const tags = await sql<{ tag_id: number; n: number | string }>`SELECT pt.tag_id, count(*) AS n FROM (${sample}) m JOIN post_tags pt ON pt.post_id = m.id
    GROUP BY pt.tag_id ORDER BY n DESC LIMIT 12`.execute(db)
  return {
    channels: channels.rows.map((r) => ({ channelId: Number(r.channel_id), count: Number(r.n) })),
    tags: tags.rows.map((r) => ({ tagId: Number(r.tag_id), count: Number(r.n) })),
    sampled: channels.rows.reduce((a, r) => a + Number(r.n), 0) > FACET_SAMPLE,
  }
}
