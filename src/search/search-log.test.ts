import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openTestDb } from '../../test/helpers/dialects.ts'
import { chinaDay, createSearchLog } from './search-log.ts'

test('days are China days, counts are batched, and rows older than 30 days are dropped', async (t) => {
  const { handle, dispose } = await openTestDb('sqlite')
  t.after(dispose)
  let at = new Date('2026-11-27T17:00:00Z') // 01:00 on the 28th in Beijing
  assert.equal(chinaDay(at), '2026-11-28')
  await handle.db.insertInto('search_log').values({ day: '2026-10-01', query: '旧词', searches: 9, hits: 3 }).execute()
  const log = createSearchLog(handle.db, () => at, 60_000)
  log.record('主题教育', 12)
  log.record('主题教育', 12)
  log.record('没有结果', 0)
  await log.flush()
  const rows = await handle.db.selectFrom('search_log').selectAll().orderBy('query').execute()
  assert.deepEqual(
    rows.map((r) => [r.day, r.query, r.searches]),
    [
      ['2026-11-28', '主题教育', 2],
      ['2026-11-28', '没有结果', 1],
    ],
  )
  assert.deepEqual(await log.top(7, 10), [{ query: '主题教育', searches: 2 }], 'queries that found nothing are not hot')
  at = new Date('2026-11-28T17:00:00Z')
  log.record('主题教育', 12)
  await log.close()
  assert.deepEqual(await log.top(7, 10), [{ query: '主题教育', searches: 3 }])
})
