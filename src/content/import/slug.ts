import { createHash } from 'node:crypto'

/**
 * A post's slug from a file name: the name itself when it is already URL-safe
 * ("2024-work-summary"), otherwise a stable hash of it, so that importing the
 * same file again finds the same post.
 */
export function slugFromName(base: string): string {
  const ascii = base.normalize('NFKC').toLowerCase().replace(/[\s_.]+/g, '-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '')
  const isAsciiName = /^[\x20-\x7e]+$/.test(base)
  if (isAsciiName && ascii.length >= 3) return ascii.slice(0, 100)
  return `p-${createHash('sha256').update(base.normalize('NFC')).digest('hex').slice(0, 12)}`
}
