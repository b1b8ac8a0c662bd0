import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * The editor's autosave on the server: one draft per staff member and post
 * (`post_key` is the post's slug, '' for a post not saved yet). A draft holds
 * the body as typed, paid regions included, so it is a paywall table.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('post_drafts')
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('post_key', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_drafts_pk', ['member_id', 'post_key'])
    .execute()
}
