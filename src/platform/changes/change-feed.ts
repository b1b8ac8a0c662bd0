import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Db } from '../db/database.ts'

/**
 * How a change made by one process reaches every other: a server beside it, the
 * command line's import, a second machine. A write that changes what the public
 * sees bumps the version in the `changes` row (after its commit) and, with Redis,
 * announces it on a channel; every process polls the row about once a second and
 * listens on the channel, and drops what it made stale when the version moves.
 * The row alone is enough (a process without REDIS_URL, such as a command run by
 * hand, still reaches every server within a poll); Redis makes it immediate.
 */
export interface ChangeFeed {
  /** tells every other process that what the public sees has changed (call after the commit) */
  publish(): Promise<void>
  /** calls `onChange` whenever another process published; runs until `close` */
  follow(onChange: () => void | Promise<void>): void
  close(): Promise<void>
}

export interface ChangeFeedDeps {
  db: Db
  /** with Redis: the announcement is immediate */
  redis?: Redis
  redisPrefix?: string
  pollMs?: number
  log: { warn: (obj: object, msg: string) => void }
}

export function createChangeFeed(deps: ChangeFeedDeps): ChangeFeed {
  const me = randomBytes(6).toString('hex')
  const channel = `${deps.redisPrefix ?? 'inkgate:'}changes`
  let seen = -1
  let timer: NodeJS.Timeout | undefined
  let subscriber: Redis | undefined
  let handler: (() => void | Promise<void>) | undefined
  // one drop at a time; changes arriving meanwhile make one more afterwards
  let running: Promise<void> | undefined
  let again = false

  const notify = () => {
    if (!handler) return
    if (running) {
      again = true
      return
    }
    running = (async () => {
      do {
        again = false
        try {
          await handler?.()
        } catch (err) {
          deps.log.warn({ err }, 'dropping stale caches after a change failed')
        }
      } while (again)
    })().finally(() => (running = undefined))
  }

  const noteVersion = (version: number): boolean => {
    if (version === seen) return false
    const first = seen === -1
    seen = version
    return !first
  }

  async function poll(): Promise<void> {
    try {
      const row = await deps.db.selectFrom('changes').select('version').where('id', '=', 1).executeTakeFirst()
      if (row && noteVersion(Number(row.version))) notify()
    } catch (err) {
      deps.log.warn({ err }, 'reading the change counter failed')
    }
  }

  return {
    async publish() {
      const row = await deps.db
        .updateTable('changes')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', 1)
        .returning('version')
        .executeTakeFirst()
      const version = Number(row?.version ?? 0)
      // our own change is not news to us
      if (version > seen) seen = version
      await deps.redis?.publish(channel, `${me} ${version}`).catch((err: unknown) => deps.log.warn({ err }, 'announcing a change on Redis failed; the others will see it on their next poll'))
    },

    follow(onChange) {
      handler = onChange
      void poll()
      timer = setInterval(() => void poll(), deps.pollMs ?? 1000)
      timer.unref()
      if (deps.redis) {
        subscriber = deps.redis.duplicate()
        subscriber.on('message', (_channel: string, message: string) => {
          const [from, version] = message.split(' ')
          if (from === me) return
          const v = Number(version)
          // the poll may have seen it first
          if (!Number.isFinite(v) || v <= seen) return
          seen = v
          notify()
        })
        subscriber.subscribe(channel).catch((err: unknown) => deps.log.warn({ err }, 'listening for changes on Redis failed; polling the database only'))
      }
    },

    async close() {
      if (timer) clearInterval(timer)
      subscriber?.disconnect()
      await running
    },
  }
}
