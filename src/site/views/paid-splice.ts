import type { ReadablePage } from '../../paywall/index.ts'

const CARD = /<!--ig-paid:(\d+)-->[\s\S]*?<!--\/ig-paid-->/g
const SUMMARY = /<!--ig-summary-->[\s\S]*?<!--\/ig-summary-->/

/**
 * An entitled viewer's post page made from the shared anonymous page: each
 * paywall card (marked by the theme with its segment's position) is replaced
 * by that segment's paid HTML, and the paid-summary line by this viewer's.
 * The anonymous page stays as it is (strings are immutable) and the result is
 * never cached. Any mismatch (a theme without the markers, a card for a
 * region this viewer cannot read) answers undefined: the caller renders the
 * page in full instead.
 */
export function spliceUnlocked(anonymousHtml: string, readable: ReadablePage, summaryHtml: string): string | undefined {
  const paid = new Map<number, string>()
  for (const s of readable.segments) if (s.kind === 'unlocked') paid.set(s.position, s.html)
  if (!paid.size || readable.segments.some((s) => s.kind === 'locked')) return undefined
  let replaced = 0
  let missing = false
  const html = anonymousHtml.replace(CARD, (_card, position: string) => {
    const segment = paid.get(Number(position))
    if (segment === undefined) {
      missing = true
      return ''
    }
    replaced++
    return segment
  })
  if (missing || replaced !== paid.size || !SUMMARY.test(html)) return undefined
  return html.replace(SUMMARY, () => `<!--ig-summary-->${summaryHtml}<!--/ig-summary-->`)
}
