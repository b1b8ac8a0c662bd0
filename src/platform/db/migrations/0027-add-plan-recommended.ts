import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** The plan the owner recommends: the VIP page marks it (推荐). At most one is set; 0 or 1. */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('vip_plans')
    .addColumn('recommended', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
