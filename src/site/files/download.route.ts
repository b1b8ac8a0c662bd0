import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { commerceError, recordDownload } from '../../commerce/index.ts'
import { contentError, findPublishedPostBySlug } from '../../content/index.ts'
import { viewerOf } from '../../members/index.ts'
import { SlugParams } from '../site.schemas.ts'
import type { SiteDeps } from '../site-deps.ts'
import { formatDate } from '../views/format.ts'
import { postToDocx } from './post-docx.ts'
import { DOWNLOAD_FORMATS, offered, type DownloadFormat } from './download-formats.ts'

/** downloads a reader may take in an hour: enough to work, too few to copy a site */
const PER_HOUR = 30

/**
 * `/p/:slug/download.docx` and `.pdf`: the whole post as a Word file or a PDF,
 * through the same door as its page. A paid post only for a viewer who reads
 * every paid region (buyer, VIP, staff); a free one for any member (so each
 * download has a name). Each page of the file carries who took it and when;
 * each download is counted against an hourly limit (both formats together) and
 * recorded. Never cached anywhere. A PDF needs a Chinese font on the server.
 */
export const downloadRoute: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  for (const format of Object.keys(DOWNLOAD_FORMATS) as DownloadFormat[]) {
    app.get(`/p/:slug/download.${format}`, { schema: { params: SlugParams } }, async (request, reply) => {
      const now = deps.now()
      const { settings } = deps.catalog.get()
      if (!offered(deps, format)) throw commerceError('DOWNLOAD_OFF')
      const post = await findPublishedPostBySlug(deps.db, request.params.slug, now.toISOString())
      if (!post) throw contentError('POST_NOT_FOUND')
      const { viewer, member } = await viewerOf(deps, request)
      const paid = post.paidRegionCount > 0
      if (paid ? !(await deps.reader.canRead(viewer, post)) : !member) throw commerceError('DOWNLOAD_NOT_ENTITLED')

      const who = member ? `m${member.id}` : `g${viewer.guestKey ?? request.ip}`
      const window = await deps.counter.hit(`download:${who}`, 3600_000)
      if (window.count > PER_HOUR) throw commerceError('DOWNLOAD_THROTTLED', { minutes: Math.max(1, Math.ceil(window.resetMs / 60_000)) })

      const pages: string[] = []
      for (let page = 1; page <= post.pageCount; page++) {
        const readable = await deps.reader.readPage(viewer, post, page)
        // the door said yes for the post; a page that still hides a region means no file at all
        if (readable.segments.some((s) => s.kind === 'locked')) throw commerceError('DOWNLOAD_NOT_ENTITLED')
        pages.push(readable.segments.map((s) => (s.kind === 'locked' ? '' : s.html)).join(''))
      }
      const mark = member ? `下载者 ${member.username}` : `订单 ${(await guestOrderNo(deps, viewer.guestKey, post.id)) ?? '游客'}`
      const input = { title: post.title, pages, watermark: `${mark} · ${formatDate(now.toISOString(), 'zh-CN')}`, siteName: settings.name }
      const file = format === 'pdf' && deps.pdf ? await deps.pdf.make(input) : await postToDocx(input)
      await recordDownload(deps.db, { postId: post.id, memberId: member?.id ?? null, guestKey: member ? null : (viewer.guestKey ?? null), format, ip: request.ip, at: now.toISOString() })
      return reply
        .header('content-type', DOWNLOAD_FORMATS[format].type)
        .header('content-disposition', `attachment; filename="${post.slug}.${format}"; filename*=UTF-8''${encodeURIComponent(post.title.replace(/[\\/:*?"<>|]/g, ' '))}.${format}`)
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file)
    })
  }
}

/** a guest buyer's mark: the number of their paid order of this post */
async function guestOrderNo(deps: SiteDeps, guestKey: string | undefined, postId: number): Promise<string | undefined> {
  if (!guestKey) return undefined
  const row = await deps.db.selectFrom('orders').select('order_no').where('guest_key', '=', guestKey).where('post_id', '=', postId).where('state', '=', 'paid').orderBy('id', 'desc').executeTakeFirst()
  return row?.order_no
}
