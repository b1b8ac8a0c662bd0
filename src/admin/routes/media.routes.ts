import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { mediaError } from '../../media/media.errors.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { MediaDeletedResponse, MediaKeyParams, MediaListQuery, MediaListResponse, MediaUploadBody, MediaUploadQuery, MediaUploadResponse } from '../contract/media.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/** Uploads: one file a request (multipart/form-data, field `file`), the library (newest first, with their uses), deleting one nothing uses. */
export const mediaRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { media }) => {
  // one byte over the largest attachment: the media service's own count refuses it with our message
  await app.register(multipart, { limits: { fileSize: Math.max(media.limits.image, media.limits.file) + 1, files: 1, fields: 4, parts: 5, fieldSize: 1024 } })

  app.post(
    '/media',
    {
      schema: {
        tags: ['media'],
        summary: 'upload an image or an attachment (multipart/form-data, field "file"); its type is read from its bytes',
        consumes: ['multipart/form-data'],
        body: MediaUploadBody,
        querystring: MediaUploadQuery,
        response: { 201: MediaUploadResponse, ...ERRORS, 413: ERRORS[400], 415: ERRORS[400] },
      },
    },
    async (request, reply) => {
      const actor = staffOf(request)
      if (!request.isMultipart()) throw mediaError('MEDIA_NO_FILE')
      const part = await request.file()
      if (!part) throw mediaError('MEDIA_NO_FILE')
      const item = await media.files.upload(actor, { name: part.filename, stream: part.file, want: request.query.kind })
      return reply.code(201).send({ media: item })
    },
  )
  app.get(
    '/media',
    {
      schema: {
        tags: ['media'],
        summary: 'the newest uploads and where they are used, for the library and the editor (an author sees their own)',
        querystring: MediaListQuery,
        response: { 200: MediaListResponse, ...ERRORS },
      },
    },
    async (request) => ({
      items: await media.files.list(staffOf(request), {
        limit: request.query.limit ?? 40,
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.before ? { before: request.query.before } : {}),
        ...(request.query.q ? { name: request.query.q } : {}),
      }),
    }),
  )
  app.delete(
    '/media/:key',
    {
      schema: {
        tags: ['media'],
        summary: 'delete an upload no saved post and not the logo uses (409 says how many do)',
        params: MediaKeyParams,
        response: { 200: MediaDeletedResponse, ...ERRORS },
      },
    },
    async (request) => {
      await media.files.remove(staffOf(request), request.params.key)
      return { deleted: true }
    },
  )
}
