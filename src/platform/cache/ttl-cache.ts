import { LruCache } from './lru-cache.ts'

/**
 * An LRU whose entries are good for `ttlMs` after they were put in: a value older is
 * treated as absent (and replaced by the next `set`). `clear()` is how a content
 * change invalidates it, as with LruCache.
 */
export class TtlCache<V> {
  private readonly entries: LruCache<{ at: number; value: V }>

  constructor(
    maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {
    this.entries = new LruCache(maxEntries)
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key)
    return hit && this.now().getTime() - hit.at < this.ttlMs ? hit.value : undefined
  }

  set(key: string, value: V): V {
    this.entries.set(key, { at: this.now().getTime(), value })
    return value
  }

  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}
