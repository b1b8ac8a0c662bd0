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

/** Folds text character by character; the result has the same number of code points. */
export function foldText(text: string): string {
  let out = ''
  for (const ch of text) out += foldChar(ch)
  return out
}
