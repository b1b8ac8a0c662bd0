import type { Post } from '../content/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import { memberIdOf } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import type { FullDb } from '../platform/db/database.ts'
import { errorFactory } from '../platform/http/app-error.ts'
import { deleteDraft, findDraft, putDraft } from './paid-segment.repository.ts'

export type DraftFormat = 'html' | 'text' | 'markdown'

export interface Draft {
  /** the editor's other fields (title, price, tags…), as it sent them */
  fields: Record<string, unknown>
  format: DraftFormat
  source: string
  savedAt: string
}

const FIELDS_MAX = 20_000
const draftError = errorFactory<'DRAFT_NOT_FOUND' | 'DRAFT_TOO_LARGE' | 'DRAFT_NEEDS_MEMBER'>({ DRAFT_NOT_FOUND: 404, DRAFT_TOO_LARGE: 413, DRAFT_NEEDS_MEMBER: 403 })

/**
 * The editor's autosave on the server, so a draft follows its writer to another
 * browser and survives a cleared one. Each staff member has their own draft of a
 * post (two editors never overwrite each other's typing); a post not saved yet
 * has one draft per writer. A draft holds paid text, so it lives with the
 * paywall's tables and is given back to the member who wrote it only, and only
 * while they may still write that post (`canEdit`: the post operations' rule).
 * Saving the post drops the writer's draft of it.
 */
export function createDrafts(deps: { db: FullDb; now: () => Date; canEdit: (actor: Actor, slug: string) => Promise<Post> }) {
  const { db } = deps

  /** whose draft, of which post: the member, and the slug ('' for a new post) once they may write it */
  async function owner(actor: Actor, slug: string | null): Promise<{ memberId: number; key: string }> {
    authorize(actor, 'post.write-own')
    const memberId = memberIdOf(actor)
    if (memberId === null) throw draftError('DRAFT_NEEDS_MEMBER')
    if (slug) await deps.canEdit(actor, slug)
    return { memberId, key: slug ?? '' }
  }

  return {
    async save(actor: Actor, slug: string | null, draft: Omit<Draft, 'savedAt'>): Promise<{ savedAt: string }> {
      const fields = JSON.stringify(draft.fields)
      if (fields.length > FIELDS_MAX) throw draftError('DRAFT_TOO_LARGE')
      const { memberId, key } = await owner(actor, slug)
      const savedAt = deps.now().toISOString()
      await putDraft(db, { memberId, postKey: key, fields, format: draft.format, source: draft.source, savedAt })
      return { savedAt }
    },

    async read(actor: Actor, slug: string | null): Promise<Draft> {
      const { memberId, key } = await owner(actor, slug)
      const row = await findDraft(db, memberId, key)
      if (!row) throw draftError('DRAFT_NOT_FOUND')
      let fields: Record<string, unknown> = {}
      try {
        fields = JSON.parse(row.fields) as Record<string, unknown>
      } catch {}
      return { fields, format: row.format, source: row.source, savedAt: row.savedAt }
    },

    async discard(actor: Actor, slug: string | null): Promise<void> {
      authorize(actor, 'post.write-own')
      const memberId = memberIdOf(actor)
      // one's own draft can always be dropped (no need to still be able to write the post)
      if (memberId !== null) await deleteDraft(db, memberId, slug ?? '')
    },
  }
}
export type Drafts = ReturnType<typeof createDrafts>
