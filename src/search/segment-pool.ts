import { Worker } from 'node:worker_threads'
import type { IndexDoc } from './search-engine.ts'
import type { SegmentJob } from './segment-worker.ts'

/**
 * Worker threads that segment for the reindex, so it uses every core: jieba
 * takes about two thirds of the time of indexing a post. From the sources the
 * worker is the .ts file loaded through tsx; in the bundle, .build/segment-worker.mjs.
 */
function startWorker(siteTerms: string[]): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const target = new URL('./segment-worker.ts', import.meta.url).href
    const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(target)})`
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { siteTerms } })
  }
  return new Worker(new URL('./segment-worker.mjs', import.meta.url), { workerData: { siteTerms } })
}

export interface SegmentPool {
  segment(items: SegmentJob['items']): Promise<IndexDoc[]>
  close(): Promise<void>
}

export function createSegmentPool(size: number, siteTerms: string[]): SegmentPool {
  const workers = Array.from({ length: size }, () => startWorker(siteTerms))
  const waiting = new Map<number, { resolve: (docs: IndexDoc[]) => void; reject: (e: unknown) => void }>()
  let nextId = 1
  let failure: unknown
  for (const w of workers) {
    w.on('message', (m: { id: number; docs: IndexDoc[] }) => {
      waiting.get(m.id)?.resolve(m.docs)
      waiting.delete(m.id)
    })
    w.on('error', (e) => {
      failure = e
      for (const p of waiting.values()) p.reject(e)
      waiting.clear()
    })
  }
  const run = (w: Worker, items: SegmentJob['items']) =>
    new Promise<IndexDoc[]>((resolve, reject) => {
      if (failure) return reject(failure)
      const id = nextId++
      waiting.set(id, { resolve, reject })
      w.postMessage({ id, items } satisfies SegmentJob)
    })
  return {
    async segment(items) {
      // one share per worker, results back in order
      const share = Math.ceil(items.length / workers.length)
      const parts = workers.map((w, k) => run(w, items.slice(k * share, (k + 1) * share)))
      return (await Promise.all(parts)).flat()
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
