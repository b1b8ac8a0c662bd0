import { foldText } from './fold.ts'

/**
 * Highlighting done in the application on text we may show (titles, free
 * segments, descriptions): the engines store no text, so they cannot quote any.
 * Marks are found in folded text and drawn on the original.
 */
export interface Highlighted {
  html: string
  hits: number
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)

const MAX_HITS = 500

/** Non-overlapping hits in original offsets, in order; longer marks win. */
export function findHits(text: string, marks: readonly string[]): Array<[number, number]> {
  if (!text || !marks.length) return []
  // folding keeps every offset, so hits found in folded text are hits in the original
  const folded = foldText(text)
  // which folded units a hit already covers: a check per unit, not per earlier hit
  const covered = new Uint8Array(folded.length)
  const taken: Array<[number, number]> = []
  for (const mark of [...marks].sort((a, b) => b.length - a.length)) {
    if (!mark) continue
    for (let i = folded.indexOf(mark); i >= 0 && taken.length < MAX_HITS; i = folded.indexOf(mark, i + mark.length)) {
      let free = true
      for (let k = i; k < i + mark.length && free; k++) free = covered[k] === 0
      if (!free) continue
      covered.fill(1, i, i + mark.length)
      taken.push([i, i + mark.length])
    }
  }
  return taken.sort((a, b) => a[0] - b[0])
}

function render(text: string, hits: Array<[number, number]>, from: number, to: number): string {
  let html = ''
  let at = from
  for (const [s, e] of hits) {
    if (s < from || e > to) continue
    html += escapeHtml(text.slice(at, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>'
    at = e
  }
  return html + escapeHtml(text.slice(at, to))
}

/** The whole text, escaped, with every hit in <mark>. */
export function highlight(text: string, marks: readonly string[]): Highlighted {
  const hits = findHits(text, marks)
  return { html: render(text, hits, 0, text.length), hits: hits.length }
}

/**
 * About `width` characters of text around its densest cluster of hits, escaped,
 * hits in <mark>, with … where text was cut. No hit: the opening of the text.
 */
export function snippet(text: string, marks: readonly string[], width = 120): Highlighted {
  const clean = text.replace(/[\s\u00a0\u3000]+/g, ' ').trim()
  const hits = findHits(clean, marks)
  if (!hits.length) {
    const end = safeCut(clean, Math.min(clean.length, width))
    return { html: escapeHtml(clean.slice(0, end)) + (end < clean.length ? '…' : ''), hits: 0 }
  }
  const lead = Math.floor(width / 6)
  let best = { start: 0, count: -1 }
  // hits are in order: slide a window over them (two pointers)
  for (let i = 0, j = 0; i < hits.length; i++) {
    const start = Math.max(0, (hits[i] as [number, number])[0] - lead)
    if (j < i) j = i
    while (j < hits.length && (hits[j] as [number, number])[1] <= start + width) j++
    const count = j - i
    if (count > best.count) best = { start, count }
  }
  let start = best.start
  let end = Math.min(clean.length, start + width)
  if (end - start < width) start = Math.max(0, end - width)
  start = safeCut(clean, start)
  end = safeCut(clean, end)
  const inside = hits.filter(([a, b]) => a >= start && b <= end)
  return { html: (start > 0 ? '…' : '') + render(clean, inside, start, end) + (end < clean.length ? '…' : ''), hits: inside.length }
}

/** Moves an offset off the second half of a surrogate pair. */
function safeCut(text: string, at: number): number {
  const c = text.charCodeAt(at)
  return c >= 0xdc00 && c <= 0xdfff ? at + 1 : at
}
