import { parentPort } from 'node:worker_threads'
import { postToPdf, type PdfInput } from './post-pdf.ts'

/** One PDF at a time, off the server's event loop: a post's PDF takes 0.2–0.6 s of CPU (font subsetting). */
export interface PdfJob {
  id: number
  input: PdfInput
}

parentPort?.on('message', (job: PdfJob) => {
  postToPdf(job.input).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice()
      parentPort?.postMessage({ id: job.id, bytes }, [bytes.buffer])
    },
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  )
})
