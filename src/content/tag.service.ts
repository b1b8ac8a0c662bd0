import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db, Trx } from '../platform/db/database.ts'
import { contentError } from './content.errors.ts'
import type { Tag } from './tag.repository.ts'
import { rewriteTagLists, tagSlug } from './tag.repository.ts'

export interface TagServiceDeps {
  db: Db
  now: () => Date
  /**
   * After a change is committed: the posts whose tags changed. Their pages and
   * lists are stale, and their search rows still hold the old tag words, so the
   * app re-indexes them (tags are searchable words, title and tags weigh most).
   */
  onTagsChanged: (postIds: number[]) => Promise<void>
}

const NAME_MAX = 40

/**
 * Tags as editors keep them tidy (post.write-any): rename one, merge several into
 * one (their posts carry the one left, counted once), delete one (off every post).
 * Each rewrites the tag copy on the posts it touched (`posts.tag_list`, what pages
 * read) in the same transaction, is audited, and then has those posts re-indexed.
 */
export function createTagService(deps: TagServiceDeps) {
  const { db } = deps

  const cleanName = (raw: string) => {
    const name = raw.normalize('NFKC').trim().replace(/\s+/g, ' ')
    if (!name || [...name].length > NAME_MAX || !tagSlug(name).replace(/-/g, '')) throw contentError('TAG_NAME_INVALID', { max: NAME_MAX })
    return name
  }
  const byId = async (trx: Trx | Db, id: number) => {
    const tag = await trx.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst()
    if (!tag) throw contentError('TAG_NOT_FOUND')
    return tag
  }
  const postsOf = async (trx: Trx, tagIds: number[]) => (await trx.selectFrom('post_tags').select('post_id').distinct().where('tag_id', 'in', tagIds).execute()).map((r) => r.post_id)

  async function after(postIds: number[]): Promise<void> {
    if (postIds.length) await deps.onTagsChanged(postIds)
  }

  return {
    /** Tags a page at a time, most used first, by part of the name. */
    async listTags(actor: Actor, q: { text?: string; page: number; pageSize: number }): Promise<{ items: Tag[]; total: number }> {
      authorize(actor, 'post.write-any')
      let base = db.selectFrom('tags')
      const text = q.text?.replace(/[%_\\]/g, '').trim()
      if (text) base = base.where('slug', 'like', `%${tagSlug(text)}%`)
      const total = Number((await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n)
      const rows = await base
        .selectAll()
        .orderBy('post_count', 'desc')
        .orderBy('name')
        .orderBy('id')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute()
      return { items: rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, postCount: r.post_count })), total }
    },

    /** Renames a tag (and so its URL, /t/<name>); a name another tag already has is refused: merge them instead. */
    async renameTag(actor: Actor, id: number, rawName: string): Promise<Tag> {
      authorize(actor, 'post.write-any')
      const name = cleanName(rawName)
      const slug = tagSlug(name)
      const now = deps.now()
      const { tag, posts } = await db.transaction().execute(async (trx) => {
        const before = await byId(trx, id)
        const other = await trx.selectFrom('tags').select(['id', 'name']).where('slug', '=', slug).where('id', '<>', id).executeTakeFirst()
        if (other) throw contentError('TAG_NAME_TAKEN', { name: other.name })
        if (before.name === name) return { tag: before, posts: [] }
        await trx.updateTable('tags').set({ name, slug }).where('id', '=', id).execute()
        const posts = await postsOf(trx, [id])
        await rewriteTagLists(trx, posts)
        await recordAudit(trx, actor, now, { action: 'tag.rename', target: `tag:${id}`, detail: { before: { name: before.name }, after: { name }, posts: posts.length } })
        return { tag: { ...before, name, slug }, posts }
      })
      await after(posts)
      return { id: tag.id, name: tag.name, slug: tag.slug, postCount: tag.post_count }
    },

    /** Merges tags into one: every post of theirs carries `into` (once), and they are gone. */
    async mergeTags(actor: Actor, fromIds: number[], intoId: number): Promise<Tag> {
      authorize(actor, 'post.write-any')
      const from = [...new Set(fromIds)].filter((id) => id !== intoId)
      if (!from.length) throw contentError('TAG_MERGE_NOTHING')
      const now = deps.now()
      const { tag, posts } = await db.transaction().execute(async (trx) => {
        const into = await byId(trx, intoId)
        const sources = await Promise.all(from.map((id) => byId(trx, id)))
        // only the merged tags' posts change: those that had just the kept tag are as they were (not rewritten, not re-indexed)
        const posts = await postsOf(trx, from)
        const holding = new Set((await trx.selectFrom('post_tags').select('post_id').where('tag_id', '=', intoId).execute()).map((r) => r.post_id))
        const gained = posts.filter((p) => !holding.has(p))
        await trx.deleteFrom('post_tags').where('tag_id', 'in', from).execute()
        if (gained.length) {
          await trx
            .insertInto('post_tags')
            .values(gained.map((post_id) => ({ post_id, tag_id: intoId })))
            .execute()
        }
        await trx.deleteFrom('tags').where('id', 'in', from).execute()
        const count = holding.size + gained.length
        await trx.updateTable('tags').set({ post_count: count }).where('id', '=', intoId).execute()
        await rewriteTagLists(trx, posts)
        await recordAudit(trx, actor, now, {
          action: 'tag.merge',
          target: `tag:${intoId}`,
          detail: { into: into.name, merged: sources.map((s) => s.name), posts: posts.length },
        })
        return { tag: { ...into, post_count: count }, posts }
      })
      await after(posts)
      return { id: tag.id, name: tag.name, slug: tag.slug, postCount: tag.post_count }
    },

    /** Deletes a tag: it is taken off every post that had it. */
    async deleteTag(actor: Actor, id: number): Promise<void> {
      authorize(actor, 'post.write-any')
      const now = deps.now()
      const posts = await db.transaction().execute(async (trx) => {
        const tag = await byId(trx, id)
        const posts = await postsOf(trx, [id])
        await trx.deleteFrom('post_tags').where('tag_id', '=', id).execute()
        await trx.deleteFrom('tags').where('id', '=', id).execute()
        await rewriteTagLists(trx, posts)
        await recordAudit(trx, actor, now, { action: 'tag.delete', target: `tag:${id}`, detail: { name: tag.name, posts: posts.length } })
        return posts
      })
      await after(posts)
    },
  }
}
export type TagService = ReturnType<typeof createTagService>
