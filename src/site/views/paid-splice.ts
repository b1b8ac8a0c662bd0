import type { ReadablePage } from '../../paywall/index.ts'

const CARD_OPEN = Buffer.from('<!--ig-paid:')
const CARD_OPEN_END = Buffer.from('-->')
const CARD_CLOSE = Buffer.from('<!--/ig-paid-->')
const SUMMARY_OPEN = Buffer.from('<!--ig-summary-->')
const SUMMARY_CLOSE = Buffer.from('<!--/ig-summary-->')

interface Edit {
  start: number
  end: number
  put: Uint8Array
}

/**
 * An entitled viewer's post page made from the shared anonymous page (UTF-8
 * bytes, as the page cache keeps it): each paywall card (marked by the theme
 * with its segment's position) is replaced by that segment's paid HTML, and
 * the paid-summary line by this viewer's. The anonymous page is not changed
 * and the result is never cached. Any mismatch (a theme without the markers, a
 * card for a region this viewer cannot read, a marker out of shape) answers
 * undefined: the caller renders the page in full instead.
 */
export function spliceUnlocked(anonymousPage: Buffer, readable: ReadablePage<Uint8Array>, summaryHtml: string): Buffer | undefined {
  const paid = new Map<number, Uint8Array>()
  for (const s of readable.segments) if (s.kind === 'unlocked') paid.set(s.position, s.html)
  if (!paid.size || readable.segments.some((s) => s.kind === 'locked')) return undefined

  const edits: Edit[] = []
  for (let at = anonymousPage.indexOf(CARD_OPEN); at !== -1; at = anonymousPage.indexOf(CARD_OPEN, at)) {
    const digitsAt = at + CARD_OPEN.length
    const digitsEnd = anonymousPage.indexOf(CARD_OPEN_END, digitsAt)
    const digits = digitsEnd === -1 ? '' : anonymousPage.toString('latin1', digitsAt, digitsEnd)
    if (!/^\d{1,9}$/.test(digits)) return undefined
    const close = anonymousPage.indexOf(CARD_CLOSE, digitsEnd)
    const segment = paid.get(Number(digits))
    if (close === -1 || segment === undefined) return undefined
    edits.push({ start: at, end: close + CARD_CLOSE.length, put: segment })
    at = close + CARD_CLOSE.length
  }
  if (edits.length !== paid.size) return undefined

  const summaryAt = anonymousPage.indexOf(SUMMARY_OPEN)
  const summaryClose = summaryAt === -1 ? -1 : anonymousPage.indexOf(SUMMARY_CLOSE, summaryAt)
  if (summaryClose === -1) return undefined
  const summary = { start: summaryAt + SUMMARY_OPEN.length, end: summaryClose, put: Buffer.from(summaryHtml) }
  // the summary must stand apart from every card
  if (edits.some((e) => e.start < summary.end && summary.start < e.end)) return undefined
  edits.push(summary)
  edits.sort((a, b) => a.start - b.start)

  const parts: Uint8Array[] = []
  let from = 0
  for (const edit of edits) {
    parts.push(anonymousPage.subarray(from, edit.start), edit.put)
    from = edit.end
  }
  parts.push(anonymousPage.subarray(from))
  return Buffer.concat(parts)
}
