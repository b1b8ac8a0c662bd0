import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Db } from '../db/database.ts'

/**
 * Which process of a cluster runs the background jobs that work on shared state
 * (order expiry, payment queries, refunds, related-post ranking, session sweeps):
 * one at a time. The holder renews its lease every third of its life; when it
 * dies, the lease runs out and another process takes it within `ttlMs` plus one
 * renewal. In Redis when REDIS_URL is set (SET NX PX, renewed by a script that
 * checks the holder), else in the `job_leases` table (an upsert that only takes an
 * expired or own row).
 */
export interface Lease {
  /** true while this process holds the lease (with a margin before it runs out) */
  held(): boolean
  /** tries once now: takes or renews the lease (tests, start-up) */
  renew(): Promise<boolean>
  start(): void
  /** stops renewing and gives the lease up, so another process takes over at once */
  stop(): Promise<void>
  readonly holder: string
}

export interface LeaseDeps {
  name: string
  db: Db
  redis?: Redis
  redisPrefix?: string
  ttlMs: number
  now?: () => number
  log: { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void }
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`

export function createLease(deps: LeaseDeps): Lease {
  const holder = randomBytes(8).toString('hex')
  const now = deps.now ?? Date.now
  const key = `${deps.redisPrefix ?? 'inkgate:'}lease:${deps.name}`
  let until = 0
  let timer: NodeJS.Timeout | undefined
  let wasHeld = false

  async function takeInRedis(redis: Redis): Promise<boolean> {
    if ((await redis.set(key, holder, 'PX', deps.ttlMs, 'NX')) === 'OK') return true
    return Number(await redis.eval(RENEW, 1, key, holder, String(deps.ttlMs))) === 1
  }

  async function takeInDb(): Promise<boolean> {
    const at = now()
    await deps.db
      .insertInto('job_leases')
      .values({ name: deps.name, holder, expires_at: at + deps.ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ holder, expires_at: at + deps.ttlMs })
          .where((eb) => eb.or([eb('job_leases.holder', '=', holder), eb('job_leases.expires_at', '<', at)])),
      )
      .execute()
    const row = await deps.db.selectFrom('job_leases').select('holder').where('name', '=', deps.name).executeTakeFirst()
    return row?.holder === holder
  }

  async function renew(): Promise<boolean> {
    const started = now()
    let ok = false
    try {
      ok = deps.redis ? await takeInRedis(deps.redis) : await takeInDb()
    } catch (err) {
      deps.log.warn({ err, lease: deps.name }, 'renewing the job lease failed')
    }
    // trusted until a little before it runs out, counted from before we asked
    until = ok ? started + deps.ttlMs - Math.min(2000, deps.ttlMs / 4) : 0
    if (ok !== wasHeld) deps.log.info({ lease: deps.name, holder }, ok ? 'this process runs the background jobs' : 'another process runs the background jobs')
    wasHeld = ok
    return ok
  }

  return {
    holder,
    held: () => now() < until,
    renew,
    start() {
      void renew()
      timer = setInterval(() => void renew(), Math.max(500, Math.floor(deps.ttlMs / 3)))
      timer.unref()
    },
    async stop() {
      if (timer) clearInterval(timer)
      if (!(now() < until)) return
      until = 0
      try {
        if (deps.redis) await deps.redis.eval(RELEASE, 1, key, holder)
        else await deps.db.deleteFrom('job_leases').where('name', '=', deps.name).where('holder', '=', holder).execute()
      } catch {
        // it runs out by itself
      }
    },
  }
}
