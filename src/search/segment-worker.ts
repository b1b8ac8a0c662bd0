import { parentPort, workerData } from 'node:worker_threads'
import type { IndexText } from '../paywall/index.ts'
import { buildIndexDoc } from './index-doc.ts'
import { getSegmenter } from './segmenter.ts'

/**
 * A reindex worker: segments batches of posts on another core. It gets text and
 * returns tokens; it opens no database.
 */
export interface SegmentJob {
  id: number
  items: Array<{ postId: number; title: string; tags: string[]; text: IndexText }>
}

const segmenter = getSegmenter((workerData as { siteTerms: string[] }).siteTerms)
parentPort?.on('message', (job: SegmentJob) => {
  const docs = job.items.map((i) => buildIndexDoc(segmenter, i.postId, { title: i.title, tags: i.tags }, i.text))
  parentPort?.postMessage({ id: job.id, docs })
})
