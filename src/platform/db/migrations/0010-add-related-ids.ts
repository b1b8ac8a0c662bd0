import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * A post's related posts, ranked ahead of time (search/related-words.ts): ranking them
 * on every page read the index once per word and the candidates' titles, two to three
 * times the rest of the page. `related_at` is '' until they are first ranked, so the
 * refresh takes the never-ranked first in plain index order.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('post_related_words').addColumn('related_ids', 'text').execute()
  await db.schema
    .alterTable('post_related_words')
    .addColumn('related_at', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.createIndex('post_related_words_related_at').on('post_related_words').column('related_at').execute()
}
