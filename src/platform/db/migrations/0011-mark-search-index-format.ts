import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Search index format 2 keeps paid words apart from free ones (search/index-doc.ts),
 * so that a reader's phrases and exclusions can leave paid text out. An index with
 * posts in it was built before: it stays at format 1 (no setting) until
 * `npx inkgate search reindex` rebuilds it, and until then phrases and exclusions
 * look at titles and tags only. An empty database starts at format 2.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  const anyPost = await db.selectFrom('posts').select('id').limit(1).executeTakeFirst()
  if (!anyPost) await db.insertInto('settings').values({ key: 'search_index_format', value: '2' }).execute()
}
