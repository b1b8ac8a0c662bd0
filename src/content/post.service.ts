import { followableUrl } from '../shared/followable-url.ts'
import { actorLabel, type Actor } from '../platform/access/actor.ts'
import { authorize, can } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db, Trx } from '../platform/db/database.ts'
import { isForeignKeyViolation } from '../platform/db/unique-violation.ts'
import { AppError } from '../platform/http/app-error.ts'
import type { Cents } from '../shared/money.ts'
import { findChannelBySlug } from './channel.repository.ts'
import { contentError } from './content.errors.ts'
import type { Post, PostAccess, PostFlag, PostStatus } from './post.ts'
import { deletePostRow, findPostBySlug, insertPost, selectPosts, toPost, updatePost } from './post.repository.ts'
import { setPostTags } from './tag.repository.ts'

export type BodyFormat = 'html' | 'text' | 'markdown'

export interface BodyInput {
  source: string
  format: BodyFormat
  price: Cents
  customDescription?: string
  /** when and by whom: the source it replaces becomes a revision with these */
  saved: { at: string; by: string }
  /** the post's cover: a file of ours used there is used in the open, like free text */
  coverUrl?: string
  /** the share an automatic preview shows (the post's own); the site's when not given */
  previewShare?: number
}

/** What the paywall tells content after compiling and storing a body (numbers and free text only). */
export interface BodySummary {
  description: string
  wordCount: number
  freeCharCount: number
  paidCharCount: number
  pageCount: number
  paidRegionCount: number
  /** the compile made an automatic preview (a priced post without paid markers) */
  autoPreview: boolean
  warnings: Array<{ code: string; params?: Record<string, string | number> }>
}

/**
 * The port through which content stores a body. Content never sees paid text:
 * the paywall implements this (compile, split, store both sides) and app.ts wires it.
 */
export type BodyWriter = (trx: Trx, postId: number, body: BodyInput) => Promise<BodySummary>

export interface SavePostInput {
  slug: string
  title: string
  channelSlug: string
  price: Cents
  access?: PostAccess
  vipLevel?: number
  status?: PostStatus
  flags?: PostFlag[]
  tags?: string[]
  coverUrl?: string | null
  description?: string
  publishedAt?: string
  weight?: number
  /** the post's own automatic-preview share (0.05..0.9); null: the site's; not given: as it was */
  previewShare?: number | null
  sourceName?: string
  /** the member who wrote it: an author reads their own paid regions; left as it was when not given */
  authorId?: number | null
  body: { source: string; format: BodyFormat }
}

export interface SavePostResult {
  post: Post
  created: boolean
  /** the paywall compiler's warnings, and content's own (a refused cover) */
  warnings: Array<BodySummary['warnings'][number] | { code: 'CONTENT_COVER_REFUSED'; params: { url: string } }>
}

export interface PostServiceDeps {
  db: Db
  writeBody: BodyWriter
  now: () => Date
  /** runs after a commit that changed what the public sees */
  onChange: () => void | Promise<void>
  /** runs inside the delete transaction: drops what other modules keep per post (the search index row) */
  onDelete?: (trx: Trx, postId: number) => Promise<void>
}

/**
 * Who may write a post: anyone with post.write-any; an author their own (`isNew`: a
 * post they are making, which becomes theirs). Publishing a priced post is an
 * editor's or an admin's (post.publish); an author publishes only free ones. A
 * post that does not exist is treated as someone else's unless it is being made,
 * so a refusal says nothing about which slugs exist.
 */
function authorizeWrite(actor: Actor, post: Post | undefined, change: { isNew?: boolean; status?: PostStatus; price: number }): void {
  const own = actor.kind === 'member' && (post ? post.authorId === actor.memberId : change.isNew === true) && can(actor, 'post.write-own')
  if (!own) authorize(actor, 'post.write-any')
  if (change.status === 'published' && change.price > 0) authorize(actor, 'post.publish')
}

export function createPostService({ db, writeBody, now, onChange, onDelete }: PostServiceDeps) {
  async function savePost(actor: Actor, input: SavePostInput): Promise<SavePostResult> {
    if (actor.kind === 'visitor') authorize(actor, 'post.write-own')
    const title = input.title.trim()
    if (!title) throw contentError('POST_TITLE_REQUIRED')
    if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(input.slug)) throw contentError('POST_SLUG_INVALID', { slug: input.slug })
    if (input.previewShare != null && !(Number.isFinite(input.previewShare) && input.previewShare >= 0.05 && input.previewShare <= 0.9)) throw contentError('POST_PREVIEW_SHARE_INVALID')
    // only a URL we would follow is stored (javascript:, data:, //host are refused with a warning)
    const cover = input.coverUrl ? followableUrl(input.coverUrl) : undefined
    const refused: SavePostResult['warnings'] = input.coverUrl && !cover ? [{ code: 'CONTENT_COVER_REFUSED', params: { url: input.coverUrl.slice(0, 100) } }] : []
    const result = await db.transaction().execute(async (trx) => {
      const channel = await findChannelBySlug(trx, input.channelSlug)
      if (!channel) throw contentError('CHANNEL_NOT_FOUND', { slug: input.channelSlug })
      if (channel.kind !== 'list') throw contentError('CHANNEL_NOT_A_LIST', { slug: input.channelSlug })
      const at = now().toISOString()
      const existing = await findPostBySlug(trx, input.slug)
      authorizeWrite(actor, existing, { isNew: !existing, status: input.status ?? 'published', price: input.price })
      // a post in the trash is restored before it is changed (an import of the same slug included)
      if (existing?.status === 'trashed') throw contentError('POST_IN_TRASH', { slug: input.slug })
      // an author's new post is theirs, whatever the input says
      const authorId = actor.kind === 'member' && actor.role === 'author' && !existing ? actor.memberId : input.authorId
      const flags = new Set(input.flags ?? [])
      const fields = {
        channel_id: channel.id,
        title,
        cover_url: cover ?? null,
        price: input.price,
        access: input.access ?? 'members',
        vip_level: input.vipLevel ?? 0,
        status: input.status ?? 'published',
        flag_top: flags.has('top') ? 1 : 0,
        flag_hot: flags.has('hot') ? 1 : 0,
        flag_recommend: flags.has('recommend') ? 1 : 0,
        flag_new: flags.has('new') ? 1 : 0,
        weight: input.weight ?? 0,
        source_name: input.sourceName ?? null,
        updated_at: at,
        ...(authorId !== undefined ? { author_id: authorId } : {}),
      }
      const publishedAt = input.publishedAt ?? existing?.publishedAt ?? at
      const previewShare = input.previewShare === undefined ? (existing?.previewShare ?? null) : input.previewShare === null ? null : Math.round(input.previewShare * 100) / 100
      const id = existing
        ? (await updatePost(trx, existing.id, { ...fields, preview_share: previewShare, published_at: publishedAt }), existing.id)
        : await insertPost(trx, { ...fields, preview_share: previewShare, slug: input.slug, published_at: publishedAt, created_at: at })
      const body: BodyInput = {
        ...input.body,
        price: input.price,
        saved: { at, by: actorLabel(actor) },
        ...(cover ? { coverUrl: cover } : {}),
        ...(previewShare !== null ? { previewShare } : {}),
      }
      if (input.description !== undefined) body.customDescription = input.description
      // tags first: the body writer's search hook indexes title and tags with the text
      await setPostTags(trx, id, dedupe(input.tags ?? []))
      const summary = await writeBody(trx, id, body)
      await applyBodySummary(trx, id, summary)
      const row = await selectPosts(trx).where('posts.id', '=', id).executeTakeFirstOrThrow()
      // staff actions are audited one by one; an import or the demo (the shell, a job) is one run, logged by its command
      if (actor.kind === 'member') {
        await recordAudit(trx, actor, now(), {
          action: existing ? 'post.update' : 'post.create',
          target: `post:${input.slug}`,
          detail: { ...(existing ? { before: { status: existing.status, price: existing.price } } : {}), after: { status: input.status ?? 'published', price: input.price } },
        })
      }
      return { post: toPost(row), created: !existing, warnings: [...refused, ...summary.warnings] }
    })
    await onChange()
    return result
  }

  /** Deletes a post and everything stored with it (segments, paid text, source, tags, index row) in one transaction. */
  /** Deletes a post for good, whatever its status (operators, tests); the console purges from the trash only (`purgePost`). */
  async function deletePost(actor: Actor, slug: string, options: { onlyTrashed?: boolean; quiet?: boolean } = {}): Promise<void> {
    try {
      await db.transaction().execute(async (trx) => {
        const post = await findPostBySlug(trx, slug)
        authorizeWrite(actor, post, { price: 0 })
        if (!post) throw contentError('POST_NOT_FOUND', { slug })
        if (options.onlyTrashed && post.status !== 'trashed') throw contentError('POST_NOT_IN_TRASH')
        await onDelete?.(trx, post.id)
        await deletePostRow(trx, post.id)
        if (actor.kind === 'member') await recordAudit(trx, actor, now(), { action: 'post.delete', target: `post:${slug}`, detail: { title: post.title } })
      })
    } catch (error) {
      // orders and purchases keep naming the post: a bought post stays (in the trash, off the site)
      if (isForeignKeyViolation(error)) throw contentError('POST_HAS_PURCHASES')
      throw error
    }
    // a batch tells the pages once, at its end
    if (!options.quiet) await onChange()
  }

  /** 彻底删除: a post in the trash, for good. */
  const purgePost = (actor: Actor, slug: string) => deletePost(actor, slug, { onlyTrashed: true })

  /**
   * Empties the trash of posts there for longer than `days` (the site's setting;
   * 0 keeps them): the job's run, at most `limit` a run. A bought post stays (its
   * orders name it). Each purge is its own transaction; one audit row says which.
   */
  async function purgeOldTrash(actor: Actor, days: number, limit = 50): Promise<{ purged: string[]; kept: number }> {
    authorize(actor, 'post.write-any')
    if (!(days > 0)) return { purged: [], kept: 0 }
    const cutoff = new Date(now().getTime() - days * 86_400_000).toISOString()
    const due = await db.selectFrom('posts').select('slug').where('status', '=', 'trashed').where('trashed_at', '<', cutoff).orderBy('trashed_at').execute()
    const purged: string[] = []
    let kept = 0
    for (const { slug } of due) {
      if (purged.length >= limit) break
      try {
        await deletePost(actor, slug, { onlyTrashed: true, quiet: true })
        purged.push(slug)
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'POST_HAS_PURCHASES')) throw error
        kept++
      }
    }
    if (purged.length) {
      await recordAudit(db, actor, now(), { action: 'post.purge-old-trash', target: 'posts', detail: { days, slugs: purged.slice(0, 200), count: purged.length } })
      await onChange()
    }
    return { purged, kept }
  }

  /** 移到回收站: off the site at once, remembering its status; who may: as for saving it. */
  async function trashPost(actor: Actor, slug: string): Promise<Post> {
    return moveTrash(actor, slug, 'trash')
  }

  /**
   * 恢复: back to the status it had. A priced post that was published comes back
   * published only for who may publish it (an author gets it back as a draft).
   */
  async function restorePost(actor: Actor, slug: string): Promise<Post> {
    return moveTrash(actor, slug, 'restore')
  }

  async function moveTrash(actor: Actor, slug: string, way: 'trash' | 'restore'): Promise<Post> {
    const post = await db.transaction().execute(async (trx) => {
      const found = await findPostBySlug(trx, slug)
      authorizeWrite(actor, found, { price: found?.price ?? 0 })
      if (!found) throw contentError('POST_NOT_FOUND', { slug })
      const at = now()
      if (way === 'trash') {
        if (found.status === 'trashed') return found
        await updatePost(trx, found.id, { status: 'trashed', status_before_trash: found.status, trashed_at: at.toISOString(), updated_at: at.toISOString() })
      } else {
        if (found.status !== 'trashed') return found
        const row = await trx.selectFrom('posts').select('status_before_trash').where('id', '=', found.id).executeTakeFirstOrThrow()
        const wanted = row.status_before_trash ?? 'draft'
        const back = wanted === 'published' && found.price > 0 && !can(actor, 'post.publish') ? 'draft' : wanted
        await updatePost(trx, found.id, { status: back, status_before_trash: null, trashed_at: null, updated_at: at.toISOString() })
      }
      const after = toPost(await selectPosts(trx).where('posts.id', '=', found.id).executeTakeFirstOrThrow())
      await recordAudit(trx, actor, at, {
        action: way === 'trash' ? 'post.trash' : 'post.restore',
        target: `post:${found.slug}`,
        detail: { before: { status: found.status }, after: { status: after.status } },
      })
      return after
    })
    await onChange()
    return post
  }

  /**
   * Publishes, hides or returns a post to draft: no recompile (search checks status
   * when it asks). Who may: as for saving it (an author their own, and publishes
   * only free ones).
   */
  async function setPostStatus(actor: Actor, slug: string, status: PostStatus): Promise<Post> {
    const post = await db.transaction().execute(async (trx) => {
      const found = await findPostBySlug(trx, slug)
      authorizeWrite(actor, found, { status, price: found?.price ?? 0 })
      if (!found) throw contentError('POST_NOT_FOUND', { slug })
      if (found.status === 'trashed') throw contentError('POST_IN_TRASH', { slug })
      const at = now()
      await updatePost(trx, found.id, { status, updated_at: at.toISOString() })
      await recordAudit(trx, actor, at, { action: 'post.set-status', target: `post:${found.slug}`, detail: { before: { status: found.status }, after: { status } } })
      return toPost(await selectPosts(trx).where('posts.id', '=', found.id).executeTakeFirstOrThrow())
    })
    await onChange()
    return post
  }

  /** A post opened in the editor: by whoever may write it (an author their own); the others are told it does not exist. */
  async function openForEditing(actor: Actor, slug: string): Promise<Post> {
    const post = await findPostBySlug(db, slug)
    authorizeWrite(actor, post, { price: post?.price ?? 0 })
    if (!post) throw contentError('POST_NOT_FOUND', { slug })
    return post
  }

  return { savePost, deletePost, purgePost, purgeOldTrash, trashPost, restorePost, setPostStatus, openForEditing }
}
export type PostService = ReturnType<typeof createPostService>

/** What a compiled body tells the post's row: its description and counts, and whether it is an automatic preview. */
export async function applyBodySummary(trx: Trx, postId: number, summary: BodySummary): Promise<void> {
  await updatePost(trx, postId, {
    description: summary.description,
    word_count: summary.wordCount,
    free_char_count: summary.freeCharCount,
    paid_char_count: summary.paidCharCount,
    page_count: summary.pageCount,
    paid_region_count: summary.paidRegionCount,
    auto_preview: summary.autoPreview ? 1 : 0,
  })
}

function dedupe(tags: string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const t of tags.map((x) => x.trim()).filter(Boolean)) {
    const k = t.toLowerCase()
    if (!seen.has(k)) {
      seen.add(k)
      out.push(t.slice(0, 40))
    }
  }
  return out.slice(0, 20)
}
