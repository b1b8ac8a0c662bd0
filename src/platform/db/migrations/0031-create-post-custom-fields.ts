import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * `post_custom_fields`: the columns another engine kept beside a post (a
 * FastAdmin model's own fields: a version, a 网盘 link and its code), as JSON
 * name/value pairs. They were never redacted there and may hold what buyers
 * paid for, so this is a paywall table: shown to the post's editors only.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_custom_fields')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}
