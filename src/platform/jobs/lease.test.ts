import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { openTestDb, testDialects, testRedisUrl } from '../../../test/helpers/dialects.ts'
import { createLease } from './lease.ts'

const quiet = { warn: () => {}, info: () => {} }
const stores = [...testDialects().map((d) => ({ name: d, redis: false })), ...(testRedisUrl() ? [{ name: 'redis', redis: true }] : [])]

for (const store of stores) {
  test(`${store.name}: one process holds the jobs' lease; another takes it when the holder stops or goes silent`, async (t) => {
    const { handle, dispose } = await openTestDb(store.name === 'postgres' ? 'postgres' : 'sqlite')
    t.after(dispose)
    const redis = store.redis ? new Redis(testRedisUrl() as string) : undefined
    t.after(() => redis?.disconnect())
    let clock = 1_000_000
    const prefix = `test:lease:${process.pid}:${Math.random().toString(36).slice(2)}:`
    const make = () => createLease({ name: 'jobs', db: handle.db, ...(redis ? { redis } : {}), redisPrefix: prefix, ttlMs: 3000, now: () => clock, log: quiet })
    const a = make()
    const b = make()
    assert.equal(await a.renew(), true)
    assert.equal(await b.renew(), false, 'held by another')
    assert.equal(a.held(), true)
    assert.equal(await a.renew(), true, 'the holder renews')
    // the holder stops cleanly: the lease is free at once
    await a.stop()
    assert.equal(await b.renew(), true)
    assert.equal(a.held(), false)
    // the holder goes silent: once its lease has run out, another takes it
    assert.equal(await a.renew(), false)
    if (!redis) {
      clock += 3001
      assert.equal(b.held(), false, 'a silent holder stops trusting its lease before it runs out')
      assert.equal(await a.renew(), true)
    } else {
      await new Promise((r) => setTimeout(r, 3100))
      assert.equal(await a.renew(), true)
    }
    assert.equal(await b.renew(), false)
    await a.stop()
  })
}
