import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * View counts move out of the wide posts rows into a narrow table: a flush of
 * a few hundred counts then dirties a few dozen pages instead of one page per
 * post, which is what made view flushes show in the p99 at 100k posts.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_views')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`INSERT INTO post_views (post_id, views) SELECT id, view_count FROM posts WHERE view_count > 0`.execute(db)
  await db.schema.alterTable('posts').dropColumn('view_count').execute()
}
