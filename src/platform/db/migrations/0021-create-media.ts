import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * `media`: uploaded images and attachments (the bytes live in the file store,
 * under the data directory); `media_refs`: which post's body uses which file,
 * and whether from a paid region (written by the paywall when it compiles a
 * body). A file any paid region uses is paid content: it is served only through
 * short-lived signed URLs, to readers entitled to one of those posts.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('ext', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('media_by_time').on('media').columns(['created_at', 'key']).execute()
  await db.schema
    .createTable('media_refs')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('media_key', 'text', (c) => c.notNull())
    .addColumn('paid', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_refs_pk', ['post_id', 'media_key', 'paid'])
    .execute()
  await db.schema.createIndex('media_refs_by_key').on('media_refs').columns(['media_key', 'paid']).execute()
}
