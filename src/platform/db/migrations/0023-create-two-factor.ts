import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Two-factor sign-in for staff (RFC 6238 TOTP). `member_totp`: the authenticator's
 * seed, sealed (AES-256-GCM, platform/crypto), set up when `enabled_at` is set, and
 * the last time step a code was accepted for (a code works once). `member_recovery_codes`:
 * ten one-time codes for a lost phone, kept as SHA-256.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('member_totp')
    .addColumn('member_id', 'integer', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('enabled_at', 'text')
    .addColumn('last_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('member_recovery_codes')
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('member_recovery_codes_pk', ['member_id', 'code_hash'])
    .execute()
}
