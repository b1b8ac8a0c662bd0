import type { Db } from '../platform/db/database.ts'
import { addViews } from './post.repository.ts'

/**
 * Counts post views in memory and writes them in one transaction every few
 * seconds, so a page view never costs a write. Views not yet flushed when the
 * process dies are lost; that is the price of not writing per request.
 */
const FLUSH_CHUNK = 250

/** Lets waiting requests run: on SQLite every query settles in microtasks, so without it a flush holds the event loop whole. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createViewCounter(db: Db, flushMs: number) {
  let pending = new Map<number, number>()
  let flushing: Promise<void> | undefined
  const timer = setInterval(() => void flush(), flushMs)
  timer.unref()

  async function flush(): Promise<void> {
    if (flushing) await flushing
    if (!pending.size) return
    // in post order: a chunk then touches a few neighbouring pages of post_views, not one page per
    // view, so a flush writes each page about once (random order wrote ~50× as much to the WAL)
    const batch = [...pending].sort((a, b) => a[0] - b[0])
    pending = new Map()
    // small transactions, so page reads waiting on the one SQLite connection are not held up for long
    flushing = (async () => {
      for (let i = 0; i < batch.length; i += FLUSH_CHUNK) {
        const chunk = new Map(batch.slice(i, i + FLUSH_CHUNK))
        await db.transaction().execute((trx) => addViews(trx, chunk))
        await yieldToRequests()
      }
    })().finally(() => (flushing = undefined))
    await flushing
  }

  return {
    record(postId: number): void {
      pending.set(postId, (pending.get(postId) ?? 0) + 1)
    },
    /** views recorded but not yet written, for showing a fresh count */
    pendingFor(postId: number): number {
      return pending.get(postId) ?? 0
    },
    flush,
    async close(): Promise<void> {
      clearInterval(timer)
      await flush()
    },
  }
}
export type ViewCounter = ReturnType<typeof createViewCounter>
