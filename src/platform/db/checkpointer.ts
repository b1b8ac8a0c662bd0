import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * SQLite's WAL is copied back into the database by a checkpoint, which SQLite runs
 * inside the commit that crosses 1,000 pages, on the committing thread, with an
 * fsync: on the server that thread is the event loop, and a view-count flush that
 * crossed the line held every reader up for 50–150 ms (the open-loop p99 of a
 * freshly imported site went from 29 ms to 140 ms with view counting on).
 *
 * The server's connection turns automatic checkpoints off and this worker thread,
 * with a connection of its own, runs PASSIVE checkpoints every second: they never
 * wait for the server's readers or writers, and the copying and the fsync happen off
 * the event loop. SQLite reuses the WAL from its start once a checkpoint has caught up.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 0')
const run = () => { try { db.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(run, workerData.everyMs)
parentPort.on('message', () => { clearInterval(timer); run(); db.close(); parentPort.postMessage('closed') })
`

export interface Checkpointer {
  stop(): Promise<void>
}

/** `onStopped` runs if the worker ends without being asked to (the caller then checkpoints itself). */
export function startCheckpointer(file: string, options: { everyMs?: number; onStopped?: () => void } = {}): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER, { eval: true, workerData: { file, module, everyMs: options.everyMs ?? 1000 } })
  worker.unref()
  let stopping = false
  worker.once('exit', () => {
    if (!stopping) options.onStopped?.()
  })
  return {
    async stop() {
      stopping = true
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve())
        worker.once('error', () => resolve())
        worker.once('exit', () => resolve())
        worker.postMessage('close')
      })
      await worker.terminate()
    },
  }
}
