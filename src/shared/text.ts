/**
 * Counting and cutting text the way a Chinese reader does: every Han character,
 * every full-width punctuation mark and every Latin word or number counts once.
 * White space never counts.
 */
const CJK = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}`
const LATIN = String.raw`(?:(?![${CJK}])[\p{L}\p{N}])`
const WORD = new RegExp(String.raw`[${CJK}]|${LATIN}+(?:[.'’-]${LATIN}+)*|[^\s\p{L}\p{N}]`, 'gu')

export function countWords(text: string): number {
  let n = 0
  for (const _ of text.matchAll(WORD)) n++
  return n
}

/** Counts characters that are not white space (what 付费内容 N 字 means). */
export function countChars(text: string): number {
  let n = 0
  for (const ch of text) if (!/\s/u.test(ch) && ch !== '\u00a0' && ch !== '\u3000') n++
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

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
