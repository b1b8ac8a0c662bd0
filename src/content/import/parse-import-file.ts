import { parse as parseYaml } from 'yaml'
import { AppError } from '../../platform/http/app-error.ts'
import { parseYuan, type Cents } from '../../shared/money.ts'
import { POST_FLAGS, type PostFlag } from '../post.ts'
import type { BodyFormat, SavePostInput } from '../post.service.ts'
import { slugFromName } from './slug.ts'

export interface ImportDefaults {
  channelSlug?: string
  price?: Cents
  status?: 'draft' | 'published' | 'hidden'
}

const FORMATS: Record<string, BodyFormat> = { '.txt': 'text', '.text': 'text', '.md': 'markdown', '.markdown': 'markdown', '.html': 'html', '.htm': 'html' }
/** "（2篇）", "(3篇)": a count line under the title joins the title, as 范文 sites write it. */
const COUNT_LINE = /^[（(]\s*\d{1,3}\s*篇\s*[)）]$/
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

const importError = (code: string, params: Record<string, string | number> = {}) => new AppError(code, 422, params)

/**
 * Turns one file in the FastAdmin sample's format into a post to save: the title
 * is the first non-empty line (a following "（2篇）" joins it), an optional YAML
 * front-matter block overrides the defaults. Throws AppError with a code the CLI prints.
 */
export function parseImportFile(fileName: string, text: string, defaults: ImportDefaults): SavePostInput {
  const ext = (/\.[^./\\]+$/.exec(fileName)?.[0] ?? '').toLowerCase()
  const format = FORMATS[ext]
  if (!format) throw importError('IMPORT_UNSUPPORTED_TYPE', { ext: ext || '(none)' })
  let body = text.replace(/^\uFEFF/, '')
  if (!body.trim()) throw importError('IMPORT_EMPTY_FILE')

  let meta: Record<string, unknown> = {}
  const fm = FRONT_MATTER.exec(body)
  if (fm) {
    try {
      const parsed: unknown = parseYaml(fm[1] ?? '')
      if (parsed !== null && parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed))) throw new Error('not a mapping')
      meta = (parsed ?? {}) as Record<string, unknown>
    } catch (error) {
      throw importError('IMPORT_BAD_FRONT_MATTER', { detail: String((error as Error).message).split('\n')[0] ?? '' })
    }
    body = body.slice(fm[0].length)
  }

  let title = optionalString(meta, 'title')
  if (!title) {
    const taken = takeTitle(body, format)
    title = taken.title
    body = taken.rest
  }
  if (!title) throw importError('IMPORT_NO_TITLE')

  const channelSlug = optionalString(meta, 'channel') ?? defaults.channelSlug
  if (!channelSlug) throw importError('IMPORT_NO_CHANNEL')
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
  const input: SavePostInput = {
    slug: optionalString(meta, 'slug') ?? slugFromName(base),
    title,
    channelSlug,
    price: priceOf(meta) ?? defaults.price ?? (0 as Cents),
    status: oneOf(meta, 'status', ['draft', 'published', 'hidden'] as const) ?? defaults.status ?? 'published',
    tags: listOf(meta, 'tags'),
    flags: listOf(meta, 'flags').map((f) => {
      if (!(POST_FLAGS as readonly string[]).includes(f)) throw importError('IMPORT_BAD_FIELD', { field: 'flags', detail: `${f} (${POST_FLAGS.join(', ')})` })
      return f as PostFlag
    }),
    sourceName: fileName,
    body: { source: body, format },
  }
  const access = oneOf(meta, 'access', ['members', 'vip'] as const)
  if (access) input.access = access
  const vipLevel = meta.vip_level ?? meta.vipLevel
  if (vipLevel !== undefined) {
    if (!Number.isInteger(vipLevel) || (vipLevel as number) < 0 || (vipLevel as number) > 99) throw importError('IMPORT_BAD_FIELD', { field: 'vip_level', detail: '0–99' })
    input.vipLevel = vipLevel as number
  }
  const description = optionalString(meta, 'description')
  if (description) input.description = description
  const cover = optionalString(meta, 'cover')
  if (cover) input.coverUrl = cover
  const published = meta.published ?? meta.date
  if (published !== undefined) {
    const d = published instanceof Date ? published : new Date(String(published))
    if (Number.isNaN(d.getTime())) throw importError('IMPORT_BAD_FIELD', { field: 'published', detail: 'YYYY-MM-DD' })
    input.publishedAt = d.toISOString()
  }
  return input
}

function takeTitle(body: string, format: BodyFormat): { title: string | undefined; rest: string } {
  if (format === 'html') {
    const h = /<(h1|title)[^>]*>([\s\S]*?)<\/\1>/i.exec(body)
    if (h) return { title: stripTags(h[2] ?? '').trim() || undefined, rest: body.replace(h[0], '') }
  }
  const lines = body.split(/\r?\n/)
  let i = lines.findIndex((l) => l.trim() !== '')
  if (i < 0) return { title: undefined, rest: body }
  let title = cleanTitle(lines[i] ?? '', format)
  let j = i + 1
  while (j < lines.length && (lines[j] ?? '').trim() === '') j++
  const next = (lines[j] ?? '').trim()
  if (COUNT_LINE.test(next)) {
    title += next.replace(/\(/g, '（').replace(/\)/g, '）').replace(/\s+/g, '')
    i = j
  }
  return { title: title || undefined, rest: lines.slice(i + 1).join('\n') }
}

function cleanTitle(line: string, format: BodyFormat): string {
  let t = line.trim()
  if (format === 'markdown') t = t.replace(/^#{1,6}\s+/, '')
  if (format === 'html') t = stripTags(t)
  return t
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
    .slice(0, 200)
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
}

function optionalString(meta: Record<string, unknown>, key: string): string | undefined {
  const v = meta[key]
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'string' && typeof v !== 'number') throw importError('IMPORT_BAD_FIELD', { field: key, detail: 'text' })
  const s = String(v).trim()
  return s || undefined
}

function oneOf<T extends string>(meta: Record<string, unknown>, key: string, values: readonly T[]): T | undefined {
  const v = optionalString(meta, key)
  if (v === undefined) return undefined
  if (!(values as readonly string[]).includes(v)) throw importError('IMPORT_BAD_FIELD', { field: key, detail: values.join(', ') })
  return v as T
}

function listOf(meta: Record<string, unknown>, key: string): string[] {
  const v = meta[key]
  if (v === undefined || v === null) return []
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean)
  if (typeof v === 'string')
    return v
      .split(/[,，、]/)
      .map((x) => x.trim())
      .filter(Boolean)
  throw importError('IMPORT_BAD_FIELD', { field: key, detail: 'a list' })
}

function priceOf(meta: Record<string, unknown>): Cents | undefined {
  const v = meta.price
  if (v === undefined || v === null) return undefined
  const parsed = parseYuan(typeof v === 'number' ? v.toFixed(2) : String(v))
  if (parsed === undefined || (typeof v === 'number' && Math.round(v * 100) !== v * 100 && Math.abs(Math.round(v * 100) - v * 100) > 1e-6)) {
    throw importError('IMPORT_BAD_PRICE', { price: String(v) })
  }
  return parsed
}
