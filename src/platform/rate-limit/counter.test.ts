import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { testRedisUrl } from '../../../test/helpers/dialects.ts'
import { createMemoryCounter, createRedisCounter, take, type RateCounter } from './counter.ts'

const kinds: Array<{ name: string; make: (now: () => number) => Promise<{ counter: RateCounter; close: () => Promise<void> }> }> = [
  { name: 'memory', make: async (now) => ({ counter: createMemoryCounter(now), close: async () => {} }) },
]
const redisUrl = testRedisUrl()
if (redisUrl) {
  kinds.push({
    name: 'redis',
    make: async () => {
      const redis = new Redis(redisUrl)
      const prefix = `test:${Math.random().toString(36).slice(2)}:`
      return {
        counter: createRedisCounter(redis, prefix),
        close: async () => {
          const keys = await redis.keys(`${prefix}*`)
          if (keys.length) await redis.del(...keys)
          redis.disconnect()
        },
      }
    },
  })
}

for (const kind of kinds) {
  test(`${kind.name}: a rule lets max events through per window, then tells how long to wait`, async (t) => {
    let clock = 1_000_000
    const { counter, close } = await kind.make(() => clock)
    t.after(close)
    const rule = { max: 3, windowMs: 60_000 }
    for (let i = 0; i < 3; i++) assert.equal(await take(counter, 'k', rule), 0)
    const wait = await take(counter, 'k', rule)
    assert.ok(wait > 0 && wait <= 60_000, String(wait))
    assert.equal(await take(counter, 'other', rule), 0, 'keys count apart')
    assert.equal((await counter.peek('k')).count, 4)
    await counter.clear('k')
    assert.equal(await take(counter, 'k', rule), 0)
    if (kind.name === 'memory') {
      clock += 61_000
      assert.equal((await counter.peek('other')).count, 0, 'the window ended')
    }
  })
}
