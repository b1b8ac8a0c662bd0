import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * The console's post list reads every post whatever its status, newest first (or by
 * last change, price, author): indexes that serve those orders without sorting a
 * 100,000-post table on each page.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('posts_staff_published').on('posts').columns(['published_at', 'id']).execute()
  await db.schema.createIndex('posts_staff_updated').on('posts').columns(['updated_at', 'id']).execute()
  await db.schema.createIndex('posts_staff_price').on('posts').columns(['price', 'id']).execute()
  await db.schema.createIndex('posts_staff_author').on('posts').columns(['author_id', 'published_at', 'id']).execute()
  // a channel's posts whatever their status (the listing indexes lead with status)
  await db.schema.createIndex('posts_staff_channel').on('posts').columns(['channel_id', 'published_at', 'id']).execute()
  // the most read first: viewed posts in the order of their counts (staff-posts.service.ts, byViews)
  await db.schema.createIndex('post_views_by_views').on('post_views').columns(['views', 'post_id']).execute()
}
