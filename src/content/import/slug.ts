import { createHash } from 'node:crypto'
import { pinyin } from 'pinyin-pro'

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/

export const isSlug = (s: string): boolean => SLUG.test(s)

const isAsciiName = (base: string) => /^[\x20-\x7e]+$/.test(base)

function asciiSlug(base: string): string {
  return base
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_.]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
}

/**
 * The pinyin of a Chinese name as a slug: 范文 → fanwen, 讲话稿 → jianghuagao,
 * tones dropped (pinyin-pro reads 重庆 as chongqing, 银行 as yinhang); digits and
 * Latin letters kept; cut at a syllable so it stays short. Undefined when
 * nothing readable is left.
 */
export function pinyinSlug(name: string, maxLength = 40): string | undefined {
  let out = ''
  for (const syllable of pinyin(name.normalize('NFKC'), { toneType: 'none', type: 'array', nonZh: 'consecutive' })) {
    const clean = syllable.toLowerCase().replace(/[^a-z0-9]/g, '')
    if (!clean) continue
    if (out.length + clean.length > maxLength) break
    out += clean
  }
  return out.length >= 2 && isSlug(out) ? out : undefined
}

/**
 * A post's slug from its file name: the name itself when it is already URL-safe
 * ("2024-work-summary"), else its pinyin ("在主题教育推进会上的讲话" → zaizhutijiaoyu…),
 * else a stable hash. The same file always gives the same slug, so importing it
 * again finds its post.
 */
export function slugFromName(base: string): string {
  const ascii = asciiSlug(base)
  if (isAsciiName(base) && ascii.length >= 3) return ascii.slice(0, 100)
  return pinyinSlug(base) ?? legacySlugOf(base)
}

/** The slug the first release gave a non-ASCII file name: a post imported then keeps it. */
export function legacySlugOf(base: string): string {
  return `p-${createHash('sha256').update(base.normalize('NFC')).digest('hex').slice(0, 12)}`
}

/** A short, stable suffix that tells apart two names with the same pinyin (经理 and 经历 are both jingli). */
export function nameSuffix(base: string): string {
  return createHash('sha256').update(base.normalize('NFC')).digest('hex').slice(0, 4)
}

/** A channel's slug from a folder name: the name when it is a slug already, else its pinyin. */
export function channelSlugFromName(name: string): string | undefined {
  const trimmed = name.trim()
  if (isSlug(trimmed)) return trimmed
  return pinyinSlug(trimmed, 60) ?? (isAsciiName(trimmed) && asciiSlug(trimmed).length >= 2 ? asciiSlug(trimmed).slice(0, 60) : undefined)
}
