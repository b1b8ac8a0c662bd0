import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** Each indexed post's related-words (search/related-words.ts), written with its index row. */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_related_words')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('words', 'text', (c) => c.notNull())
    .execute()
}
