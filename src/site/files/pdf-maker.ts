import { Worker } from 'node:worker_threads'
import type { PdfFonts } from './pdf-font.ts'
import type { PdfInput } from './post-pdf.ts'
import type { PdfJob } from './pdf-worker.ts'

/** Makes PDFs in a worker thread (pdf-worker.ts), started on the first one and stopped after a quiet minute. */
export interface PdfMaker {
  fonts: PdfFonts
  make(input: Omit<PdfInput, 'fonts'>): Promise<Buffer>
  close(): Promise<void>
}

/**
 * From the sources the worker is the .ts file loaded through tsx; in the bundle,
 * .build/pdf-worker.mjs (as the search's segment workers). The worker holds the
 * parsed fonts (about 100 MB while it works), so it stops when PDFs stop being
 * asked for: the server's memory stays what it was for a site nobody prints.
 */
function startWorker(): Worker {
  if (import.meta.url.endsWith('.ts')) {
    const target = new URL('./pdf-worker.ts', import.meta.url).href
    const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(target)})`
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`))
  }
  return new Worker(new URL('./pdf-worker.mjs', import.meta.url))
}

export function createPdfMaker(fonts: PdfFonts, options: { idleMs?: number } = {}): PdfMaker {
  const idleMs = options.idleMs ?? 60_000
  let worker: Worker | undefined
  let idle: NodeJS.Timeout | undefined
  let nextId = 1
  const waiting = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>()
  const failAll = (error: Error) => {
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }
  const stop = async () => {
    clearTimeout(idle)
    const w = worker
    worker = undefined
    await w?.terminate()
  }
  const ensure = (): Worker => {
    if (worker) return worker
    const w = startWorker()
    w.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const job = waiting.get(m.id)
      waiting.delete(m.id)
      if (m.bytes) job?.resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength))
      else job?.reject(new Error(`PDF: ${m.error ?? 'failed'}`))
      if (!waiting.size) idle = setTimeout(() => void stop(), idleMs).unref()
    })
    w.on('error', (e) => {
      if (worker === w) worker = undefined
      failAll(e)
    })
    w.on('exit', () => {
      if (worker === w) worker = undefined
      failAll(new Error('PDF worker stopped'))
    })
    worker = w
    return w
  }
  return {
    fonts,
    make(input) {
      return new Promise<Buffer>((resolve, reject) => {
        clearTimeout(idle)
        const id = nextId++
        waiting.set(id, { resolve, reject })
        ensure().postMessage({ id, input: { ...input, fonts } } satisfies PdfJob)
      })
    },
    close: stop,
  }
}
