import type { DbOrTrx } from '../platform/db/database.ts'

/**
 * Keeps old addresses (path only, decoded, no query) pointing at their new
 * ones; a second run updates. 500 a statement (a site brings hundreds of
 * thousands); a path given twice keeps its last target, as one statement may
 * not touch a row twice.
 */
export async function saveLegacyUrls(db: DbOrTrx, source: string, urls: Array<{ path: string; target: string }>, at: string): Promise<void> {
  const unique = [...new Map(urls.map((u) => [u.path, u.target])).entries()]
  for (let i = 0; i < unique.length; i += 500) {
    await db
      .insertInto('legacy_urls')
      .values(unique.slice(i, i + 500).map(([path, target]) => ({ path, target, source, created_at: at })))
      .onConflict((oc) => oc.column('path').doUpdateSet((eb) => ({ target: eb.ref('excluded.target'), source: eb.ref('excluded.source') })))
      .execute()
  }
}

/** The query keys of an old engine's plain links on its home page (WordPress's `/?p=12`, `/?page_id=3`, `/?cat=5`, `/?tag=x`). */
export const LEGACY_HOME_KEYS = ['p', 'page_id', 'cat', 'tag'] as const

/** Where an old plain link to the home page with one of those keys (kept as the path `/?p=12`) now lives. */
export async function findLegacyHomeTarget(db: DbOrTrx, query: Record<string, unknown>): Promise<string | undefined> {
  for (const key of LEGACY_HOME_KEYS) {
    const value = query[key]
    if (typeof value !== 'string' || !value || value.length > 200) continue
    const row = await db.selectFrom('legacy_urls').select('target').where('path', '=', `/?${key}=${value}`).executeTakeFirst()
    if (row) return row.target
  }
  return undefined
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
