import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { testRedisUrl } from '../../test/helpers/dialects.ts'
import { createMemoryCounter, createRedisCounter, type RateCounter } from '../platform/rate-limit/counter.ts'
import { createLoginThrottle, LOGIN_LIMITS, REGISTER_LIMIT } from './login-throttle.ts'

function counters(): Array<{ name: string; make: () => Promise<{ counter: RateCounter; close: () => Promise<void> }> }> {
  const out: ReturnType<typeof counters> = [{ name: 'memory', make: async () => ({ counter: createMemoryCounter(), close: async () => {} }) }]
  const url = testRedisUrl()
  if (url) {
    out.push({
      name: 'redis',
      make: async () => {
        const redis = new Redis(url)
        const prefix = `test:t:${process.pid}:${Math.random().toString(36).slice(2)}:`
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
  return out
}

for (const kind of counters()) {
  test(`${kind.name}: guesses from strangers lock the account to strangers only; the owner's own address still gets in`, async (t) => {
    const { counter, close } = await kind.make()
    t.after(close)
    const throttle = createLoginThrottle(counter)
    await throttle.succeeded('m1', '203.0.113.7') // the owner, at home
    for (let i = 0; i < LOGIN_LIMITS.account.max; i++) {
      assert.equal(await throttle.waitFor('m1', `198.51.100.${i}`), 0)
      await throttle.failed('m1', `198.51.100.${i}`)
    }
    const wait = await throttle.waitFor('m1', '198.51.100.99')
    assert.ok(wait > 14 * 60_000 && wait <= 15 * 60_000, `a stranger waits out the window (${wait} ms)`)
    assert.equal(await throttle.waitFor('m1', '203.0.113.7'), 0, 'the owner is not locked out')
    assert.equal(await throttle.waitFor('m2', '198.51.100.99'), 0, 'other accounts are untouched')
    // the owner's own address has a limit of its own, so a guesser sharing it cannot go on either
    for (let i = 0; i < LOGIN_LIMITS.knownAddress.max; i++) await throttle.failed('m1', '203.0.113.7')
    assert.ok((await throttle.waitFor('m1', '203.0.113.7')) > 0)
    await throttle.succeeded('m1', '203.0.113.7')
    assert.equal(await throttle.waitFor('m1', '203.0.113.7'), 0, 'a success clears it')
  })

  test(`${kind.name}: one address guessing many accounts is stopped, but not the people who log in from it`, async (t) => {
    const { counter, close } = await kind.make()
    t.after(close)
    const throttle = createLoginThrottle(counter)
    await throttle.succeeded('m-colleague', '192.0.2.1') // an office behind one address
    for (let i = 0; i < LOGIN_LIMITS.address.max; i++) await throttle.failed(`n:guess${i}`, '192.0.2.1')
    assert.ok((await throttle.waitFor('n:another', '192.0.2.1')) > 0, 'the guessing address is stopped')
    assert.equal(await throttle.waitFor('m-colleague', '192.0.2.1'), 0, 'a colleague who logged in from there before still can')
    assert.equal(await throttle.waitFor('n:another', '192.0.2.2'), 0)
  })

  test(`${kind.name}: sign-ups are limited per address`, async (t) => {
    const { counter, close } = await kind.make()
    t.after(close)
    const throttle = createLoginThrottle(counter)
    for (let i = 0; i < REGISTER_LIMIT.max; i++) assert.equal(await throttle.register('192.0.2.5'), 0)
    assert.ok((await throttle.register('192.0.2.5')) > 0)
    assert.equal(await throttle.register('192.0.2.6'), 0)
  })
}
