import traditionalToSimplified from 'opencc-js/dict/TSCharacters'

/**
 * Folding makes 學習, ＰＰＴ and ppt find 学习, PPT: one character in, one
 * character out, so a position in folded text is the same position in the
 * original (highlighting relies on that). Only single-character traditional
 * forms are mapped (OpenCC's character table); phrase-level conversion costs
 * more than segmentation itself and buys little for a simplified-Chinese site.
 */
const T2S = new Map<string, string>()
for (const pair of (traditionalToSimplified as string).split('|')) {
  const [from, to] = pair.split(' ')
  if (from && to && from !== to && [...from].length === 1 && [...to].length === 1) T2S.set(from, to)
}

const cache = new Map<string, string>()

/** The folded form of one character (a code point): NFKC width folding, lower case, simplified. */
export function foldChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch
  let out = cache.get(ch)
  if (out !== undefined) return out
  out = ch
  const nfkc = ch.normalize('NFKC')
  // ㈠ → (一) or ﬁ → fi would change lengths: keep those as they are
  if ([...nfkc].length === 1) out = nfkc
  out = out.toLowerCase()
  if ([...out].length !== 1) out = ch
  out = T2S.get(out) ?? out
  if (cache.size < 20_000) cache.set(ch, out)
  return out
}

/**
 * The folded form of every BMP unit, built once (about 60 ms): folding a text is
 * then one table lookup per unit, and a text that needs none is returned as is.
 * A unit whose folded form would leave the BMP, or that is half of a surrogate
 * pair, is left alone (characters outside the BMP are not folded).
 */
let table: Uint16Array | undefined
function foldTable(): Uint16Array {
  if (table) return table
  table = new Uint16Array(0x10000)
  for (let c = 0; c < 0x10000; c++) {
    table[c] = c
    if (c < 0x41 || (c >= 0xd800 && c <= 0xdfff)) continue
    const f = foldChar(String.fromCharCode(c))
    if (f.length === 1) table[c] = f.charCodeAt(0)
  }
  return table
}

/** Folds text unit by unit; the result has the same length, offset for offset. */
export function foldText(text: string): string {
  const t = foldTable()
  let i = 0
  while (i < text.length && t[text.charCodeAt(i)] === text.charCodeAt(i)) i++
  if (i === text.length) return text
  const out = new Array<string>(text.length)
  for (let k = 0; k < text.length; k++) out[k] = String.fromCharCode(t[text.charCodeAt(k)] as number)
  return out.join('')
}
