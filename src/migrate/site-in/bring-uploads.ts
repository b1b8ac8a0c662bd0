import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join, normalize, sep } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { mediaPath, type MediaService } from '../../media/index.ts'
import type { Actor } from '../../platform/access/actor.ts'
import type { Db } from '../../platform/db/database.ts'
import type { ImportedSite } from './imported-site.ts'

export interface UploadsReport {
  copied: number
  reused: number
  missing: string[]
}

/**
 * The old site's uploaded files, from a copy of its uploads folder: each file a
 * post or cover points at (under `prefix`, the old site's uploads address) is
 * put in our media library once (a file already there, by its bytes, is used
 * again) and the post points at it here. A file not in the folder is reported
 * and the post keeps the old address. Dry, it only looks.
 */
export async function bringUploads(deps: { db: Db; media: MediaService; actor: Actor }, site: ImportedSite, options: { prefixes: string[]; folder: string; dryRun: boolean }): Promise<UploadsReport> {
  const report: UploadsReport = { copied: 0, reused: 0, missing: [] }
  const prefixes = options.prefixes.filter(Boolean).map((p) => p.replace(/\/*$/, '/'))
  if (!prefixes.length) return report
  const escaped = prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/^https?:/, 'https?:'))
  const pattern = new RegExp(`(?:${escaped.join('|')})([^"'\\s<>)?#]+)`, 'g')
  const done = new Map<string, string | undefined>()
  const root = normalize(options.folder)

  const local = async (url: string, rest: string): Promise<string | undefined> => {
    if (done.has(url)) return done.get(url)
    let relative: string
    try {
      relative = decodeURIComponent(rest)
    } catch {
      relative = rest
    }
    const file = normalize(join(root, relative))
    // an address that climbs out of the folder is not a file of the old site's
    const info = file.startsWith(root + sep) ? await stat(file).catch(() => undefined) : undefined
    if (!info?.isFile()) {
      report.missing.push(url)
      done.set(url, undefined)
      return undefined
    }
    const hash = createHash('sha256')
    await pipeline(createReadStream(file), hash)
    const known = await deps.db.selectFrom('media').select(['key', 'ext']).where('sha256', '=', hash.digest('hex')).executeTakeFirst()
    let target: string | undefined
    if (known) {
      target = mediaPath(known.key, known.ext)
      report.reused++
    } else if (options.dryRun) {
      report.copied++
      target = url
    } else {
      const item = await deps.media.upload(deps.actor, { name: relative.split('/').pop() ?? 'file', stream: createReadStream(file), want: 'file' }).catch(() => undefined)
      if (item) report.copied++
      else report.missing.push(url)
      target = item?.url
    }
    done.set(url, target)
    return target
  }

  const rewrite = async (html: string): Promise<string> => {
    const found = [...html.matchAll(pattern)]
    let out = html
    for (const m of found) {
      const target = await local(m[0], m[1] as string)
      if (target) out = out.split(m[0]).join(target)
    }
    return out
  }
  for (const post of site.posts) {
    post.html = await rewrite(post.html)
    if (post.coverUrl) {
      const cover = await rewrite(post.coverUrl)
      if (cover !== post.coverUrl) post.coverUrl = cover
    }
  }
  return report
}
