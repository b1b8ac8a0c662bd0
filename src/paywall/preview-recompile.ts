import { applyBodySummary, listPostsUsingSiteShare, readPreviewRecompile, writePreviewRecompile, type BodyInput, type BodyWriter, type PreviewRecompileState } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import { rewriteStoredBody } from './post-body.service.ts'

/** posts compiled per run: ~100 compiles keep a run well under a second, so readers are not kept waiting */
const BATCH = 100

/**
 * Applies a new site preview share to the posts that follow it (priced, no
 * paid markers, no share of their own): each is compiled again from its stored
 * source with the same body writer a save uses, so its free and paid segments,
 * counts, search words and description move together, one post per
 * transaction. The work and its cursor are in settings (content's
 * preview-recompile-state.ts); a run is one batch, started by the jobs' lease
 * holder every few seconds, so a cluster does it once and a restart resumes it.
 * A newer share asked while a batch runs wins: the batch's cursor is dropped
 * and the new work starts from the first post.
 */
export function createPreviewRecompiler(deps: { db: Db; writeBody: BodyWriter; now: () => Date; onChange: () => Promise<void>; batch?: number }) {
  const { db } = deps
  const batch = deps.batch ?? BATCH
  const rewrite = rewriteStoredBody(deps.writeBody)

  /** One batch; answers whether work is left. */
  async function runBatch(): Promise<boolean> {
    const state = await readPreviewRecompile(db)
    if (!state || state.finishedAt) return false
    const posts = await listPostsUsingSiteShare(db, state.afterId, batch)
    const at = deps.now().toISOString()
    for (const post of posts) {
      await db.transaction().execute(async (trx) => {
        const summary = await rewrite(trx, post.id, {
          price: post.price as BodyInput['price'],
          // the description stays unless it would now quote paid text (the writer checks it as a custom one)
          customDescription: post.description,
          saved: { at, by: 'system' },
          previewShare: state.share,
          ...(post.coverUrl ? { coverUrl: post.coverUrl } : {}),
        })
        if (summary) await applyBodySummary(trx, post.id, summary)
      })
    }
    const finished = posts.length < batch
    const moved = await db.transaction().execute(async (trx) => {
      const now = await readPreviewRecompile(trx)
      // another share was asked meanwhile: its own run starts from the first post
      if (!now || now.startedAt !== state.startedAt || now.share !== state.share) return false
      const next: PreviewRecompileState = {
        ...state,
        afterId: posts.at(-1)?.id ?? state.afterId,
        done: Math.min(state.total, state.done + posts.length),
        finishedAt: finished ? deps.now().toISOString() : null,
      }
      if (finished) next.done = state.total
      await writePreviewRecompile(trx, next)
      return true
    })
    if (posts.length) await deps.onChange()
    return moved ? !finished : true
  }

  return {
    runBatch,
    /** every batch until none is left (tests, the CLI) */
    async runAll(): Promise<void> {
      while (await runBatch()) {
        /* next batch */
      }
    },
  }
}
export type PreviewRecompiler = ReturnType<typeof createPreviewRecompiler>
