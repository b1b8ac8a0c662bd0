import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** `audit_log`: who did what to what, when and from where (platform/audit). */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', id)
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()
  await db.schema.createIndex('audit_log_member').on('audit_log').columns(['member_id', 'at']).execute()
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute()
}
