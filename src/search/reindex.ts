import { availableParallelism } from 'node:os'
import { countPosts, findIndexFields, listPostIds, readSettings, writeSetting } from '../content/index.ts'
import { readIndexText, type IndexTextGrant } from '../paywall/index.ts'
import type { Db } from '../platform/db/database.ts'
import { buildIndexDoc } from './index-doc.ts'
import { saveRelatedWords } from './related-words.ts'
import type { IndexDoc, SearchEngine } from './search-engine.ts'
import { createSegmentPool } from './segment-pool.ts'
import { getSegmenter, segmenterVersion } from './segmenter.ts'

/** Where a reindex stands, kept in settings after every batch so a stopped run resumes. */
interface ReindexState {
  version: string
  cursor: number
  done: number
}

export const REINDEX_STATE_KEY = 'search_reindex'
export const INDEX_VERSION_KEY = 'search_index_version'
/** the index format in settings; absent = 1 (see migration 0011) */
export const INDEX_FORMAT_KEY = 'search_index_format'
/** from this format on, paid words are kept apart from free ones */
export const PAID_APART_FORMAT = 2

/** Whether the index keeps paid words apart, so that a query can leave them out. */
export async function isPaidApart(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', INDEX_FORMAT_KEY).executeTakeFirst()
  return Number(row?.value) >= PAID_APART_FORMAT
}

export interface ReindexOptions {
  db: Db
  engine: SearchEngine
  /** the capability to read stored text for the index (paywall's grantIndexText) */
  indexText: IndexTextGrant
  siteTerms: string[]
  /** start over instead of resuming an unfinished run: the index is emptied first, so search finds nothing until the rebuild is done */
  restart?: boolean
  /** segmenting threads; 0 segments on this thread */
  workers?: number
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

export interface ReindexResult {
  /** seconds spent: waiting for segmentation, writing, removing orphans, optimising */
  phases: { segmentWait: number; write: number; orphans: number; optimize: number }
  indexed: number
  removed: number
  resumedFrom: number
  seconds: number
  version: string
}

/**
 * Rebuilds the index from the stored posts, batch by batch: each batch is read,
 * segmented on worker threads while the previous batch is written, and written
 * in one transaction together with the resume cursor. Searching keeps working
 * throughout (rows are replaced one by one, never dropped wholesale).
 */
export async function reindex(o: ReindexOptions): Promise<ReindexResult> {
  const started = Date.now()
  const version = getSegmenter(o.siteTerms).version
  const settings = await readSettings(o.db)
  const saved = settings[REINDEX_STATE_KEY] as ReindexState | undefined
  const state: ReindexState = !o.restart && saved && saved.version === version ? { ...saved } : { version, cursor: 0, done: 0 }
  const resumedFrom = state.done
  if (o.restart) await o.engine.clear(o.db)
  const total = await countPosts(o.db)
  const batchSize = o.batchSize ?? 500
  const workers = o.workers ?? Math.max(1, Math.min(4, availableParallelism()))
  const pool = workers > 0 ? createSegmentPool(workers, o.siteTerms) : undefined
  const segmenter = getSegmenter(o.siteTerms)

  const load = async (afterId: number) => {
    const ids = await listPostIds(o.db, afterId, batchSize)
    if (!ids.length) return undefined
    const [fields, texts] = await Promise.all([findIndexFields(o.db, ids), readIndexText(o.indexText, ids)])
    const items = ids.flatMap((postId) => {
      const f = fields.get(postId)
      const text = texts.get(postId)
      return f && text ? [{ postId, title: f.title, tags: f.tags, text }] : []
    })
    const docs: Promise<IndexDoc[]> = pool ? pool.segment(items) : Promise.resolve(items.map((i) => buildIndexDoc(segmenter, i.postId, i, i.text)))
    return { lastId: ids[ids.length - 1] as number, docs }
  }

  const restore = await o.engine.bulkMode(o.db)
  let indexed = 0
  const phases = { segmentWait: 0, write: 0, orphans: 0, optimize: 0 }
  let mark = performance.now()
  const lap = (phase: keyof typeof phases) => {
    const t = performance.now()
    phases[phase] += (t - mark) / 1000
    mark = t
  }
  try {
    o.onProgress?.(state.done, total)
    let next = await load(state.cursor)
    while (next) {
      const current = next
      mark = performance.now()
      const docs = await current.docs
      // read and segment the next batch while this one is written
      const upcoming = load(current.lastId)
      lap('segmentWait')
      await o.db.transaction().execute(async (trx) => {
        await o.engine.upsertMany(trx, docs)
        await saveRelatedWords(trx, docs)
        state.cursor = current.lastId
        state.done += docs.length
        await writeSetting(trx, REINDEX_STATE_KEY, state)
      })
      lap('write')
      indexed += docs.length
      o.onProgress?.(Math.min(state.done, total), total)
      next = await upcoming
    }
  } catch (error) {
    await restore()
    throw error
  } finally {
    await pool?.close()
  }
  let removed = 0
  try {
    mark = performance.now()
    removed = await removeOrphans(o.db, o.engine)
    lap('orphans')
    await o.engine.optimize(o.db)
    lap('optimize')
  } finally {
    await restore()
  }
  await o.db.transaction().execute(async (trx) => {
    await writeSetting(trx, INDEX_VERSION_KEY, version)
    await writeSetting(trx, INDEX_FORMAT_KEY, PAID_APART_FORMAT)
    await trx.deleteFrom('settings').where('key', '=', REINDEX_STATE_KEY).execute()
  })
  return { indexed, removed, resumedFrom, seconds: (Date.now() - started) / 1000, version, phases }
}

/** Index rows whose post is gone (deleted outside the post service). */
async function removeOrphans(db: Db, engine: SearchEngine): Promise<number> {
  let removed = 0
  for (let after = 0; ;) {
    const ids = await engine.indexedIds(db, after, 2000)
    if (!ids.length) return removed
    const existing = new Set((await db.selectFrom('posts').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
    for (const id of ids) {
      if (!existing.has(id)) {
        await engine.remove(db, id)
        removed++
      }
    }
    after = ids[ids.length - 1] as number
  }
}

/** Whether the index was built with the dictionaries in use now (a changed site dictionary makes it stale). */
export async function indexStatus(db: Db, siteTerms: string[]): Promise<{ version: string; indexedWith: string; stale: boolean; unfinished: boolean }> {
  const settings = await readSettings(db)
  const version = segmenterVersion(siteTerms).version
  // never rebuilt: every post was indexed as it was saved, with the shipped dictionary alone
  const indexedWith = typeof settings[INDEX_VERSION_KEY] === 'string' ? (settings[INDEX_VERSION_KEY] as string) : segmenterVersion([]).version
  // posts indexed before related words were kept (migration 0008) have none: a reindex writes them
  const hasPosts = (await countPosts(db)) > 0
  const withoutRelated = hasPosts && !(await db.selectFrom('post_related_words').select('post_id').limit(1).executeTakeFirst())
  // an index built before paid words were kept apart: phrases and exclusions fall back to titles until it is rebuilt
  const oldFormat = hasPosts && Number(settings[INDEX_FORMAT_KEY] ?? 1) < PAID_APART_FORMAT
  return { version, indexedWith, stale: indexedWith !== version || withoutRelated || oldFormat, unfinished: settings[REINDEX_STATE_KEY] !== undefined }
}
