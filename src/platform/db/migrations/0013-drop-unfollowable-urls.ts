import type { Kysely } from 'kysely'
import { followableUrl } from '../../../shared/followable-url.ts'
import type { Dialect } from '../database.ts'

/**
 * The first release stored any cover, link or logo it was given (a `javascript:`
 * cover reached /api/v1 and og:image). From now on only URLs we would follow are
 * stored (shared/followable-url.ts); this clears the others already stored.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const posts = await db.selectFrom('posts').select(['id', 'cover_url']).where('cover_url', 'is not', null).execute()
  for (const p of posts) if (!followableUrl(p.cover_url)) await db.updateTable('posts').set({ cover_url: null }).where('id', '=', p.id).execute()
  const links = await db.selectFrom('channels').select(['id', 'link_url']).where('link_url', 'is not', null).execute()
  for (const c of links) if (!followableUrl(c.link_url)) await db.updateTable('channels').set({ link_url: null }).where('id', '=', c.id).execute()
  const logo = await db.selectFrom('settings').select('value').where('key', '=', 'logoUrl').executeTakeFirst()
  if (logo) {
    let value: unknown
    try {
      value = JSON.parse(logo.value)
    } catch {}
    if (typeof value !== 'string' || !followableUrl(value)) await db.updateTable('settings').set({ value: '""' }).where('key', '=', 'logoUrl').execute()
  }
}
