import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { mediaError } from '../../media/media.errors.ts'
import { parseMediaFile, type MediaItem } from '../../media/index.ts'
import { viewerOf } from '../../members/index.ts'
import type { FastifyReply } from 'fastify'
import type { SiteDeps } from '../site-deps.ts'

/** RFC 6266: the name as UTF-8, and an ASCII stand-in for old clients. */
function disposition(item: MediaItem): string {
  const ascii = item.name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_')
  return `${item.kind === 'image' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(item.name)}`
}

/**
 * /media/<key>.<ext>: uploaded images and attachments. Public files are served
 * to anyone and cached for a year; a file a paid region uses goes only to a
 * viewer the paywall entitles, through a short-lived signed URL (this route
 * redirects there), never from a shared cache. Attachments are always
 * downloaded, never shown inline, and no file may run script on our origin.
 */
export const mediaRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const { media } = deps
  const send = async (reply: FastifyReply, item: MediaItem, cache: string) => {
    const opened = await media.files.store.open(item.key)
    if (!opened) throw mediaError('MEDIA_NOT_FOUND')
    return reply
      .header('cache-control', cache)
      .header('content-type', item.mime)
      .header('content-length', opened.size)
      .header('content-disposition', disposition(item))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-site')
      .send(opened.stream)
  }

  app.get(
    '/media/:file',
    {
      schema: {
        params: Type.Object({ file: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ e: Type.Optional(Type.String({ maxLength: 20 })), s: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request, reply) => {
      const name = parseMediaFile(request.params.file)
      const item = name ? await media.files.find(name.key) : undefined
      if (!item || item.ext !== name?.ext) throw mediaError('MEDIA_NOT_FOUND')
      // a signed link: the check was made when it was given out
      if (media.signer.verify(item.key, request.query.e, request.query.s)) return send(reply, item, 'private, no-store')
      const { viewer } = await viewerOf(deps, request)
      const access = await media.access.decide(viewer, item.key)
      switch (access.kind) {
        case 'public':
          return send(reply, item, 'public, max-age=31536000, immutable')
        case 'signed':
          return reply.header('cache-control', 'private, no-store').redirect(media.signer.sign(item.key, item.ext), 302)
        case 'locked':
          throw mediaError('MEDIA_PAID')
        case 'absent':
          throw mediaError('MEDIA_NOT_FOUND')
      }
    },
  )
}
