import type { Redis } from 'ioredis'

/**
 * Failed logins counted per account and per IP in fixed windows. Past the
 * limit, login is refused (429) until the window ends, whether or not the
 * password is right, so guessing cannot go on. In memory for one process;
 * in Redis when REDIS_URL is set, so every process counts together.
 */
export interface ThrottleCounter {
  /** failures counted so far in the current window, and ms until it ends */
  peek(key: string): Promise<{ count: number; resetMs: number }>
  fail(key: string, windowMs: number): Promise<void>
  clear(key: string): Promise<void>
}

export const LOGIN_LIMITS = {
  account: { max: 5, windowMs: 15 * 60_000 },
  ip: { max: 30, windowMs: 15 * 60_000 },
} as const

export function createMemoryCounter(now: () => number = Date.now): ThrottleCounter {
  const windows = new Map<string, { count: number; endsAt: number }>()
  return {
    async peek(key) {
      const w = windows.get(key)
      if (!w || w.endsAt <= now()) return { count: 0, resetMs: 0 }
      return { count: w.count, resetMs: w.endsAt - now() }
    },
    async fail(key, windowMs) {
      const w = windows.get(key)
      if (!w || w.endsAt <= now()) windows.set(key, { count: 1, endsAt: now() + windowMs })
      else w.count++
      // a flood of distinct keys must not grow without end
      if (windows.size > 100_000) for (const [k, v] of windows) if (v.endsAt <= now()) windows.delete(k)
    },
    async clear(key) {
      windows.delete(key)
    },
  }
}

export function createRedisCounter(redis: Redis, prefix = 'inkgate:t:'): ThrottleCounter {
  return {
    async peek(key) {
      const [count, ttl] = await redis.multi().get(prefix + key).pttl(prefix + key).exec().then((r) => (r ?? []).map((x) => x[1]))
      return { count: Number(count ?? 0), resetMs: Math.max(0, Number(ttl)) }
    },
    async fail(key, windowMs) {
      await redis.multi().incr(prefix + key).pexpire(prefix + key, windowMs, 'NX').exec()
    },
    async clear(key) {
      await redis.del(prefix + key)
    },
  }
}

export function createLoginThrottle(counter: ThrottleCounter) {
  const accountKey = (login: string) => `a:${login.normalize('NFKC').trim().toLowerCase()}`
  const ipKey = (ip: string) => `i:${ip}`
  return {
    /** minutes to wait when this login or IP is locked, else 0 */
    async lockedFor(login: string, ip: string): Promise<number> {
      const [a, i] = await Promise.all([counter.peek(accountKey(login)), counter.peek(ipKey(ip))])
      const waits = [a.count >= LOGIN_LIMITS.account.max ? a.resetMs : 0, i.count >= LOGIN_LIMITS.ip.max ? i.resetMs : 0]
      const ms = Math.max(...waits)
      return ms > 0 ? Math.ceil(ms / 60_000) : 0
    },
    async failed(login: string, ip: string): Promise<void> {
      await Promise.all([counter.fail(accountKey(login), LOGIN_LIMITS.account.windowMs), counter.fail(ipKey(ip), LOGIN_LIMITS.ip.windowMs)])
    },
    async succeeded(login: string): Promise<void> {
      await counter.clear(accountKey(login))
    },
  }
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>
