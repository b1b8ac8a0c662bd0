import type { ColumnDefinitionBuilder, Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * `member_consents`: a member agreed to the site's 用户协议 and 隐私政策 (PIPL
 * asks that consent can be shown): when, from where, and which version of the
 * texts (a digest of both, as shown at the time). A row per agreement, kept.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())
  await db.schema
    .createTable('member_consents')
    .addColumn('id', 'integer', id)
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .execute()
  await db.schema.createIndex('member_consents_member').on('member_consents').columns(['member_id', 'agreed_at']).execute()
}
