import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Trash (回收站): a trashed post has status `trashed` (every public read asks for
 * `published`, so it is gone from the site at once) and remembers the status it
 * had, to come back to it when restored. Purging deletes it for good.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('posts').addColumn('trashed_at', 'text').execute()
  await db.schema.alterTable('posts').addColumn('status_before_trash', 'text').execute()
}
