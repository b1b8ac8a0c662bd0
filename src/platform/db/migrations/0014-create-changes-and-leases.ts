import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * `changes`: one row whose version goes up with every write that changes what the
 * public sees; each process polls it (about once a second) and drops the pages,
 * lists and settings it holds when it moves, so a post imported by the command
 * line or saved in another server shows everywhere within a second or two.
 * `job_leases`: which process runs the cluster's background jobs, until when.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('changes')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.insertInto('changes').values({ id: 1, version: 0 }).execute()
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
}
