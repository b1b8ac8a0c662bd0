import type { DbOrTrx } from '../platform/db/database.ts'

export type MigratedKind = 'channel' | 'post' | 'member' | 'order' | 'tag'

/** What each row of a source already became here: a second run updates these, a stopped one goes on. */
export async function loadMigrated(db: DbOrTrx, source: string, kind: MigratedKind): Promise<Map<string, number>> {
  const rows = await db.selectFrom('migrated_rows').select(['source_id', 'target_id']).where('source', '=', source).where('kind', '=', kind).execute()
  return new Map(rows.map((r) => [r.source_id, r.target_id]))
}

export async function recordMigrated(db: DbOrTrx, source: string, kind: MigratedKind, sourceId: string | number, targetId: number, at: string): Promise<void> {
  await db
    .insertInto('migrated_rows')
    .values({ source, kind, source_id: String(sourceId), target_id: targetId, migrated_at: at })
    .onConflict((oc) => oc.columns(['source', 'kind', 'source_id']).doUpdateSet({ target_id: targetId, migrated_at: at }))
    .execute()
}
