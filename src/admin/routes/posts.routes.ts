import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, PostStatusBody, PostStatusResponse, SlugParams } from '../contract/admin.schemas.ts'

/** Posts. Staff publish, hide or draft a post; every server drops its copies within a second or two. */
export const postRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { posts }) => {
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
}
