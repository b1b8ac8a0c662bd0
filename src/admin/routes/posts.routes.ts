import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { formatYuan } from '../../shared/money.ts'
import { pickLocale, t } from '../../platform/i18n/t.ts'
import { ERRORS, NoBody, PostListQuery, PostListResponse, PostStatusBody, PostStatusResponse, SlugParams } from '../contract/admin.schemas.ts'

/** Posts. Staff publish, hide or draft a post; every server drops its copies within a second or two. */
export const postRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { posts, staffPosts }) => {
  app.get(
    '/posts',
    { schema: { tags: ['posts'], summary: 'every post a page at a time, filtered and sorted (an author: their own)', querystring: PostListQuery, response: { 200: PostListResponse, ...ERRORS } } },
    async (request) => {
      const q = request.query
      const locale = pickLocale(request.headers['accept-language'])
      const page = q.page ?? 1
      const pageSize = q.pageSize ?? 20
      const result = await staffPosts.listPosts(staffOf(request), {
        page,
        pageSize,
        ...(q.channel !== undefined ? { channelSlug: q.channel } : {}),
        ...(q.status !== undefined ? { status: q.status } : {}),
        ...(q.paid !== undefined ? { paid: q.paid } : {}),
        ...(q.flag !== undefined ? { flag: q.flag } : {}),
        ...(q.tag !== undefined ? { tagSlug: q.tag } : {}),
        ...(q.author !== undefined ? { authorId: q.author } : {}),
        ...(q.title !== undefined ? { title: q.title } : {}),
        ...(q.sort !== undefined ? { sort: q.sort } : {}),
        ...(q.order !== undefined ? { order: q.order } : {}),
      })
      return {
        page,
        pageSize,
        total: result.total,
        items: result.items.map((p) => ({
          id: p.id,
          slug: p.slug,
          title: p.title,
          channelId: p.channelId,
          status: p.status,
          price: p.price,
          priceText: p.price > 0 ? formatYuan(p.price) : t(locale, 'POST_PRICE_FREE'),
          access: p.access,
          vipLevel: p.vipLevel,
          flags: p.flags,
          weight: p.weight,
          authorId: p.authorId,
          publishedAt: p.publishedAt,
          updatedAt: p.updatedAt,
          viewCount: p.viewCount,
          wordCount: p.wordCount,
          paidRegionCount: p.paidRegionCount,
          tags: p.tags.map((t) => t.name),
        })),
      }
    },
  )

  app.patch(
    '/posts/:slug',
    { schema: { tags: ['posts'], summary: 'publish, hide or draft a post', params: SlugParams, body: PostStatusBody, response: { 200: PostStatusResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const post = await posts.setPostStatus(actor, request.params.slug, request.body.status)
      request.log.info({ slug: post.slug, status: post.status, by: actor.memberId }, 'post status changed')
      return { post: { slug: post.slug, title: post.title, status: post.status } }
    },
  )
  for (const [way, summary] of [
    ['trash', 'move a post to the trash: off the site at once, restorable'],
    ['restore', 'bring a post back from the trash, to the status it had'],
  ] as const) {
    app.post(`/posts/:slug/${way}`, { schema: { tags: ['posts'], summary, params: SlugParams, body: NoBody, response: { 200: PostStatusResponse, ...ERRORS } } }, async (request) => {
      const actor = staffOf(request)
      const post = way === 'trash' ? await posts.trashPost(actor, request.params.slug) : await posts.restorePost(actor, request.params.slug)
      return { post: { slug: post.slug, title: post.title, status: post.status } }
    })
  }
}
