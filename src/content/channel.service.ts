import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db, Trx } from '../platform/db/database.ts'
import { isUniqueViolation } from '../platform/db/unique-violation.ts'
import { followableUrl } from '../shared/followable-url.ts'
import type { Channel, ChannelKind } from './channel.ts'
import { findChannelBySlug, insertChannel, listChannels, toChannel } from './channel.repository.ts'
import { contentError } from './content.errors.ts'

export interface ChannelInput {
  name: string
  slug: string
  kind: ChannelKind
  parentSlug?: string | null
  linkUrl?: string | null
  seoTitle?: string
  seoKeywords?: string
  seoDescription?: string
  pageSize?: number
  vipLevel?: number
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/

/**
 * The channel tree as editors change it (post.write-any: content is theirs).
 * A list holds posts, a section holds channels, a link points elsewhere. Slugs
 * are unique and a channel's URL never moves under its posts: a list that holds
 * posts keeps its kind; one is deleted only when it holds nothing.
 */
export function createChannelService(deps: { db: Db; now: () => Date; onChange: () => Promise<void> }) {
  const { db } = deps

  async function parentOf(trx: Trx, slug: string | null | undefined, self?: number): Promise<number | null> {
    if (!slug) return null
    const parent = await findChannelBySlug(trx, slug)
    if (!parent) throw contentError('CHANNEL_NOT_FOUND', { slug })
    if (parent.kind !== 'section') throw contentError('CHANNEL_PARENT_NOT_SECTION', { slug })
    if (self !== undefined && (parent.id === self || (await ancestors(trx, parent.id)).includes(self))) throw contentError('CHANNEL_PARENT_LOOP', { slug })
    return parent.id
  }
  async function ancestors(trx: Trx, id: number): Promise<number[]> {
    const all = new Map((await listChannels(trx)).map((c) => [c.id, c]))
    const out: number[] = []
    for (let c = all.get(id); c?.parentId != null && !out.includes(c.parentId); c = all.get(c.parentId)) out.push(c.parentId)
    return out
  }
  function fields(input: ChannelInput) {
    const name = input.name.trim()
    if (!name || name.length > 60) throw contentError('CHANNEL_NAME_INVALID')
    if (!SLUG.test(input.slug)) throw contentError('CHANNEL_SLUG_INVALID', { slug: input.slug })
    const link = input.kind === 'link' ? followableUrl(input.linkUrl ?? '') : null
    if (input.kind === 'link' && !link) throw contentError('CHANNEL_LINK_INVALID')
    return {
      name,
      slug: input.slug,
      kind: input.kind,
      link_url: link ?? null,
      seo_title: (input.seoTitle ?? '').trim().slice(0, 120),
      seo_keywords: (input.seoKeywords ?? '').trim().slice(0, 200),
      seo_description: (input.seoDescription ?? '').trim().slice(0, 300),
      page_size: Math.min(100, Math.max(5, input.pageSize ?? 20)),
      vip_level: Math.min(99, Math.max(0, input.vipLevel ?? 0)),
    }
  }
  async function postCount(trx: Trx, id: number): Promise<number> {
    return Number(
      (
        await trx
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('channel_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    )
  }
  const changed = async <T>(run: (trx: Trx) => Promise<T>): Promise<T> => {
    try {
      const out = await db.transaction().execute(run)
      await deps.onChange()
      return out
    } catch (error) {
      if (isUniqueViolation(error)) throw contentError('CHANNEL_SLUG_TAKEN')
      throw error
    }
  }

  return {
    async list(actor: Actor): Promise<Array<Channel & { postCount: number }>> {
      authorize(actor, 'post.write-own')
      const [channels, counts] = await Promise.all([
        listChannels(db),
        db
          .selectFrom('posts')
          .select(['channel_id', (eb) => eb.fn.countAll<number | string>().as('n')])
          .groupBy('channel_id')
          .execute(),
      ])
      const byChannel = new Map(counts.map((c) => [c.channel_id, Number(c.n)]))
      return channels.sort((a, b) => b.weight - a.weight || a.id - b.id).map((c) => ({ ...c, postCount: byChannel.get(c.id) ?? 0 }))
    },

    async create(actor: Actor, input: ChannelInput): Promise<Channel> {
      authorize(actor, 'post.write-any')
      return changed(async (trx) => {
        const at = deps.now().toISOString()
        const id = await insertChannel(trx, { ...fields(input), parent_id: await parentOf(trx, input.parentSlug), weight: 0, created_at: at, updated_at: at })
        await recordAudit(trx, actor, deps.now(), { action: 'channel.create', target: `channel:${input.slug}`, detail: { name: input.name, kind: input.kind } })
        return toChannel(await trx.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow())
      })
    },

    async update(actor: Actor, slug: string, input: ChannelInput): Promise<Channel> {
      authorize(actor, 'post.write-any')
      return changed(async (trx) => {
        const found = await findChannelBySlug(trx, slug)
        if (!found) throw contentError('CHANNEL_NOT_FOUND', { slug })
        if (found.kind === 'list' && input.kind !== 'list' && (await postCount(trx, found.id)) > 0) throw contentError('CHANNEL_HAS_POSTS', { slug })
        if (found.kind === 'section' && input.kind !== 'section' && (await trx.selectFrom('channels').select('id').where('parent_id', '=', found.id).executeTakeFirst()))
          throw contentError('CHANNEL_HAS_CHILDREN', { slug })
        const next = { ...fields(input), parent_id: await parentOf(trx, input.parentSlug, found.id), updated_at: deps.now().toISOString() }
        await trx.updateTable('channels').set(next).where('id', '=', found.id).execute()
        await recordAudit(trx, actor, deps.now(), {
          action: 'channel.update',
          target: `channel:${slug}`,
          detail: {
            before: { name: found.name, slug: found.slug, kind: found.kind, vipLevel: found.vipLevel },
            after: { name: next.name, slug: next.slug, kind: next.kind, vipLevel: next.vip_level },
          },
        })
        return toChannel(await trx.selectFrom('channels').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow())
      })
    },

    /** The order of channels that share a parent: first in `slugs` shows first (weights count down). */
    async reorder(actor: Actor, slugs: string[]): Promise<void> {
      authorize(actor, 'post.write-any')
      await changed(async (trx) => {
        for (const [i, slug] of slugs.entries())
          await trx
            .updateTable('channels')
            .set({ weight: slugs.length - i })
            .where('slug', '=', slug)
            .execute()
        await recordAudit(trx, actor, deps.now(), { action: 'channel.reorder', target: 'channels', detail: { order: slugs } })
      })
    },

    async remove(actor: Actor, slug: string): Promise<void> {
      authorize(actor, 'post.write-any')
      await changed(async (trx) => {
        const found = await findChannelBySlug(trx, slug)
        if (!found) throw contentError('CHANNEL_NOT_FOUND', { slug })
        if ((await postCount(trx, found.id)) > 0) throw contentError('CHANNEL_HAS_POSTS', { slug })
        if (await trx.selectFrom('channels').select('id').where('parent_id', '=', found.id).executeTakeFirst()) throw contentError('CHANNEL_HAS_CHILDREN', { slug })
        await trx.deleteFrom('channels').where('id', '=', found.id).execute()
        await recordAudit(trx, actor, deps.now(), { action: 'channel.delete', target: `channel:${slug}`, detail: { name: found.name } })
      })
    },
  }
}
export type ChannelService = ReturnType<typeof createChannelService>
