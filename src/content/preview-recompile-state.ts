import type { DbOrTrx } from '../platform/db/database.ts'
import { readSetting, writeSetting } from './setting.repository.ts'

/**
 * A new site preview share must reach the posts already compiled with the old
 * one (a priced post without paid markers shows "the first N% free"). The
 * settings change records the work here, in its own transaction, and the
 * paywall's job (paywall/preview-recompile.ts) compiles the posts again in
 * batches, keeping its cursor here: a process that dies leaves the work for
 * the next holder of the jobs' lease, and every process reads the progress.
 */
export const PREVIEW_RECOMPILE_KEY = 'preview_recompile'

export interface PreviewRecompileState {
  /** the share being applied */
  share: number
  /** posts up to this id are done */
  afterId: number
  done: number
  total: number
  /** when the work was asked for, and when it ended (null while running) */
  startedAt: string
  finishedAt: string | null
}

/** Which posts follow the site's share: priced, without their own share, and last compiled as an automatic preview (or not known). */
function usingSiteShare(db: DbOrTrx) {
  return db
    .selectFrom('posts')
    .where('price', '>', 0)
    .where('preview_share', 'is', null)
    .where((eb) => eb.or([eb('auto_preview', 'is', null), eb('auto_preview', '=', 1)]))
}

export async function countPostsUsingSiteShare(db: DbOrTrx): Promise<number> {
  const r = await usingSiteShare(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function listPostsUsingSiteShare(db: DbOrTrx, afterId: number, limit: number): Promise<Array<{ id: number; price: number; description: string; coverUrl: string | null }>> {
  const rows = await usingSiteShare(db).select(['id', 'price', 'description', 'cover_url']).where('id', '>', afterId).orderBy('id').limit(limit).execute()
  return rows.map((r) => ({ id: r.id, price: r.price, description: r.description, coverUrl: r.cover_url }))
}

/** Records that every post following the site's share is to be compiled again with `share` (replacing unfinished work). */
export async function requestPreviewRecompile(db: DbOrTrx, share: number, at: string): Promise<void> {
  const state: PreviewRecompileState = { share, afterId: 0, done: 0, total: await countPostsUsingSiteShare(db), startedAt: at, finishedAt: null }
  await writeSetting(db, PREVIEW_RECOMPILE_KEY, state)
}

export async function readPreviewRecompile(db: DbOrTrx): Promise<PreviewRecompileState | undefined> {
  const v = (await readSetting(db, PREVIEW_RECOMPILE_KEY)) as PreviewRecompileState | undefined
  return v && typeof v.share === 'number' && typeof v.afterId === 'number' ? v : undefined
}

export async function writePreviewRecompile(db: DbOrTrx, state: PreviewRecompileState): Promise<void> {
  await writeSetting(db, PREVIEW_RECOMPILE_KEY, state)
}
