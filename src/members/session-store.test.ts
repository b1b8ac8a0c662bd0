import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { Redis } from 'ioredis'
import { openTestDb, testDialects, testRedisUrl } from '../../test/helpers/dialects.ts'
import { createMemberService } from './member.service.ts'
import { createDbSessionStore, createRedisSessionStore, type SessionStore } from './session-store.ts'
import { createSessionService, SESSION_DAYS } from './session.service.ts'
import { createMemoryCounter } from '../platform/rate-limit/counter.ts'
import { createLoginThrottle } from './login-throttle.ts'

const CHEAP = { logN: 10, r: 8, p: 1 }

/** Stores to test: the database on each dialect, and Redis when TEST_REDIS_URL is set (CI sets it). */
function stores(): Array<{ name: string; open: () => Promise<{ store: (db: Parameters<typeof createDbSessionStore>[0]) => SessionStore; close: () => Promise<void> }> }> {
  const out: ReturnType<typeof stores> = [{ name: 'database', open: async () => ({ store: (db) => createDbSessionStore(db), close: async () => {} }) }]
  const url = testRedisUrl()
  if (url) {
    out.push({
      name: 'redis',
      open: async () => {
        const redis = new Redis(url)
        const prefix = `test:${process.pid}:${Math.random().toString(36).slice(2)}:`
        return {
          store: () => createRedisSessionStore(redis, prefix),
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

/** A database of the dialect, sessions in the store of the kind, and a clock the test moves. */
async function openAccounts(t: TestContext, dialect: Parameters<typeof openTestDb>[0], kind: ReturnType<typeof stores>[number], staffIdleMinutes?: number) {
  const { handle, dispose } = await openTestDb(dialect)
  const opened = await kind.open()
  t.after(async () => {
    await opened.close()
    await dispose()
  })
  const clock = { now: new Date('2026-11-27T08:00:00.000Z') }
  const sessions = createSessionService({ db: handle.db, store: opened.store(handle.db), now: () => clock.now, ...(staffIdleMinutes ? { staffIdleMinutes } : {}) })
  const members = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now: () => clock.now, passwordCost: CHEAP })
  return { handle, sessions, members, clock }
}

for (const dialect of testDialects()) {
  for (const kind of stores()) {
    test(`${dialect}/${kind.name}: a staff session sat idle past its limit ends; one in use goes on; a reader's keeps the 30 days`, async (t) => {
      const { sessions, members, clock } = await openAccounts(t, dialect, kind, 120)
      await members.register({ username: 'idle_admin', password: 'admin-pass-1', role: 'admin' })
      await members.register({ username: 'idle_reader', password: 'reader-pass-1' })
      const busy = await members.logIn('idle_admin', 'admin-pass-1')
      const idle = await members.logIn('idle_admin', 'admin-pass-1')
      const reader = await members.logIn('idle_reader', 'reader-pass-1')
      // used every 100 minutes, for ten hours: each use keeps it going
      for (let i = 0; i < 6; i++) {
        clock.now = new Date(clock.now.getTime() + 100 * 60_000)
        assert.ok(await sessions.resolve(busy.token), `use ${i + 1}`)
      }
      // the other one has not been used for ten hours: ended, and stays ended
      assert.equal(await sessions.resolve(idle.token), undefined)
      clock.now = new Date(clock.now.getTime() + 60_000)
      assert.equal(await sessions.resolve(idle.token), undefined)
      assert.ok(await sessions.resolve(reader.token), 'a reader is not held to the staff limit')
      // 121 minutes unused ends the busy one too
      clock.now = new Date(clock.now.getTime() + 121 * 60_000)
      assert.equal(await sessions.resolve(busy.token), undefined)
    })
  }
}

for (const dialect of testDialects()) {
  for (const kind of stores()) {
    test(`${dialect}/${kind.name}: sessions start, slide, end, and a password change ends the others`, async (t) => {
      const { sessions, members, clock } = await openAccounts(t, dialect, kind)
      const m = await members.register({ username: 'sess_user', password: 'secret-pass-1' })
      const a = await members.logIn('sess_user', 'secret-pass-1')
      const b = await members.logIn('sess_user', 'secret-pass-1')
      assert.equal((await sessions.resolve(a.token))?.id, m.id)
      assert.equal(await sessions.resolve('x'.repeat(43)), undefined)
      assert.equal(await sessions.resolve(undefined), undefined)

      // a session used after 20 days slides to 30 days from then
      clock.now = new Date(clock.now.getTime() + 20 * 86_400_000)
      assert.equal((await sessions.resolve(a.token))?.id, m.id)
      clock.now = new Date(clock.now.getTime() + 25 * 86_400_000)
      assert.equal((await sessions.resolve(a.token))?.id, m.id, 'a used session lives on')
      assert.equal(await sessions.resolve(b.token), undefined, `an unused session ends after ${SESSION_DAYS} days`)

      const c = await members.logIn('sess_user', 'secret-pass-1')
      await members.changePassword(m, 'secret-pass-1', 'secret-pass-2', c.token)
      assert.equal(await sessions.resolve(a.token), undefined)
      assert.equal((await sessions.resolve(c.token))?.id, m.id)
      await sessions.end(c.token)
      assert.equal(await sessions.resolve(c.token), undefined)
    })
  }
}
