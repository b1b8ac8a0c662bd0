import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * SQLite: titles and tags get a small index of their own. Related posts and
 * suggestions look only at titles; in the full index a common word's list
 * covers most posts (it is in their text), so a title-only query had to walk
 * it all (5 ms p50, 17 ms p95 at 100k posts for related posts). PostgreSQL has
 * post_search.title_tsv for the same purpose.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return
  await sql`CREATE VIRTUAL TABLE post_titles USING fts5(title, tags, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`.execute(db)
  await sql`INSERT INTO post_titles (post_titles, rank) VALUES ('rank', 'bm25(2.0, 1.0)')`.execute(db)
}
