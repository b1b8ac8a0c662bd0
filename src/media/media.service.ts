import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { Actor } from '../platform/access/actor.ts'
import { memberIdOf } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { TooLarge, type FileStore } from './file-store.ts'
import { mediaError } from './media.errors.ts'
import { isMediaKey, mediaPath, type MediaItem, type MediaKind } from './media.ts'
import { sniffFile } from './sniff.ts'

export interface MediaLimits {
  /** bytes an image may have */
  image: number
  /** bytes an attachment may have */
  file: number
}

export interface MediaService {
  /** Takes an upload from staff who write posts: checked by its bytes and size, stored, audited. */
  upload(actor: Actor, input: { name: string; stream: Readable; want: MediaKind }): Promise<MediaItem>
  /** One file's record (the site's media route reads it; no rule: who may have the bytes is the paywall's). */
  find(key: string): Promise<MediaItem | undefined>
  /** The newest uploads, for the editor's library. */
  list(actor: Actor, q: { kind?: MediaKind; limit: number; before?: string }): Promise<MediaItem[]>
  store: FileStore
}

/** A name safe to show and to offer a download under: no path, no control characters, at most 120 characters. */
function cleanName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  const chars = Array.from(base)
  const short = chars.length > 120 ? chars.slice(chars.length - 120).join('') : base
  return short || `file.${ext}`
}

type MediaRow = { key: string; ext: string; kind: MediaKind; mime: string; size: number; name: string; created_at: string }
const toItem = (r: MediaRow): MediaItem => ({ key: r.key, ext: r.ext, kind: r.kind, mime: r.mime, size: Number(r.size), name: r.name, url: mediaPath(r.key, r.ext), createdAt: r.created_at })

export function createMediaService(deps: { db: Db; store: FileStore; limits: MediaLimits; now: () => Date }): MediaService {
  const { db, store } = deps
  return {
    store,
    async upload(actor, input) {
      authorize(actor, 'post.write-own')
      const limit = input.want === 'image' ? deps.limits.image : deps.limits.file
      const staged = await store.stage(input.stream, limit).catch((err: unknown) => {
        if (err instanceof TooLarge) throw mediaError('MEDIA_TOO_LARGE', { mb: Math.floor(limit / 1024 / 1024) })
        throw err
      })
      try {
        if (staged.size === 0) throw mediaError('MEDIA_EMPTY')
        const type = await sniffFile(staged.path, input.name)
        if (!type) throw mediaError('MEDIA_TYPE_REFUSED')
        if (input.want === 'image' && type.kind !== 'image') throw mediaError('MEDIA_NOT_AN_IMAGE')
        const key = randomBytes(16).toString('base64url')
        const at = deps.now()
        const row = {
          key,
          ext: type.ext,
          kind: type.kind,
          mime: type.mime,
          size: staged.size,
          name: cleanName(input.name, type.ext),
          sha256: staged.sha256,
          uploaded_by: memberIdOf(actor),
          created_at: at.toISOString(),
        }
        // the bytes first: a row never names a file that is not there
        await store.commit(staged, key)
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('media').values(row).execute()
          await recordAudit(trx, actor, at, { action: 'media.upload', target: `media:${key}`, detail: { name: row.name, size: row.size, mime: row.mime } })
        })
        return toItem(row)
      } catch (err) {
        await store.discard(staged)
        throw err
      }
    },
    async find(key) {
      if (!isMediaKey(key)) return undefined
      const row = await db.selectFrom('media').select(['key', 'ext', 'kind', 'mime', 'size', 'name', 'created_at']).where('key', '=', key).executeTakeFirst()
      return row ? toItem(row) : undefined
    },
    async list(actor, q) {
      authorize(actor, 'post.write-own')
      let query = db.selectFrom('media').select(['key', 'ext', 'kind', 'mime', 'size', 'name', 'created_at'])
      if (q.kind) query = query.where('kind', '=', q.kind)
      if (q.before) query = query.where('created_at', '<', q.before)
      const rows = await query.orderBy('created_at', 'desc').orderBy('key', 'desc').limit(q.limit).execute()
      return rows.map(toItem)
    },
  }
}
