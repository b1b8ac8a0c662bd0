import type { Redis } from 'ioredis'

/**
 * Counts events per key in fixed windows: the first count opens a window of the
 * given length, later ones add to it until it ends. In memory for one process;
 * in Redis when REDIS_URL is set, so every process counts together. Throttles
 * (logins, sign-ups, searches, reset mails) are built on it.
 */
export interface RateCounter {
  /** counts one more; returns the count in the current window and ms until it ends */
  hit(key: string, windowMs: number): Promise<Window>
  /** the current window without counting */
  peek(key: string): Promise<Window>
  clear(key: string): Promise<void>
}

export interface Window {
  count: number
  resetMs: number
}

export function createMemoryCounter(now: () => number = Date.now): RateCounter {
  const windows = new Map<string, { count: number; endsAt: number }>()
  const current = (key: string) => {
    const w = windows.get(key)
    return w && w.endsAt > now() ? w : undefined
  }
  return {
    async hit(key, windowMs) {
      let w = current(key)
      if (w) w.count++
      else windows.set(key, (w = { count: 1, endsAt: now() + windowMs }))
      // a flood of distinct keys must not grow without end
      if (windows.size > 100_000) for (const [k, v] of windows) if (v.endsAt <= now()) windows.delete(k)
      return { count: w.count, resetMs: w.endsAt - now() }
    },
    async peek(key) {
      const w = current(key)
      return w ? { count: w.count, resetMs: w.endsAt - now() } : { count: 0, resetMs: 0 }
    },
    async clear(key) {
      windows.delete(key)
    },
  }
}

export function createRedisCounter(redis: Redis, prefix: string): RateCounter {
  const read = (r: Array<[Error | null, unknown]> | null, at: number) => ({ count: Number(r?.[at]?.[1] ?? 0), resetMs: Math.max(0, Number(r?.[at + 1]?.[1] ?? 0)) })
  return {
    async hit(key, windowMs) {
      const k = prefix + key
      return read(await redis.multi().incr(k).pexpire(k, windowMs, 'NX').get(k).pttl(k).exec(), 2)
    },
    async peek(key) {
      const k = prefix + key
      return read(await redis.multi().get(k).pttl(k).exec(), 0)
    },
    async clear(key) {
      await redis.del(prefix + key)
    },
  }
}

/** A limit: at most `max` events per `windowMs`. */
export interface RateRule {
  max: number
  windowMs: number
}

/** Counts one event under `key`; returns 0 when it is within the rule, else ms until the window ends. */
export async function take(counter: RateCounter, key: string, rule: RateRule): Promise<number> {
  const w = await counter.hit(key, rule.windowMs)
  return w.count > rule.max ? Math.max(1, w.resetMs) : 0
}
