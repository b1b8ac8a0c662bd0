// One pass, in this order: a CJK character; a word of other letters and digits (its inner punctuation, as in "it's"
// and "2.0", counted with it); any other mark. Counting matches without collecting them is about twice as fast as
// three passes that built arrays (0.29–0.45 → 0.13–0.20 ms for a 1,700-word post; the compiler runs it on every save).
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`
const NOT_CJK_WORD_CHAR = String.raw`(?:(?![${CJK}])[\p{L}\p{N}])`
const TOKEN = new RegExp(String.raw`[${CJK}]|${NOT_CJK_WORD_CHAR}+(?:[.'’\-]${NOT_CJK_WORD_CHAR}+)*|[^\s\p{L}\p{N}]`, 'gu')

/**
 * Counting and cutting text the way a Chinese reader does: every Han character,
 * every full-width punctuation mark and every Latin word or number counts once.
 * White space never counts.
 */
export function countWords(text: string): number {
  let n = 0
  TOKEN.lastIndex = 0
  while (TOKEN.exec(text) !== null) n++
  return n
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
