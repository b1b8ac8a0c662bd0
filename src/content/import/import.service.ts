import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { Db } from '../../platform/db/database.ts'
import { AppError } from '../../platform/http/app-error.ts'
import { findChannelByName, findChannelBySlug, insertChannel, newListChannel } from '../channel.repository.ts'
import { findPostSource } from '../post.repository.ts'
import type { PostService } from '../post.service.ts'
import { parseImportFile, type ImportDefaults } from './parse-import-file.ts'
import { channelSlugFromName, legacySlugOf, nameSuffix, slugFromName } from './slug.ts'
import type { Actor } from '../../platform/access/actor.ts'

export interface ImportDeps {
  posts: PostService
  db: Db
}

const IMPORTABLE = new Set(['.txt', '.text', '.md', '.markdown', '.html', '.htm'])

export interface ImportOptions extends ImportDefaults {
  /** take the channel from the name of the folder a file sits in */
  channelFromFolder: boolean
}

export type ImportOutcome =
  | { file: string; status: 'created' | 'updated'; slug: string; title: string; warnings: Array<{ code: string; params?: Record<string, string | number> }> }
  | { file: string; status: 'failed'; code: string; params: Record<string, string | number> }

/** Expands files and folders (recursively) into the importable files, in a stable order. */
export function collectFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = []
  const missing: string[] = []
  const walk = (path: string) => {
    let st
    try {
      st = statSync(path)
    } catch {
      missing.push(path)
      return
    }
    if (st.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name))
    else if (IMPORTABLE.has(extname(path).toLowerCase()) || paths.includes(path)) files.push(path)
  }
  for (const p of paths) walk(p)
  return { files, missing }
}

/** Imports files one by one; a bad file is reported and skipped, the rest go on. */
export async function importFiles(actor: Actor, deps: ImportDeps, files: string[], options: ImportOptions, onOutcome: (o: ImportOutcome) => void): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = []
  for (const file of files) {
    const outcome = await importOne(actor, deps, file, options)
    outcomes.push(outcome)
    onOutcome(outcome)
  }
  return outcomes
}

async function importOne(actor: Actor, deps: ImportDeps, file: string, options: ImportOptions): Promise<ImportOutcome> {
  try {
    const text = readFileSync(file, 'utf8')
    const defaults: ImportDefaults = { ...options }
    if (!defaults.channelSlug && options.channelFromFolder) defaults.channelSlug = await channelOfFolder(deps.db, basename(dirname(resolve(file))))
    const input = parseImportFile(file, text, defaults)
    const base = basename(file).replace(/\.[^.]+$/, '')
    if (input.slug === slugFromName(base)) input.slug = await slugForFile(deps.db, base, input.slug)
    const saved = await deps.posts.savePost(actor, input)
    return { file, status: saved.created ? 'created' : 'updated', slug: saved.post.slug, title: saved.post.title, warnings: saved.warnings }
  } catch (error) {
    if (error instanceof AppError) return { file, status: 'failed', code: error.code, params: error.params }
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR' || code === 'ENOENT' || code === 'EACCES') return { file, status: 'failed', code: 'IMPORT_UNREADABLE', params: { detail: code } }
    throw error
  }
}

/**
 * The slug a file's post gets when its name gave it (not its front matter). A post
 * imported by the first release from a Chinese file name keeps its p-<hash> slug
 * (a slug never changes: links to it live on); a pinyin slug another file's post
 * holds gets a short suffix, so two files never write one post.
 */
async function slugForFile(db: Db, base: string, derived: string): Promise<string> {
  const legacy = legacySlugOf(base)
  if (derived !== legacy && (await findPostSource(db, legacy))) return legacy
  const holder = await findPostSource(db, derived)
  if (!holder || sameFile(holder.sourceName, base)) return derived
  return `${derived.slice(0, 94)}-${nameSuffix(base)}`
}

const sameFile = (sourceName: string | null, base: string) => !!sourceName && basename(sourceName).replace(/\.[^.]+$/, '') === base

/** The channel a folder stands for: by its slug, or by its name (a folder named 范文 is the channel 范文). */
async function channelOfFolder(db: Db, folder: string): Promise<string> {
  const channel = (await findChannelBySlug(db, folder)) ?? (await findChannelByName(db, folder))
  if (!channel) throw new AppError('IMPORT_CHANNEL_MISSING', 422, { name: folder })
  return channel.slug
}

/**
 * `--create-channels`: a list channel for each folder (or the --channel given)
 * that names none yet. The folder's name becomes the channel's name; its slug is
 * the name when that is a slug, else its pinyin (范文 → fanwen), made unique.
 */
export async function createChannelsForFolders(db: Db, files: string[], explicit: string | undefined, at: string): Promise<Array<{ name: string; slug: string }>> {
  const names = new Set(explicit ? [explicit] : files.map((f) => basename(dirname(resolve(f)))).filter(Boolean))
  const made: Array<{ name: string; slug: string }> = []
  for (const name of names) {
    if ((await findChannelBySlug(db, name)) || (await findChannelByName(db, name))) continue
    const base = channelSlugFromName(name)
    if (!base) continue
    let slug = base
    for (let n = 2; await findChannelBySlug(db, slug); n++) slug = `${base.slice(0, 90)}-${n}`
    await insertChannel(db, newListChannel(name.trim().slice(0, 60), slug, at))
    made.push({ name, slug })
  }
  return made
}
