import swagger from '@fastify/swagger'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { contentError, countPublishedPosts, findPublishedPostBySlug, findTagBySlug, isPaidPost, listPublishedPosts, type Tag } from '../../content/index.ts'
import { describeError, errorHeaders } from '../../platform/http/describe-error.ts'
import { markShareable, NO_STORE } from '../../platform/http/cache-control.ts'
import { pickLocale } from '../../platform/i18n/t.ts'
import { formatYuan } from '../../shared/money.ts'
import type { SiteDeps } from '../site-deps.ts'
import { urls } from '../urls.ts'
import { mayBePersonal, viewerOf } from '../../members/index.ts'
import { orderApiRoutes } from './order-api.route.ts'
import { toSummary } from './post-summary.ts'
import { searchApiRoutes } from './search-api.route.ts'
import { ChannelListResponse, ErrorResponse, OpenApiDocument, PostDetailResponse, PostListQuery, PostListResponse, PostPageQuery, PostParams } from './v1.schemas.ts'

const errors = { 400: ErrorResponse, 404: ErrorResponse, 500: ErrorResponse }

/** The public JSON API. Same reader as the pages: paid text only through an entitlement. */
export const apiV1Plugin: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.setErrorHandler(async (error, request, reply) => {
    const d = describeError(error, pickLocale(request.headers['accept-language']))
    if (d.internal) request.log.error({ err: error }, 'api request failed')
    const body = { error: { code: d.code, message: d.message, requestId: request.id, ...(d.fields ? { fields: d.fields } : {}) } }
    return reply.code(d.status).headers(errorHeaders(d)).send(body)
  })
  app.setNotFoundHandler(async (request, reply) => {
    const d = describeError({ statusCode: 404 }, pickLocale(request.headers['accept-language']))
    return reply
      .code(404)
      .header('cache-control', 'no-store')
      .send({ error: { code: 'NOT_FOUND', message: d.message, requestId: request.id } })
  })
  // caching fails closed: only routes marked shareable are, and only their successful answers (the app's hook makes the rest no-store)
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode === 200 && request.routeOptions.config.shareable && !reply.hasHeader('cache-control')) markShareable(reply, deps.config.cacheMaxAge)
  })

  // its own description: the routes registered in this context, none of another's
  await app.register(swagger, { openapi: { info: { title: 'Inkgate public API', version: '1' }, servers: [{ url: deps.config.siteUrl }] } })

  app.get('/posts', { config: { shareable: true }, schema: { tags: ['posts'], querystring: PostListQuery, response: { 200: PostListResponse, ...errors } } }, async (request) => {
    const { tree } = deps.catalog.get()
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 20
    let channelIds: number[] | undefined
    let tag: Tag | undefined
    if (request.query.channel) {
      const channel = tree.bySlug.get(request.query.channel)
      if (!channel) throw contentError('CHANNEL_NOT_FOUND', { slug: request.query.channel })
      channelIds = tree.descendantIds(channel.id)
    }
    if (request.query.tag) {
      tag = await findTagBySlug(deps.db, request.query.tag)
      if (!tag) throw contentError('TAG_NOT_FOUND')
    }
    const filter = { now: deps.now().toISOString(), ...(channelIds ? { channelIds } : {}), ...(tag ? { tagId: tag.id } : {}) }
    const total = await countPublishedPosts(deps.db, filter)
    const pages = Math.max(1, Math.ceil(total / pageSize))
    if (page > pages) throw contentError('PAGE_OUT_OF_RANGE', { pages })
    const posts = await listPublishedPosts(deps.db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize })
    return { items: posts.map((p) => toSummary(deps, p)), page, pageSize, total, pages }
  })

  app.get(
    '/posts/:slug',
    { config: { shareable: true }, schema: { tags: ['posts'], params: PostParams, querystring: PostPageQuery, response: { 200: PostDetailResponse, ...errors } } },
    async (request, reply) => {
      const post = await findPublishedPostBySlug(deps.db, request.params.slug, deps.now().toISOString())
      if (!post) throw contentError('POST_NOT_FOUND')
      const page = request.query.page ?? 1
      if (page > post.pageCount) throw contentError('POST_PAGE_NOT_FOUND', { page })
      const viewer = (await viewerOf(deps, request)).viewer
      const readable = await deps.reader.readPage(viewer, post, page)
      // an answer that depends on cookies is the browser's own, paid text or not
      if (readable.hasPaidText || mayBePersonal(request)) reply.header('cache-control', NO_STORE)
      const priceText = post.price > 0 ? formatYuan(post.price) : ''
      return {
        post: { ...toSummary(deps, post), tags: post.tags.map((t) => ({ slug: t.slug, name: t.name })) },
        page: {
          number: page,
          count: post.pageCount,
          segments: readable.segments.map((s) =>
            s.kind === 'locked'
              ? { kind: 'locked' as const, charCount: s.charCount, priceText }
              : { kind: s.kind === 'unlocked' ? ('paid' as const) : ('free' as const), html: s.html, charCount: s.charCount },
          ),
        },
        paywall: {
          isPaid: isPaidPost(post),
          price: post.price,
          priceText,
          paidCharCount: post.paidCharCount,
          regionCount: post.paidRegionCount,
          canRead: readable.segments.every((s) => s.kind !== 'locked'),
        },
      }
    },
  )

  app.get('/channels', { config: { shareable: true }, schema: { tags: ['channels'], response: { 200: ChannelListResponse, ...errors } } }, async () => {
    const { tree } = deps.catalog.get()
    return {
      items: tree.all.map((c) => ({
        id: c.id,
        parentId: c.parentId,
        kind: c.kind,
        name: c.name,
        slug: c.slug,
        url: c.kind === 'link' ? (c.linkUrl ?? '') : urls.channel(c.slug),
        description: c.seoDescription,
      })),
    }
  })

  await app.register(searchApiRoutes, { ...deps, prefix: '' })
  await app.register(orderApiRoutes, { ...deps, prefix: '' })

  app.get('/openapi.json', { config: { shareable: true }, schema: { hide: true, response: { 200: OpenApiDocument } } }, async () => app.swagger() as { openapi: string })
}
