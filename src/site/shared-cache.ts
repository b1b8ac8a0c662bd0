import type { SiteDeps } from './site-deps.ts'

const SHARED_TTL_MS = 60_000

/**
 * A value many pages share (a rendered header, a channel's newest posts), kept in
 * the list cache: cleared on every content change and at most a minute old, so a
 * scheduled post appears on time. A promise is shared too; a rejected one is dropped.
 */
export function shared<T>(deps: SiteDeps, key: string, make: () => T): T {
  const now = deps.now().getTime()
  const hit = deps.listCache.get(key) as { at: number; value: T } | undefined
  if (hit && now - hit.at < SHARED_TTL_MS) return hit.value
  const value = make()
  deps.listCache.set(key, { at: now, value })
  if (value instanceof Promise) value.catch(() => deps.listCache.delete(key))
  return value
}
