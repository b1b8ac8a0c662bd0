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

/** Rewrites a text's addresses of the old site's uploads to ours, copying each file once. */
export interface UploadCopier {
  rewrite(text: string): Promise<string>
  report: UploadsReport
}

/**
 * The old site's uploaded files, from a copy of its uploads folder: each file a
 * text points at (under one of `prefixes`, the old site's uploads addresses,
 * absolute or from the site's root) is put in our media library once (a file
 * already there, by its bytes, is used again) and the text points at it here. A
 * file not in the folder is reported and keeps its old address. Dry, it only looks.
 */
export function createUploadCopier(deps: { db: Db; media: MediaService; actor: Actor }, options: { prefixes: string[]; folder: string; dryRun: boolean }): UploadCopier {
  const report: UploadsReport = { copied: 0, reused: 0, missing: [] }
  const prefixes = options.prefixes.filter(Boolean).map((p) => p.replace(/\/*$/, '/'))
  // an address from the root (`/uploads/…`) counts only where an address starts: after a quote, `=`, `(`, a space, or at the start
  const escaped = prefixes.map((p) => (p.startsWith('/') ? '(?<=^|["\'(=\\s])' : '') + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/^https?:/, 'https?:'))
  const pattern = prefixes.length ? new RegExp(`(?:${escaped.join('|')})([^"'\\s<>)?#]+)`, 'g') : undefined
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

  return {
    report,
    async rewrite(text) {
      if (!pattern) return text
      for (const m of text.matchAll(pattern)) await local(m[0], m[1] as string)
      // replaced where the pattern matched, never elsewhere (another host's `/uploads/…` stays)
      return text.replace(pattern, (whole) => done.get(whole) ?? whole)
    },
  }
}

/** A site read from an export: its posts and covers pointed at the copied files. */
export async function bringUploads(deps: { db: Db; media: MediaService; actor: Actor }, site: ImportedSite, options: { prefixes: string[]; folder: string; dryRun: boolean }): Promise<UploadsReport> {
  const copier = createUploadCopier(deps, options)
  for (const post of site.posts) {
    post.html = await copier.rewrite(post.html)
    if (post.coverUrl) post.coverUrl = await copier.rewrite(post.coverUrl)
  }
  return copier.report
}
