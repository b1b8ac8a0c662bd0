import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BuyerCounts } from './buyer-counts.ts'

test('buyer counts are read together, once a minute, again after a change or a new threshold', async () => {
  let clock = 0
  const loads: number[] = []
  let data = new Map([[7, 12]])
  const counts = new BuyerCounts(
    async (min) => {
      loads.push(min)
      return new Map([...data].filter(([, n]) => n >= min))
    },
    () => new Date(clock),
  )
  assert.equal(await counts.of(7, 0), 0, 'a threshold of 0 shows nothing and reads nothing')
  assert.deepEqual(loads, [])
  const [a, b] = await Promise.all([counts.of(7, 10), counts.of(8, 10)])
  assert.deepEqual([a, b, loads], [12, 0, [10]], 'pages that find it stale share one read')
  data = new Map([[7, 13]])
  clock += 30_000
  assert.equal(await counts.of(7, 10), 12, 'within the minute, the count held')
  clock += 31_000
  assert.equal(await counts.of(7, 10), 13)
  assert.equal(await counts.of(7, 20), 0, 'a new threshold reads again')
  counts.clear()
  data = new Map([[7, 25]])
  assert.equal(await counts.of(7, 20), 25, 'a change anywhere reads again')
  assert.deepEqual(loads, [10, 10, 20, 20])
})
