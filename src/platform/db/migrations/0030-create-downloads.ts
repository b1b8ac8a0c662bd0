import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** `downloads`: each file a buyer took of a post (DOCX or PDF), who, when and from where: the owner can see who takes what. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
  await db.schema
    .createTable('downloads')
    .addColumn('id', 'integer', id)
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('guest_key', 'text')
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('downloads_by_member').on('downloads').columns(['member_id', 'at']).execute()
  await db.schema.createIndex('downloads_by_post').on('downloads').columns(['post_id', 'at']).execute()
}
