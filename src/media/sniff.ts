import { open } from 'node:fs/promises'
import { fileTypeFromFile } from 'file-type'
import type { MediaKind } from './media.ts'

export interface SniffedType {
  kind: MediaKind
  ext: string
  mime: string
}

/**
 * What may be uploaded, by what the bytes are (file-type reads their signature),
 * never by the name a browser sent. No SVG or HTML: a file served from our own
 * origin must not be able to run script there.
 */
const IMAGES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' }
const FILES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  epub: 'application/epub+zip',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
  m4a: 'audio/mp4',
}
/** Office 97–2003 files are one container format (CFB); the name says which of them it is. */
const LEGACY_OFFICE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint', wps: 'application/vnd.ms-works' }
/** Plain text has no signature: it is text when it decodes as UTF-8 and has no NUL. */
const TEXT: Record<string, string> = { txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', csv: 'text/csv; charset=utf-8' }

const extOfName = (name: string): string => /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? ''

/** The type of a staged file, or undefined when we do not take files like it. */
export async function sniffFile(path: string, name: string): Promise<SniffedType | undefined> {
  const found = await fileTypeFromFile(path)
  const nameExt = extOfName(name)
  if (found) {
    const image = IMAGES[found.ext]
    if (image) return { kind: 'image', ext: found.ext, mime: image }
    const file = FILES[found.ext]
    if (file) return { kind: 'file', ext: found.ext, mime: file }
    const legacy = found.ext === 'cfb' ? LEGACY_OFFICE[nameExt] : undefined
    if (legacy) return { kind: 'file', ext: nameExt, mime: legacy }
    return undefined
  }
  const text = TEXT[nameExt]
  if (text && (await isUtf8Text(path))) return { kind: 'file', ext: nameExt, mime: text }
  return undefined
}

async function isUtf8Text(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(64 * 1024)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    const head = buffer.subarray(0, bytesRead)
    if (head.includes(0)) return false
    // stream: a character cut at the end of the 64 KB read is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true })
    return true
  } catch {
    return false
  } finally {
    await handle.close()
  }
}
