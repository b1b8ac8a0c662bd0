import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * The server's second SQLite connection, in a worker thread, for the work that must
 * not run on the event loop. better-sqlite3 is synchronous: whatever the server's own
 * connection does, every reader waits for.
 *
 * Checkpoints. SQLite copies the WAL back into the database inside the commit that
 * crosses 1,000 pages, on the committing thread, with an fsync: on the server that
 * thread is the event loop, and a view-count flush that crossed the line held every
 * reader up for 50–150 ms (the open-loop p99 of a freshly imported site went from
 * 29 ms to 140 ms with view counting on). The server's connection turns automatic
 * checkpoints off and this worker runs PASSIVE checkpoints every second: they never
 * wait for the server's readers or writers.
 *
 * Background writes. Writes nobody waits for (view counts: a flush of a second's
 * views on a site read at random is a thousand upserts, 10–25 ms with the commit)
 * run here, in transactions of their own. The event loop only waits if a request
 * writes while such a transaction holds SQLite's one write lock (busy_timeout), and
 * then no longer than that transaction. Should the worker stop, the writes run on the
 * server's connection again and it checkpoints itself (`onStopped`).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 5000')
db.pragma('foreign_keys = ON')
// PASSIVE never waits (nor calls the busy handler): it copies what no reader still needs
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(checkpoint, workerData.everyMs)
const statements = new Map()
const prepared = (sql) => {
  let statement = statements.get(sql)
  if (!statement) statements.set(sql, (statement = db.prepare(sql)))
  return statement
}
const write = db.transaction((sql, rows) => {
  const statement = prepared(sql)
  let changes = 0
  for (const row of rows) changes += statement.run(row).changes
  return changes
})
parentPort.on('message', (message) => {
  if (message.type === 'write') {
    try {
      parentPort.postMessage({ id: message.id, changes: write.immediate(message.sql, message.rows) })
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) })
    }
    return
  }
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.postMessage({ type: 'closed' })
})
`

export interface SqliteWorker {
  /**
   * Runs one statement once per row of parameters, in one transaction, off the event
   * loop; resolves to the rows changed. Rejects with SQLite's message on an error (the
   * transaction is rolled back).
   */
  write(sql: string, rows: readonly unknown[][]): Promise<number>
  stop(): Promise<void>
}

/**
 * `writeHere` runs a write on the caller's connection (used once the worker has
 * stopped); `onStopped` runs if the worker ends without being asked to.
 */
export function startSqliteWorker(file: string, options: { everyMs?: number; writeHere: (sql: string, rows: readonly unknown[][]) => Promise<number>; onStopped?: () => void }): SqliteWorker {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  // its JavaScript only hands rows to SQLite: a small heap (the default young generation alone would cost ~16 MB of RSS)
  // plain CommonJS that needs none of the parent's flags (a loader such as tsx, --input-type)
  const worker = new Worker(WORKER, {
    eval: true,
    execArgv: [],
    workerData: { file, module, everyMs: options.everyMs ?? 1000 },
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
  })
  let stopping = false
  let alive = true
  let nextId = 0
  const waiting = new Map<number, { resolve: (changes: number) => void; reject: (error: Error) => void }>()
  const settle = () => {
    if (waiting.size === 0 && !stopping) worker.unref()
  }
  worker.on('message', (message: { id?: number; changes?: number; error?: string }) => {
    if (message.id === undefined) return
    const w = waiting.get(message.id)
    waiting.delete(message.id)
    if (message.error !== undefined) w?.reject(new Error(message.error))
    else w?.resolve(message.changes ?? 0)
    settle()
  })
  worker.once('exit', () => {
    alive = false
    // a write the worker took but never answered may or may not have committed: it is not run again
    for (const w of waiting.values()) w.reject(new Error('the SQLite worker stopped'))
    waiting.clear()
    if (!stopping) options.onStopped?.()
  })
  // The worker holds the process open only while someone waits for its answer: a test
  // or a command that never closed its database must still exit, and a write or a stop
  // being awaited must not be cut short by an event loop with nothing else to do.
  // (Adding a 'message' listener refs a worker again, hence after the listeners.)
  worker.unref()
  return {
    write(sql, rows) {
      if (!alive || stopping) return options.writeHere(sql, rows)
      const id = nextId++
      return new Promise<number>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ type: 'write', id, sql, rows })
      })
    },
    async stop() {
      stopping = true
      if (!alive) return
      worker.ref()
      await new Promise<void>((resolve) => {
        worker.on('message', (message: { type?: string }) => message.type === 'closed' && resolve())
        worker.once('error', () => resolve())
        worker.once('exit', () => resolve())
        worker.postMessage({ type: 'close' })
      })
      await worker.terminate()
    },
  }
}
