import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * A site moved in from another engine: `migrated_rows` maps each row brought
 * (by source, kind and the source's id) to ours, so a second run updates
 * instead of duplicating and a stopped run goes on; `legacy_urls` holds the
 * old site's addresses, each answered with a 301 to its new one.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('migrated_rows')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('migrated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('migrated_rows_pk', ['source', 'kind', 'source_id'])
    .execute()
  await db.schema
    .createTable('legacy_urls')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}
