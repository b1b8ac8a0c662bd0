import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Payment credentials entered in the console (a provider the environment does
 * not configure): one row per provider, its variables as JSON sealed with
 * AES-256-GCM (platform/crypto, purpose `payments`), never readable from the
 * database alone.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('payment_credentials')
    .addColumn('provider', 'text', (c) => c.primaryKey())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute()
}
