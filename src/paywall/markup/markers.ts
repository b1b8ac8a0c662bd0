/**
 * The paywall markers, as FastAdmin CMS writes them. Exact markers are matched
 * case-insensitively with the same delimiter on both sides; anything that looks
 * like a marker but is not one ("#paidbegin#", "##paid begin##", "$$paidend##")
 * is a near miss: it is removed from the text, and handled so that it can only
 * ever hide more (a near-miss begin opens a region, a near-miss end closes nothing).
 */
export type MarkerKind = 'paidbegin' | 'paidend' | 'pagebreak'

export interface MarkerMatch {
  kind: MarkerKind
  exact: boolean
  index: number
  length: number
  text: string
}

const LOOSE = /(?:##|\$\$|#|\$)[ \t\u00a0\u3000]*(paid[ \t_-]*begin|paid[ \t_-]*end|page[ \t_-]*break)[ \t\u00a0\u3000]*(?:##|\$\$|#|\$)/gi
const EXACT = /^(##|\$\$)(paidbegin|paidend|pagebreak)\1$/i

export function findMarkers(text: string): MarkerMatch[] {
  const found: MarkerMatch[] = []
  for (const m of text.matchAll(LOOSE)) {
    const word = (m[1] ?? '').toLowerCase().replace(/[ \t_-]/g, '')
    found.push({ kind: word as MarkerKind, exact: EXACT.test(m[0]), index: m.index ?? 0, length: m[0].length, text: m[0] })
  }
  return found
}

/** Removes every marker (exact or near miss) from a string. */
export function stripMarkers(text: string): string {
  return text.replace(LOOSE, '')
}
