import type { DbOrTrx } from '../platform/db/database.ts'

/** Keeps old addresses (path only, decoded, no query) pointing at their new ones; a second run updates. */
export async function saveLegacyUrls(db: DbOrTrx, source: string, urls: Array<{ path: string; target: string }>, at: string): Promise<void> {
  for (const u of urls) {
    await db
      .insertInto('legacy_urls')
      .values({ path: u.path, target: u.target, source, created_at: at })
      .onConflict((oc) => oc.column('path').doUpdateSet({ target: u.target, source }))
      .execute()
  }
}

/**
 * Where an old address now lives: its path as asked (decoded), or, for the
 * query form of an old engine's generic route (`…/index?id=2`), the same with
 * the parameter as a path pair (`…/index/id/2`).
 */
export async function findLegacyTarget(db: DbOrTrx, rawUrl: string): Promise<string | undefined> {
  const q = rawUrl.indexOf('?')
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q)
  let path: string
  try {
    path = decodeURIComponent(rawPath)
  } catch {
    return undefined
  }
  if (path.length > 500) return undefined
  const candidates = [path]
  if (q !== -1) {
    const params = new URLSearchParams(rawUrl.slice(q + 1))
    for (const key of ['id', 'diyname']) {
      const v = params.get(key)
      if (v) candidates.push(`${path.replace(/\/$/, '')}/${key}/${v}`)
    }
  }
  for (const c of candidates) {
    const row = await db.selectFrom('legacy_urls').select('target').where('path', '=', c).executeTakeFirst()
    if (row) return row.target
  }
  return undefined
}
