import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { previewBody } from '../../paywall/index.ts'
import { errorFactory } from '../../platform/http/app-error.ts'
import { pickLocale, t, type Locale } from '../../platform/i18n/t.ts'
import { cents, parseYuan } from '../../shared/money.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, SlugParams } from '../contract/admin.schemas.ts'
import {
  ChoicesQuery,
  ChoicesResponse,
  DeletedResponse,
  DraftBody,
  DraftQuery,
  DraftResponse,
  DraftSavedResponse,
  EditablePostResponse,
  PreviewBody,
  PreviewResponse,
  RevisionListResponse,
  RevisionParams,
  RevisionResponse,
  SavePostBody,
  SavePostResponse,
  SlugQuery,
  SlugResponse,
} from '../contract/editor.schemas.ts'

const editorError = errorFactory<'ACCESS_FORBIDDEN' | 'REVISION_NOT_FOUND'>({ ACCESS_FORBIDDEN: 403, REVISION_NOT_FOUND: 404 })
const yuanText = (fen: number) => (fen / 100).toFixed(2)
const withMessages = (locale: Locale, warnings: ReadonlyArray<{ code: string; params?: Record<string, string | number> }>) =>
  warnings.map((w) => ({ code: w.code, message: t(locale, w.code, w.params ?? {}) }))

/**
 * The post editor. Opening a post gives its source (paid regions included) to
 * whoever may write it; the preview compiles with the same compiler that saves and
 * shows what a visitor gets; saving goes through the post operation like the CLI.
 */
export const editorRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { posts, staffPosts, sources, previewShare, drafts }) => {
  app.get('/posts/:slug', { schema: { tags: ['editor'], summary: 'a post with its source, to edit', params: SlugParams, response: { 200: EditablePostResponse, ...ERRORS } } }, async (request) => {
    const actor = staffOf(request)
    const post = await posts.openForEditing(actor, request.params.slug)
    const [source, choices, custom] = await Promise.all([sources.readSource(actor, post), staffPosts.editorChoices(actor, undefined), sources.readCustomFields(actor, post)])
    if (!source) throw editorError('ACCESS_FORBIDDEN', { permission: 'post.write-any' })
    return {
      post: {
        slug: post.slug,
        title: post.title,
        channel: choices.channels.find((c) => c.id === post.channelId)?.slug ?? '',
        price: yuanText(post.price),
        access: post.access,
        vipLevel: post.vipLevel,
        status: post.status,
        flags: post.flags,
        tags: post.tags.map((tag) => tag.name),
        coverUrl: post.coverUrl,
        weight: post.weight,
        publishedAt: post.publishedAt,
        updatedAt: post.updatedAt,
        paidRegionCount: post.paidRegionCount,
        previewShare: post.previewShare,
        format: source.format,
        source: source.source,
        customFields: custom?.fields ?? [],
      },
    }
  })

  app.put(
    '/posts/:slug',
    { schema: { tags: ['editor'], summary: 'create or save a post (its body in the paywall markup)', params: SlugParams, body: SavePostBody, response: { 200: SavePostResponse, ...ERRORS } } },
    async (request) => {
      const b = request.body
      const saved = await posts.savePost(staffOf(request), {
        slug: request.params.slug,
        title: b.title,
        channelSlug: b.channel,
        price: parseYuan(b.price) ?? cents(0),
        status: b.status,
        ...(b.access !== undefined ? { access: b.access } : {}),
        ...(b.vipLevel !== undefined ? { vipLevel: b.vipLevel } : {}),
        ...(b.flags !== undefined ? { flags: b.flags } : {}),
        ...(b.tags !== undefined ? { tags: b.tags } : {}),
        ...(b.coverUrl !== undefined ? { coverUrl: b.coverUrl } : {}),
        ...(b.weight !== undefined ? { weight: b.weight } : {}),
        ...(b.publishedAt !== undefined ? { publishedAt: new Date(b.publishedAt).toISOString() } : {}),
        ...(b.previewShare !== undefined ? { previewShare: b.previewShare } : {}),
        body: { source: b.source, format: b.format ?? 'html' },
      })
      // saved: the writer's autosaved draft of it is done with
      await drafts.discard(staffOf(request), saved.post.slug)
      return {
        post: { slug: saved.post.slug, title: saved.post.title, status: saved.post.status },
        created: saved.created,
        warnings: withMessages(pickLocale(request.headers['accept-language']), saved.warnings),
      }
    },
  )

  app.get(
    '/drafts',
    {
      schema: {
        tags: ['editor'],
        summary: "the signed-in writer's autosaved draft of a post (or of a new one): body and fields as typed; 404 when none",
        querystring: DraftQuery,
        response: { 200: DraftResponse, ...ERRORS },
      },
    },
    async (request) => ({ draft: await drafts.read(staffOf(request), request.query.post || null) }),
  )
  app.put(
    '/drafts',
    {
      schema: {
        tags: ['editor'],
        summary: "autosave: the writer's own draft of a post they may write (kept until the post is saved or the draft dropped)",
        body: DraftBody,
        response: { 200: DraftSavedResponse, ...ERRORS },
      },
    },
    async (request) => {
      const b = request.body
      return drafts.save(staffOf(request), b.post || null, { fields: b.fields, format: b.format, source: b.source })
    },
  )
  app.delete('/drafts', { schema: { tags: ['editor'], summary: "drop the writer's own draft of a post", querystring: DraftQuery, response: { 200: DeletedResponse, ...ERRORS } } }, async (request) => {
    await drafts.discard(staffOf(request), request.query.post || null)
    return { deleted: true }
  })

  app.get(
    '/posts/:slug/revisions',
    { schema: { tags: ['editor'], summary: "a post's earlier sources, newest first (every save keeps the one it replaces)", params: SlugParams, response: { 200: RevisionListResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const items = await sources.listRevisions(actor, await posts.openForEditing(actor, request.params.slug))
      if (!items) throw editorError('ACCESS_FORBIDDEN', { permission: 'post.write-any' })
      return { items }
    },
  )

  app.get(
    '/posts/:slug/revisions/:id',
    { schema: { tags: ['editor'], summary: 'one earlier source, to see or restore in the editor', params: RevisionParams, response: { 200: RevisionResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const revision = await sources.readRevision(actor, await posts.openForEditing(actor, request.params.slug), request.params.id)
      if (!revision) throw editorError('REVISION_NOT_FOUND')
      return { revision: { id: request.params.id, ...revision } }
    },
  )

  app.delete(
    '/posts/:slug',
    {
      schema: {
        tags: ['editor'],
        summary: 'delete a post in the trash for good, and everything stored with it (a bought post cannot be: 409)',
        params: SlugParams,
        response: { 200: DeletedResponse, ...ERRORS },
      },
    },
    async (request) => {
      await posts.purgePost(staffOf(request), request.params.slug)
      return { deleted: true }
    },
  )

  app.post(
    '/preview',
    { schema: { tags: ['editor'], summary: 'what a visitor who has not paid would see of a body (nothing is stored)', body: PreviewBody, response: { 200: PreviewResponse, ...ERRORS } } },
    async (request) => {
      const b = request.body
      const preview = previewBody(staffOf(request), { source: b.source, format: b.format ?? 'html', price: parseYuan(b.price) ?? 0, previewShare: b.previewShare ?? previewShare() })
      return { ...preview, warnings: withMessages(pickLocale(request.headers['accept-language']), preview.warnings) }
    },
  )

  app.get(
    '/slug',
    { schema: { tags: ['editor'], summary: "a free slug for a new post's title (its pinyin)", querystring: SlugQuery, response: { 200: SlugResponse, ...ERRORS } } },
    async (request) => ({ slug: await staffPosts.suggestSlug(staffOf(request), request.query.title) }),
  )

  app.get(
    '/editor-choices',
    { schema: { tags: ['editor'], summary: 'the channels, and tags by part of their name', querystring: ChoicesQuery, response: { 200: ChoicesResponse, ...ERRORS } } },
    async (request) => {
      const { channels, tags } = await staffPosts.editorChoices(staffOf(request), request.query.tag)
      return { channels: channels.map((c) => ({ id: c.id, parentId: c.parentId, slug: c.slug, name: c.name, kind: c.kind, vipLevel: c.vipLevel })), tags }
    },
  )
}
