import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** A provider's own id for an attempt when it is not our number (a Stripe Checkout Session id). */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('payment_attempts').addColumn('provider_ref', 'text').execute()
}
