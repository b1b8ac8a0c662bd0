import type { DbOrTrx } from '../platform/db/database.ts'

export async function readSettings(db: DbOrTrx): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('settings').selectAll().execute()
  const out: Record<string, unknown> = {}
  for (const r of rows) {
    try {
      out[r.key] = JSON.parse(r.value)
    } catch {
      // a hand-edited row that is not JSON is ignored; defaults apply
    }
  }
  return out
}

/** One setting's stored value (undefined when absent or not JSON). */
export async function readSetting(db: DbOrTrx, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  if (!row) return undefined
  try {
    return JSON.parse(row.value)
  } catch {
    return undefined
  }
}

export async function writeSetting(db: DbOrTrx, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value)
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute()
}
