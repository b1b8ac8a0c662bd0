import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { AppError } from '../../platform/http/app-error.ts'
import type { PostService } from '../post.service.ts'
import { parseImportFile, type ImportDefaults } from './parse-import-file.ts'

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
export async function importFiles(posts: PostService, files: string[], options: ImportOptions, onOutcome: (o: ImportOutcome) => void): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = []
  for (const file of files) {
    const outcome = await importOne(posts, file, options)
    outcomes.push(outcome)
    onOutcome(outcome)
  }
  return outcomes
}

async function importOne(posts: PostService, file: string, options: ImportOptions): Promise<ImportOutcome> {
  try {
    const text = readFileSync(file, 'utf8')
    const defaults: ImportDefaults = { ...options }
    if (!defaults.channelSlug && options.channelFromFolder) defaults.channelSlug = basename(dirname(resolve(file)))
    const input = parseImportFile(file, text, defaults)
    const saved = await posts.savePost(input)
    return { file, status: saved.created ? 'created' : 'updated', slug: saved.post.slug, title: saved.post.title, warnings: saved.warnings }
  } catch (error) {
    if (error instanceof AppError) return { file, status: 'failed', code: error.code, params: error.params }
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR' || code === 'ENOENT' || code === 'EACCES') return { file, status: 'failed', code: 'IMPORT_UNREADABLE', params: { detail: code } }
    throw error
  }
}
