import { sql } from 'kysely'
import type { Db } from '../platform/db/database.ts'

/**
 * What readers search for, counted in memory and written in one transaction
 * every few seconds (a write per search would cost more than the search).
 * Days are China days (UTC+8). Bots are never counted: the caller says who is one.
 */
export function chinaDay(at: Date, daysBack = 0): string {
  return new Date(at.getTime() + 8 * 3600_000 - daysBack * 86_400_000).toISOString().slice(0, 10)
}

const KEEP_DAYS = 30

export function createSearchLog(db: Db, now: () => Date, flushMs: number) {
  let pending = new Map<string, { day: string; query: string; searches: number; hits: number }>()
  let flushing: Promise<void> = Promise.resolve()

  let prunedDay = ''
  async function flush(): Promise<void> {
    if (!pending.size) return
    const batch = [...pending.values()]
    pending = new Map()
    const today = chinaDay(now())
    await db.transaction().execute(async (trx) => {
      // hot searches look back a week: once a day, drop what is older than KEEP_DAYS
      if (prunedDay !== today) {
        await trx.deleteFrom('search_log').where('day', '<', chinaDay(now(), KEEP_DAYS)).execute()
        prunedDay = today
      }
      for (const r of batch) {
        await trx
          .insertInto('search_log')
          .values(r)
          .onConflict((oc) => oc.columns(['day', 'query']).doUpdateSet({ searches: sql`search_log.searches + ${r.searches}`, hits: sql`excluded.hits` }))
          .execute()
      }
    })
  }
  const run = () => (flushing = flushing.then(flush).catch(() => undefined))
  const timer = setInterval(run, flushMs)
  timer.unref()

  return {
    record(query: string, hits: number): void {
      if (!query || query.length > 100) return
      const day = chinaDay(now())
      const key = `${day}\u0000${query}`
      const row = pending.get(key)
      if (row) {
        row.searches++
        row.hits = hits
      } else if (pending.size < 10_000) {
        pending.set(key, { day, query, searches: 1, hits })
      }
    },
    /** the most searched queries of the last `days` days that found something */
    async top(days: number, limit: number): Promise<Array<{ query: string; searches: number }>> {
      const rows = await db
        .selectFrom('search_log')
        .select(['query', (eb) => eb.fn.sum<number>('searches').as('searches')])
        .where('day', '>=', chinaDay(now(), days - 1))
        .where('hits', '>', 0)
        .groupBy('query')
        .orderBy('searches', 'desc')
        .orderBy('query')
        .limit(limit)
        .execute()
      return rows.map((r) => ({ query: r.query, searches: Number(r.searches) }))
    },
    flush: run,
    async close(): Promise<void> {
      clearInterval(timer)
      await run()
    },
  }
}
export type SearchLog = ReturnType<typeof createSearchLog>
