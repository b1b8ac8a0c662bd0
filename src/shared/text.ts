/**
 * Counting and cutting text the way a Chinese reader does: every Han character,
 * every full-width punctuation mark and every Latin word or number counts once.
 * White space never counts.
 */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu
const LATIN_WORD = /[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu
const MARK = /[^\s\p{L}\p{N}]/gu

export function countWords(text: string): number {
  const cjk = text.match(CJK_CHAR)?.length ?? 0
  const rest = cjk ? text.replace(CJK_CHAR, ' ') : text
  const words = rest.match(LATIN_WORD)?.length ?? 0
  // punctuation inside Latin words ("it's", "2.0") was counted with the word
  const marks = rest.replace(LATIN_WORD, ' ').match(MARK)?.length ?? 0
  return cjk + words + marks
}

/** Counts characters that are not white space (what 付费内容 N 字 means). */
export function countChars(text: string): number {
  const visible = text.replace(/[\s\u00a0\u3000]+/g, '')
  let n = visible.length
  // a character outside the BMP is two UTF-16 units: count it once
  for (let i = 0; i < visible.length; i++) {
    const c = visible.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) n--
  }
  return n
}

/** Collapses runs of white space (including full-width spaces and NBSP) to one space. */
export function squashSpace(text: string): string {
  return text
    .replace(/[\s\u00a0\u3000]+/gu, ' ')
    .replace(/(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef]) (?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])/gu, '')
    .trim()
}

/** The first `max` characters of text, cut after a sentence end when one is near, with an ellipsis. */
export function excerpt(text: string, max: number): string {
  const chars = Array.from(squashSpace(text))
  if (chars.length <= max) return chars.join('')
  const cut = chars.slice(0, max).join('')
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('！'), cut.lastIndexOf('？'), cut.lastIndexOf('. '))
  return end > max * 0.6 ? cut.slice(0, end + 1) : cut + '…'
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }
const BLOCK = /<\/?(?:p|div|h[1-6]|li|ul|ol|blockquote|pre|table|tr|td|th|section|article|br|hr)\b[^>]*>/gi

/** The text of sanitised HTML (ours, from the compiler): block boundaries become line breaks. */
export function htmlToText(html: string): string {
  return html
    .replace(BLOCK, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m
      }
      return ENTITIES[e.toLowerCase()] ?? m
    })
    .replace(/\n{2,}/g, '\n')
    .trim()
}
