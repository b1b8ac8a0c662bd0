import { sql, type RawBuilder } from 'kysely'
import type { Db } from '../platform/db/database.ts'
import { compiledRead } from '../platform/db/compiled-read.ts'
import { excludedFts5, quoteFts, toFts5, toFts5Prefix, toFts5Titles } from './fts5-syntax.ts'
import { COUNT_CAP, FACET_SAMPLE, type EngineSearch, type SearchEngine, type SearchFilter } from './search-engine.ts'
import { countFacets, ids, published } from './engine-sql.ts'

/**
 * SQLite: a contentless FTS5 table (tokens only, rowid = post id) over text
 * segmented in Node and joined with U+001F, which unicode61 treats as a
 * separator. bm25 weights are set once in the migration (title 8, tags 5,
 * free 1, paid 1, sub-words 0.4).
 */
// ranking related posts runs this once per related word (the job, or a page whose post is not ranked yet): compiled once
const newestWithWord = compiledRead(
  (db: Db, match: string, limit: number) => ({
    compile: () => sql<{ id: number }>`SELECT rowid AS id FROM post_titles WHERE post_titles MATCH ${match} ORDER BY rowid DESC LIMIT ${limit}`.compile(db),
  }),
  ['', 0] as [string, number],
)

export function createSqliteEngine(): SearchEngine {
  async function countCapped(db: Db, match: string, filter: SearchFilter): Promise<number> {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM post_search s JOIN posts p ON p.id = s.rowid
      WHERE s.post_search MATCH ${match} AND ${published(filter)} LIMIT ${COUNT_CAP + 1})`.execute(db)
    return Number(r.rows[0]?.n ?? 0)
  }
  const page = (o: EngineSearch) => sql`LIMIT ${o.limit} OFFSET ${o.offset}`

  async function rankedIds(db: Db, match: string, o: EngineSearch) {
    return ids(
      db,
      sql<{ id: number }>`SELECT p.id FROM post_search s JOIN posts p ON p.id = s.rowid
      WHERE s.post_search MATCH ${match} AND ${published(o.filter)} ORDER BY s.rank, s.rowid DESC ${page(o)}`,
    )
  }

  return {
    kind: 'sqlite',

    async upsert(db, doc) {
      await sql`DELETE FROM post_search WHERE rowid = ${doc.postId}`.execute(db)
      await sql`DELETE FROM post_titles WHERE rowid = ${doc.postId}`.execute(db)
      await sql`INSERT INTO post_search (rowid, title, tags, free, paid, extra) VALUES (${doc.postId}, ${doc.title}, ${doc.tags},
        ${doc.free}, ${doc.paid}, ${doc.extras})`.execute(db)
      await sql`INSERT INTO post_titles (rowid, title, tags) VALUES (${doc.postId}, ${doc.title}, ${doc.tags})`.execute(db)
    },

    async upsertMany(db, docs) {
      // statements are prepared once and cached: a loop is as fast as SQLite gets
      for (const doc of docs) await this.upsert(db, doc)
    },

    async remove(db, postId) {
      await sql`DELETE FROM post_search WHERE rowid = ${postId}`.execute(db)
      await sql`DELETE FROM post_titles WHERE rowid = ${postId}`.execute(db)
    },

    async clear(db) {
      await sql`INSERT INTO post_search (post_search) VALUES ('delete-all')`.execute(db)
      await sql`INSERT INTO post_titles (post_titles) VALUES ('delete-all')`.execute(db)
    },

    async search(db, q, o) {
      const match = toFts5(q, o.scope)
      const n = await countCapped(db, match, o.filter)
      const capped = n > COUNT_CAP
      const total = Math.min(n, COUNT_CAP)
      if (!n) return { total: 0, capped: false, ids: [] }
      if (o.sort === 'newest' || o.sort === 'views') {
        const by = o.sort === 'newest' ? sql`p.published_at DESC, p.id DESC` : sql`coalesce(v.views, 0) DESC, p.published_at DESC, p.id DESC`
        return {
          total,
          capped,
          ids: await ids(
            db,
            sql<{ id: number }>`SELECT p.id FROM post_search s JOIN posts p ON p.id = s.rowid
          LEFT JOIN post_views v ON v.post_id = p.id WHERE s.post_search MATCH ${match} AND ${published(o.filter)} ORDER BY ${by} ${page(o)}`,
          ),
        }
      }
      if (!capped) return { total, capped, ids: await rankedIds(db, match, o) }
      // A broad query (over COUNT_CAP matches, so its words are in a large share of
      // all posts and bm25 tells little): posts with the words in their title or
      // tags come first, ranked when they are few; then the rest, newest first.
      // The title tier reads the small titles index, not the full one.
      const titleMatch = toFts5Titles(q)
      const excluded = q.excluded.length ? sql`AND p.id NOT IN (SELECT rowid FROM post_search WHERE post_search MATCH ${excludedFts5(q, o.scope)})` : sql``
      const titled = (order: RawBuilder<unknown>, limit: number, offset: number) =>
        ids(
          db,
          sql<{ id: number }>`SELECT p.id FROM post_titles t JOIN posts p ON p.id = t.rowid
          WHERE t.post_titles MATCH ${titleMatch} AND ${published(o.filter)} ${excluded} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
        )
      const titleCount = Number(
        (
          await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM post_titles t JOIN posts p ON p.id = t.rowid
        WHERE t.post_titles MATCH ${titleMatch} AND ${published(o.filter)} ${excluded} LIMIT ${COUNT_CAP + 1})`.execute(db)
        ).rows[0]?.n ?? 0,
      )
      const head = titleCount > COUNT_CAP ? Number.POSITIVE_INFINITY : titleCount
      const out: number[] = []
      if (o.offset < head) out.push(...(await titled(Number.isFinite(head) ? sql`t.rank, t.rowid DESC` : sql`t.rowid DESC`, Math.min(o.limit, head - o.offset), o.offset)))
      if (out.length < o.limit && Number.isFinite(head)) {
        out.push(
          ...(await ids(
            db,
            sql<{ id: number }>`SELECT p.id FROM post_search s JOIN posts p ON p.id = s.rowid
          WHERE s.post_search MATCH ${match} AND ${published(o.filter)} AND p.id NOT IN (SELECT rowid FROM post_titles WHERE post_titles MATCH ${titleMatch})
          ORDER BY s.rowid DESC LIMIT ${o.limit - out.length} OFFSET ${Math.max(0, o.offset - head)}`,
          )),
        )
      }
      return { total, capped, ids: out }
    },

    async facets(db, q, filter, scope) {
      const match = toFts5(q, scope)
      const sample = sql`SELECT p.id, p.channel_id FROM post_search s JOIN posts p ON p.id = s.rowid WHERE s.post_search MATCH ${match} AND ${published(filter)} LIMIT ${FACET_SAMPLE + 1}`
      return countFacets(db, sample)
    },

    async inTitles(db, q, filter, limit) {
      return ids(
        db,
        sql<{ id: number }>`SELECT p.id FROM post_titles t JOIN posts p ON p.id = t.rowid
        WHERE t.post_titles MATCH ${toFts5Titles(q)} AND ${published(filter)} ORDER BY t.rowid DESC LIMIT ${limit}`,
      )
    },

    async suggest(db, words, filter, limit) {
      if (!words.length) return []
      // the newest few hundred title matches, best ranked first: bounded cost for one-character prefixes
      const rows = await sql<{ id: number; score: number }>`SELECT p.id, m.score FROM (SELECT rowid AS id, rank AS score FROM post_titles
        WHERE post_titles MATCH ${toFts5Prefix(words)} ORDER BY rowid DESC LIMIT 300) m JOIN posts p ON p.id = m.id WHERE ${published(filter)}`.execute(db)
      return rows.rows
        .sort((a, b) => a.score - b.score)
        .slice(0, limit)
        .map((r) => Number(r.id))
    },

    async relatedCandidates(db, words, filter, perWord) {
      const found = new Set<number>()
      for (const word of words) {
        // newest first without rank: the list is read only as far as it is needed (0.04 ms for a word in 12,000 titles)
        for (const r of await newestWithWord(db, quoteFts(word), perWord * 2)) found.add(Number(r.id))
      }
      // the caller reads the candidates' titles from published posts only
      found.delete(filter.excludePostId ?? -1)
      return [...found]
    },

    async indexedIds(db, afterId, limit) {
      return ids(db, sql<{ id: number }>`SELECT rowid AS id FROM post_search WHERE rowid > ${afterId} ORDER BY rowid LIMIT ${limit}`)
    },

    async size(db) {
      const r = await sql<{ bytes: number }>`SELECT coalesce(sum(pgsize), 0) AS bytes FROM dbstat WHERE name LIKE 'post_search%' OR name LIKE 'post_titles%'`.execute(db)
      return Number(r.rows[0]?.bytes ?? 0)
    },

    async optimize(db) {
      await sql`INSERT INTO post_search (post_search) VALUES ('optimize')`.execute(db)
      await sql`INSERT INTO post_titles (post_titles) VALUES ('optimize')`.execute(db)
    },

    async bulkMode(db) {
      // FTS5 merges read back the segments they merge: with the server's 16 MB page
      // cache and pread for every page, most of a rebuild went to system calls
      const before = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db)
      await sql`PRAGMA cache_size = -262144`.execute(db)
      await sql`PRAGMA mmap_size = 4294967296`.execute(db)
      return async () => {
        await sql.raw(`PRAGMA cache_size = ${Number(before.rows[0]?.cache_size ?? -16384)}`).execute(db)
        await sql`PRAGMA mmap_size = 0`.execute(db)
      }
    },
  }
}
