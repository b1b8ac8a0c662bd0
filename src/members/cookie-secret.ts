import { randomBytes } from 'node:crypto'
import type { Db } from '../platform/db/database.ts'

/**
 * The key that signs cookies and CSRF tokens. Production must give
 * INKGATE_COOKIE_SECRET (the config loader insists). Elsewhere one is made on
 * first start and kept in the settings table, so logins and guests' purchases
 * survive a restart of a development site and every process shares it.
 */
export async function resolveCookieSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured
  const key = 'cookie_secret'
  const found = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  if (found) return JSON.parse(found.value) as string
  const made = randomBytes(32).toString('base64url')
  await db
    .insertInto('settings')
    .values({ key, value: JSON.stringify(made) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const stored = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()
  return JSON.parse(stored.value) as string
}
