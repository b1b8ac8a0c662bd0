/**
 * The paywall markers, as FastAdmin CMS writes them, and their near misses.
 *
 * Text is folded before it is matched: NFKC (full-width ＃＄ｐａｉｄ become #$paid),
 * lower case, and format characters (zero-width spaces, joiners, soft hyphens)
 * dropped. Anything that then reads as a delimiter and a marker word
 * ("#paidbegin#", "##paid begin##", "$$paidend##", "＃＃paidbegin＃＃", "##paidbegin")
 * is a marker. Only the exact spelling (`##paidbegin##`, `$$PaidEnd$$`, any case,
 * the same delimiter on both sides) is `exact`; everything else is a near miss,
 * handled so that it can only ever hide more.
 */
export type MarkerKind = 'paidbegin' | 'paidend' | 'pagebreak'

/**
 * How a marker was written: exactly; cut in two by inline tags (`##paid<b>begin</b>##`);
 * a near miss; somewhere no reader sees it (a comment, an attribute, a script);
 * or put there by the automatic preview.
 */
export type MarkerForm = 'exact' | 'split' | 'near' | 'hidden' | 'auto'

export interface Marker {
  kind: MarkerKind
  form: MarkerForm
  /** what the editor wrote, for the warning */
  text: string
}

/** May this marker end a region? Only one whose words are certain: a near miss never shows more. */
export function closesRegion(marker: Marker): boolean {
  return marker.form === 'exact' || marker.form === 'split'
}

const WORD = String.raw`paid[\s_-]*begin|paid[\s_-]*end|page[\s_-]*break`
// at most two closing delimiters: "##paidbegin####paidend##" is two exact markers
const LOOSE = new RegExp(String.raw`([#$]{0,3})\s*(${WORD})\s*([#$]{0,2})`, 'g')
const EXACT = /^(##|\$\$)(paidbegin|paidend|pagebreak)\1$/i
const FORMAT_CHAR = /^\p{Cf}$/u

export function isExactMarker(original: string): boolean {
  return EXACT.test(original)
}

/** Text folded for matching, with the span of the original each folded character came from. */
export interface FoldedText {
  folded: string
  from: number[]
  to: number[]
}

const foldCache = new Map<number, string>()

function foldCodePoint(cp: number, char: string): string {
  if (cp < 0x80) return char.toLowerCase()
  // CJK ideographs are most of a 范文 and never part of a marker
  if (cp >= 0x4e00 && cp <= 0x9fff) return char
  let f = foldCache.get(cp)
  if (f === undefined) {
    f = FORMAT_CHAR.test(char) ? '' : char.normalize('NFKC').toLowerCase()
    // only ASCII can be part of a marker: anything else folds to a character that matches nothing
    if (!/^[\x00-\x7f]*$/.test(f)) f = '\u{fffd}'
    if (foldCache.size < 4096) foldCache.set(cp, f)
  }
  return f
}

export function foldText(text: string): FoldedText {
  let folded = ''
  const from: number[] = []
  const to: number[] = []
  let i = 0
  for (const char of text) {
    const f = foldCodePoint(char.codePointAt(0) ?? 0, char)
    for (let k = 0; k < f.length; k++) {
      from.push(i)
      to.push(i + char.length)
    }
    folded += f
    i += char.length
  }
  return { folded, from, to }
}

/** A marker found in folded text: [start, end) in folded characters. */
export interface MarkerSpan {
  kind: MarkerKind
  start: number
  end: number
}

export function findMarkerSpans(folded: string): MarkerSpan[] {
  const found: MarkerSpan[] = []
  LOOSE.lastIndex = 0
  for (let m = LOOSE.exec(folded); m; m = LOOSE.exec(folded)) {
    const [whole, left, word = '', right] = m
    // a marker word needs a delimiter on at least one side: "paid end" in prose is not a marker
    if (!left && !right) continue
    let start = m.index
    let end = start + whole.length
    // "##paidbegin ##paidend##": the delimiter after the space opens the next marker
    if (right && /\s$/.test(whole.slice(0, -right.length)) && /^[\s_-]*(paid|page)/.test(folded.slice(end))) {
      end -= right.length
      LOOSE.lastIndex = end
    }
    // white space the pattern took around a one-sided marker stays in the text
    if (!left) start = folded.indexOf(word, start)
    end = start + folded.slice(start, end).trimEnd().length
    if (!left && end === start + word.length) continue
    found.push({ kind: word.replace(/[\s_-]/g, '') as MarkerKind, start, end })
  }
  return found
}

/** Removes every marker (exact or near miss) from a string. */
export function stripMarkers(text: string): string {
  const { folded, from, to } = foldText(text)
  let out = ''
  let at = 0
  for (const span of findMarkerSpans(folded)) {
    out += text.slice(at, from[span.start])
    at = to[span.end - 1] ?? at
  }
  return out + text.slice(at)
}
