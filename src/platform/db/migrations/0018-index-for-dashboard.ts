import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * The console's dashboard sums money by the day it was paid, counts new members
 * by the day they joined and ranks posts by their purchases: indexes so that it
 * reads the days it shows, not every order, member or purchase.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('orders_by_paid_at').on('orders').columns(['paid_at']).execute()
  await db.schema.createIndex('members_by_created_at').on('members').columns(['created_at']).execute()
  await db.schema.createIndex('purchases_by_post').on('purchases').columns(['post_id', 'revoked_at']).execute()
}
