import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { DoneResponse } from '../contract/site.schemas.ts'
import { TagIdParams, TagListQuery, TagListResponse, TagMergeBody, TagRenameBody, TagResponse } from '../contract/tags.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/** Tags (editors): list, rename, merge, delete; the operations rewrite the posts that carry them and index them again. */
export const tagRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { tags }) => {
  const tagsTag = ['tags']
  app.get('/tags', { schema: { tags: tagsTag, summary: 'tags a page at a time, most used first', querystring: TagListQuery, response: { 200: TagListResponse, ...ERRORS } } }, async (request) => {
    const page = request.query.page ?? 1
    const pageSize = request.query.pageSize ?? 50
    const result = await tags.listTags(staffOf(request), { page, pageSize, ...(request.query.q ? { text: request.query.q } : {}) })
    return { ...result, page, pageSize }
  })
  app.put(
    '/tags/:id',
    { schema: { tags: tagsTag, summary: 'rename a tag (its posts follow)', params: TagIdParams, body: TagRenameBody, response: { 200: TagResponse, ...ERRORS } } },
    async (request) => ({ tag: await tags.renameTag(staffOf(request), request.params.id, request.body.name) }),
  )
  app.post(
    '/tags/merge',
    { schema: { tags: tagsTag, summary: 'merge tags into one: their posts carry it instead', body: TagMergeBody, response: { 200: TagResponse, ...ERRORS } } },
    async (request) => ({ tag: await tags.mergeTags(staffOf(request), request.body.from, request.body.into) }),
  )
  app.delete('/tags/:id', { schema: { tags: tagsTag, summary: 'delete a tag (taken off every post)', params: TagIdParams, response: { 200: DoneResponse, ...ERRORS } } }, async (request) => {
    await tags.deleteTag(staffOf(request), request.params.id)
    return { done: true }
  })
}
