import { sql, type RawBuilder } from 'kysely'
import type { Db, Trx } from '../platform/db/database.ts'
import { COUNT_CAP, FACET_SAMPLE, type EngineResult, type EngineSearch, type SearchEngine, type SearchFilter } from './search-engine.ts'
import { countFacets, ids, published } from './engine-sql.ts'
import type { ParsedQuery } from './search-query.ts'
import { docVectors, quoteLexeme, RANK_WEIGHTS, toTsquery, toTsqueryPrefix } from './tsquery-syntax.ts'

/*
 * PostgreSQL: a tsvector per post built from our own segmentation (A title and
 * tags, B free and paid text, D sub-words), a GIN index, ts_rank_cd ranking.
 * A narrow title_tsv (title and tags) with its own GIN index serves the
 * title-first order of broad queries, suggestions and related posts without
 * reading the large vectors.
 */
/**
 * The planner's two mistakes on a 2-core machine, corrected for searches only:
 * parallel workers cost more to start than a search takes, and for a very
 * common word it walks the primary key and unpacks each post's large vector to
 * test it (10–30 ms), or scans the table, where the GIN bitmap answers without
 * reading a vector. Counting therefore runs with plain index and table scans off.
 */
async function plannerFor(trx: Trx, step: 'count' | 'fetch'): Promise<void> {
  if (step === 'count') {
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx)
    await sql`SET LOCAL enable_indexscan = off`.execute(trx)
    await sql`SET LOCAL enable_seqscan = off`.execute(trx)
  } else {
    await sql`SET LOCAL enable_indexscan = on`.execute(trx)
    await sql`SET LOCAL enable_seqscan = on`.execute(trx)
  }
}

/** Above this many estimated matches a query is treated as broad without counting. */
const BROAD_ESTIMATE = COUNT_CAP * 20

async function estimateRows(db: Db, where: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>`EXPLAIN (FORMAT JSON) SELECT 1 FROM post_search s WHERE ${where}`.execute(db)
  return Number(r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0)
}

export function createPostgresEngine(): SearchEngine {
  async function countCapped(db: Db, where: RawBuilder<unknown>, filter: SearchFilter): Promise<number> {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM (SELECT 1 FROM post_search s JOIN posts p ON p.id = s.post_id
      WHERE ${where} AND ${published(filter)} LIMIT ${COUNT_CAP + 1}) x`.execute(db)
    return Number(r.rows[0]?.n ?? 0)
  }

  async function searchIn(trx: Trx, q: ParsedQuery, o: EngineSearch): Promise<EngineResult> {
    const db = trx as unknown as Db
    const tsq = sql`${toTsquery(q, { scope: o.scope })}::tsquery`
    const matches = sql`s.tsv @@ ${tsq}`
    // Counting the posts of a word in most of them means reading its whole GIN
    // list (8 ms at 100k posts): when the planner's statistics already say the
    // query is broad, that count is skipped.
    const estimate = await estimateRows(db, matches)
    await plannerFor(trx, 'count')
    const n = estimate > BROAD_ESTIMATE ? COUNT_CAP + 1 : await countCapped(db, matches, o.filter)
    const capped = n > COUNT_CAP
    const total = Math.min(n, COUNT_CAP)
    if (!n) return { total: 0, capped: false, ids: [] }
    const select = (where: RawBuilder<unknown>, order: RawBuilder<unknown>, limit: number, offset: number) =>
      ids(
        db,
        sql<{ id: number }>`SELECT p.id FROM post_search s JOIN posts p ON p.id = s.post_id LEFT JOIN post_views v ON v.post_id = p.id
        WHERE ${where} AND ${published(o.filter)} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
      )
    if (!capped || o.sort !== 'relevance') {
      if (o.sort === 'newest') return { total, capped, ids: await select(matches, sql`p.published_at DESC, p.id DESC`, o.limit, o.offset) }
      if (o.sort === 'views') return { total, capped, ids: await select(matches, sql`coalesce(v.views, 0) DESC, p.published_at DESC, p.id DESC`, o.limit, o.offset) }
      return { total, capped, ids: await select(matches, sql`ts_rank_cd(${RANK_WEIGHTS}::float4[], s.tsv, ${tsq}) DESC, p.id DESC`, o.limit, o.offset) }
    }
    // broad query: title/tag matches first (ranked when few), then the rest newest first — as on SQLite.
    // Title words are in tsv too, so without exclusions the title condition alone decides (no vector to unpack).
    const positive = sql`${toTsquery(q, { positiveOnly: true })}::tsquery`
    const inTitle = q.excluded.length ? sql`${matches} AND s.title_tsv @@ ${positive}` : sql`s.title_tsv @@ ${positive}`
    const titleCount = await countCapped(db, inTitle, o.filter)
    await plannerFor(trx, 'fetch')
    const head = titleCount > COUNT_CAP ? Number.POSITIVE_INFINITY : titleCount
    const titleOrder = Number.isFinite(head) ? sql`ts_rank_cd(s.title_tsv, ${positive}) DESC, p.id DESC` : sql`p.id DESC`
    const out: number[] = []
    if (o.offset < head) out.push(...(await select(inTitle, titleOrder, Math.min(o.limit, head - o.offset), o.offset)))
    if (out.length < o.limit && Number.isFinite(head)) {
      out.push(...(await select(sql`${matches} AND NOT (s.title_tsv @@ ${positive})`, sql`p.id DESC`, o.limit - out.length, Math.max(0, o.offset - head))))
    }
    return { total, capped, ids: out }
  }

  return {
    kind: 'postgres',

    async upsert(db, doc) {
      const { tsv, titleTsv } = docVectors(doc)
      await sql`INSERT INTO post_search (post_id, title_tsv, tsv) VALUES (${doc.postId}, ${titleTsv}::tsvector, ${tsv}::tsvector)
        ON CONFLICT (post_id) DO UPDATE SET title_tsv = excluded.title_tsv, tsv = excluded.tsv`.execute(db)
    },

    async upsertMany(db, docs) {
      // one statement per 500 posts instead of 500 round trips
      for (let i = 0; i < docs.length; i += 500) {
        const rows = docs.slice(i, i + 500).map((doc) => {
          const { tsv, titleTsv } = docVectors(doc)
          return sql`(${doc.postId}, ${titleTsv}::tsvector, ${tsv}::tsvector)`
        })
        await sql`INSERT INTO post_search (post_id, title_tsv, tsv) VALUES ${sql.join(rows)}
          ON CONFLICT (post_id) DO UPDATE SET title_tsv = excluded.title_tsv, tsv = excluded.tsv`.execute(db)
      }
    },

    async remove(db, postId) {
      await sql`DELETE FROM post_search WHERE post_id = ${postId}`.execute(db)
    },

    async clear(db) {
      // TRUNCATE gives the space back at once (a DELETE would leave the table and its TOAST at twice the size)
      await sql`TRUNCATE post_search`.execute(db)
    },

    async search(db, q, o: EngineSearch) {
      // one transaction, so planner settings apply to this search only
      return db.transaction().execute((trx) => searchIn(trx, q, o))
    },

    async facets(outer, q, filter, scope) {
      return outer.transaction().execute(async (trx) => {
        await plannerFor(trx, 'count')
        const db = trx as unknown as Db
        const sample = sql`SELECT p.id, p.channel_id FROM post_search s JOIN posts p ON p.id = s.post_id
          WHERE s.tsv @@ ${toTsquery(q, { scope })}::tsquery AND ${published(filter)} LIMIT ${FACET_SAMPLE + 1}`
        return countFacets(db, sample)
      })
    },

    async inTitles(db, q, filter, limit) {
      return ids(
        db,
        sql<{ id: number }>`SELECT p.id FROM post_search s JOIN posts p ON p.id = s.post_id
        WHERE s.title_tsv @@ ${toTsquery(q, { positiveOnly: true })}::tsquery AND ${published(filter)} ORDER BY p.id DESC LIMIT ${limit}`,
      )
    },

    async suggest(db, words, filter, limit) {
      if (!words.length) return []
      const tsq = sql`${toTsqueryPrefix(words)}::tsquery`
      return ids(
        db,
        sql<{ id: number }>`SELECT m.id FROM (SELECT s.post_id AS id, ts_rank_cd(s.title_tsv, ${tsq}) AS score FROM post_search s
        WHERE s.title_tsv @@ ${tsq} ORDER BY s.post_id DESC LIMIT 300) m JOIN posts p ON p.id = m.id WHERE ${published(filter)}
        ORDER BY m.score DESC, m.id DESC LIMIT ${limit}`,
      )
    },

    async relatedCandidates(db, words, filter, perWord) {
      const found = new Set<number>()
      for (const word of words) {
        const rows = await sql<{ id: number }>`SELECT s.post_id AS id FROM post_search s JOIN posts p ON p.id = s.post_id
          WHERE s.title_tsv @@ ${quoteLexeme(word)}::tsquery AND ${published(filter)} ORDER BY s.post_id DESC LIMIT ${perWord}`.execute(db)
        for (const r of rows.rows) found.add(Number(r.id))
      }
      return [...found]
    },

    async indexedIds(db, afterId, limit) {
      return ids(db, sql<{ id: number }>`SELECT post_id AS id FROM post_search WHERE post_id > ${afterId} ORDER BY post_id LIMIT ${limit}`)
    },

    async size(db) {
      const r = await sql<{ bytes: string }>`SELECT pg_total_relation_size('post_search') AS bytes`.execute(db)
      return Number(r.rows[0]?.bytes ?? 0)
    },

    async optimize(db) {
      await sql`VACUUM ANALYZE post_search`.execute(db)
    },

    async bulkMode() {
      return async () => undefined
    },
  }
}
