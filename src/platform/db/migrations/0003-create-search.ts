import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * The search index stores tokens, never text (so it cannot quote paid text, and
 * the stored text is not doubled): on SQLite a contentless FTS5 table, on
 * PostgreSQL a tsvector per post with a GIN index. Rows exist for every post
 * whatever its status; queries join posts for status and publish time, so
 * hiding, publishing or scheduling needs no re-index.
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE post_search USING fts5(title, tags, free, paid, extra, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1)`.execute(db)
    // title and tags count most; search-mode sub-words (学习 inside 认真学习) least
    await sql`INSERT INTO post_search (post_search, rank) VALUES ('rank', 'bm25(8.0, 5.0, 1.0, 1.0, 0.4)')`.execute(db)
  } else {
    await db.schema
      .createTable('post_search')
      .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
      .addColumn('title_tsv', sql`tsvector`, (c) => c.notNull())
      .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
      .execute()
    await sql`CREATE INDEX post_search_tsv ON post_search USING gin (tsv)`.execute(db)
    await sql`CREATE INDEX post_search_title_tsv ON post_search USING gin (title_tsv)`.execute(db)
  }
  // what readers search for, per day, for hot searches (bots are not counted)
  await db.schema
    .createTable('search_log')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('searches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('search_log_pk', ['day', 'query'])
    .execute()
  await db.schema.createIndex('search_log_by_query').on('search_log').columns(['query', 'day']).execute()
}
