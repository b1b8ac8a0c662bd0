import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** An admin may disable an account: it can no longer log in, and its sessions end (members/member.service.ts). */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('members').addColumn('disabled_at', 'text').execute()
}
