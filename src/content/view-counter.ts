import type { Db } from '../platform/db/database.ts'
import { addViews, viewsUpsert } from './post.repository.ts'

/**
 * Counts post views in memory and writes them every few seconds, so a page view
 * never costs a write. Views not yet flushed when the process dies are lost; that
 * is the price of not writing per request.
 */
const FLUSH_CHUNK = 250

/** Lets waiting requests run: on SQLite every query settles in microtasks, so without it a flush holds the event loop whole. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * `writeInBackground` (the server on SQLite, create-db.ts): the flush runs on the
 * worker thread's connection. On the server's own connection a flush of a second's
 * views on a site read at random (a thousand posts, 10–25 ms a chunk with its commit)
 * held every page waiting behind it: the open-loop p99 of a fresh 10,000-post site
 * was made of these stalls. Elsewhere it runs here in small transactions.
 */
export function createViewCounter(
  db: Db,
  flushMs: number,
  options: { writeInBackground?: ((sql: string, rows: readonly unknown[][]) => Promise<number>) | undefined; onError?: (error: unknown) => void } = {},
) {
  const { writeInBackground } = options
  let pending = new Map<number, number>()
  // taken for the write in progress: still counted in pendingFor until written
  let writing = new Map<number, number>()
  let flushing: Promise<void> | undefined
  const upsert = writeInBackground ? viewsUpsert(db) : undefined
  // a failed flush loses those views (logged), never the process
  const timer = setInterval(() => void flush().catch((error: unknown) => options.onError?.(error)), flushMs)
  timer.unref()

  async function write(chunk: Array<[number, number]>): Promise<void> {
    if (writeInBackground && upsert)
      await writeInBackground(
        upsert.sql,
        chunk.map(([id, n]) => upsert.row(id, n)),
      )
    else {
      await db.transaction().execute((trx) => addViews(trx, new Map(chunk)))
      await yieldToRequests()
    }
  }

  async function flush(): Promise<void> {
    // one flush at a time: every caller waiting for one checks again before starting its own
    while (flushing) await flushing
    if (!pending.size) return
    // in post order: a chunk then touches a few neighbouring pages of post_views, not one page per
    // view, so a flush writes each page about once (random order wrote ~50× as much to the WAL)
    const batch = [...pending].sort((a, b) => a[0] - b[0])
    writing = pending
    pending = new Map()
    // small transactions, so what waits on SQLite's one write lock is not held up for long
    flushing = (async () => {
      for (let i = 0; i < batch.length; i += FLUSH_CHUNK) {
        const chunk = batch.slice(i, i + FLUSH_CHUNK)
        await write(chunk)
        for (const [id] of chunk) writing.delete(id)
      }
    })().finally(() => {
      flushing = undefined
      writing = new Map()
    })
    await flushing
  }

  return {
    record(postId: number): void {
      pending.set(postId, (pending.get(postId) ?? 0) + 1)
    },
    /** views recorded but not yet written, for showing a fresh count */
    pendingFor(postId: number): number {
      return (pending.get(postId) ?? 0) + (writing.get(postId) ?? 0)
    },
    flush,
    async close(): Promise<void> {
      clearInterval(timer)
      await flush()
    },
  }
}
export type ViewCounter = ReturnType<typeof createViewCounter>
