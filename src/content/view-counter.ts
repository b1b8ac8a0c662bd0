import type { Db } from '../platform/db/database.ts'
import { addViews } from './post.repository.ts'

/**
 * Counts post views in memory and writes them in one transaction every few
 * seconds, so a page view never costs a write. Views not yet flushed when the
 * process dies are lost; that is the price of not writing per request.
 */
export function createViewCounter(db: Db, flushMs: number) {
  let pending = new Map<number, number>()
  let flushing: Promise<void> | undefined
  const timer = setInterval(() => void flush(), flushMs)
  timer.unref()

  async function flush(): Promise<void> {
    if (flushing) await flushing
    if (!pending.size) return
    const batch = pending
    pending = new Map()
    flushing = db.transaction().execute((trx) => addViews(trx, batch)).finally(() => (flushing = undefined))
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
