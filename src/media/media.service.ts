import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import type { Actor } from '../platform/access/actor.ts'
import { memberIdOf } from '../platform/access/actor.ts'
import { authorize, can } from '../platform/access/permissions.ts'
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
  /** The newest uploads with where they are used, for the library (an author sees their own). */
  list(actor: Actor, q: { kind?: MediaKind; limit: number; before?: string; name?: string }): Promise<MediaListItem[]>
  /** Deletes an upload no saved post (nor the site's logo) uses: its row, then its bytes. */
  remove(actor: Actor, key: string): Promise<void>
  store: FileStore
}

/** An upload as the library lists it: how many posts use it, and whether one uses it inside a paid region. */
export interface MediaListItem extends MediaItem {
  usedBy: number
  paid: boolean
  /** the member who uploaded it */
  uploadedBy: number | null
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

export function createMediaService(deps: {
  db: Db
  store: FileStore
  limits: MediaLimits
  now: () => Date
  /** the site's own use of a file (its logo), which a post's refs do not show */
  siteUses?: (key: string) => boolean
}): MediaService {
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
      let query = db
        .selectFrom('media')
        .select(['key', 'ext', 'kind', 'mime', 'size', 'name', 'created_at', 'uploaded_by'])
        .select((eb) => [
          eb
            .selectFrom('media_refs')
            .select((e) => e.fn.count<number>('post_id').distinct().as('n'))
            .whereRef('media_refs.media_key', '=', 'media.key')
            .as('used_by'),
          eb
            .selectFrom('media_refs')
            .select((e) => e.fn.max<number>('paid').as('p'))
            .whereRef('media_refs.media_key', '=', 'media.key')
            .as('paid'),
        ])
      // an author's library is their own uploads (another's paid attachment is not theirs to reuse)
      if (!can(actor, 'post.write-any')) query = query.where('uploaded_by', '=', memberIdOf(actor) ?? -1)
      if (q.kind) query = query.where('kind', '=', q.kind)
      if (q.before) query = query.where('created_at', '<', q.before)
      // wildcards typed in the box are dropped (no ESCAPE clause works the same on both dialects)
      const name = q.name?.replace(/[%_\\]/g, '').trim()
      if (name) query = query.where('name', 'like', `%${name}%`)
      const rows = await query.orderBy('created_at', 'desc').orderBy('key', 'desc').limit(q.limit).execute()
      return rows.map((r) => ({ ...toItem(r), usedBy: Number(r.used_by ?? 0) + (deps.siteUses?.(r.key) ? 1 : 0), paid: Number(r.paid ?? 0) === 1, uploadedBy: r.uploaded_by }))
    },
    async remove(actor, key) {
      authorize(actor, 'post.write-own')
      const at = deps.now()
      await db.transaction().execute(async (trx) => {
        const row = isMediaKey(key) ? await trx.selectFrom('media').select(['key', 'name', 'uploaded_by']).where('key', '=', key).executeTakeFirst() : undefined
        // an author deletes only their own uploads; another's is "not found" to them
        if (!row || (!can(actor, 'post.write-any') && row.uploaded_by !== memberIdOf(actor))) throw mediaError('MEDIA_NOT_FOUND')
        const used = await trx.selectFrom('media_refs').select('post_id').where('media_key', '=', key).limit(1000).execute()
        const posts = new Set(used.map((u) => u.post_id)).size
        if (posts || deps.siteUses?.(key)) throw mediaError('MEDIA_IN_USE', { posts: posts || 1 })
        await trx.deleteFrom('media').where('key', '=', key).execute()
        await recordAudit(trx, actor, at, { action: 'media.delete', target: `media:${key}`, detail: { name: row.name } })
      })
      // the row first: a file without a row is never served (the route reads the row), a row without its file would be
      await store.remove(key)
    },
  }
}
