import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * `post_revisions`: the source a post had before each save (paywall/: it holds
 * paid text, like post_sources), so an editor can see and restore an earlier one.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
  await db.schema
    .createTable('post_revisions')
    .addColumn('id', 'integer', id)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('post_revisions_by_post').on('post_revisions').columns(['post_id', 'id']).execute()
}
