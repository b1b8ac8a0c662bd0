import type { Segmenter } from './segmenter.ts'

/**
 * What a reader typed, parsed into terms every engine understands the same way:
 * space-separated terms are ANDed; "quoted text" is a phrase; -term excludes;
 * a bare upper-case OR between two terms makes them alternatives. Nothing the
 * reader types reaches an engine's own syntax: engines quote every word.
 */
export interface SearchTerm {
  /** folded precise-mode words, in order */
  words: string[]
  /** quoted: the words must be adjacent and in order (one word may be a phrase too: it came from quotes) */
  phrase: boolean
}

export interface ParsedQuery {
  /** every group must match; a group matches when one of its terms does */
  groups: SearchTerm[][]
  /** no term here may match */
  excluded: SearchTerm[]
  /** folded strings to mark in titles and snippets, longest first */
  marks: string[]
  /** the query as understood, for display and for the search log */
  normalized: string
  /** each typed term (one word or "phrase") and the groups it became, for "try fewer words" */
  typed: Array<{ text: string; groups: SearchTerm[][] }>
}

export type QueryProblem = 'empty' | 'too-long' | 'too-many-terms'

export const MAX_QUERY_CHARS = 100
export const MAX_TERMS = 12

export function parseSearchQuery(raw: string, segmenter: Segmenter): ParsedQuery | { problem: QueryProblem } {
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if ([...text].length > MAX_QUERY_CHARS) return { problem: 'too-long' }
  const pieces = [...text.matchAll(/(-?)(?:"([^"]*)"?|“([^”]*)”?|(\S+))/g)]
  const groups: SearchTerm[][] = []
  const excluded: SearchTerm[] = []
  const typed: ParsedQuery['typed'] = []
  let joinNext = false
  let count = 0
  for (const m of pieces) {
    const quoted = m[2] ?? m[3]
    const bare = m[4]
    const negate = m[1] === '-'
    if (bare === 'OR' && !negate) {
      joinNext = groups.length > 0
      continue
    }
    const words = segmenter.words(quoted ?? bare ?? '')
    if (!words.length) continue
    if (++count > MAX_TERMS) return { problem: 'too-many-terms' }
    // unquoted text that jieba cuts into several words is ANDed word by word:
    // "主题教育研讨" must find 主题教育研讨发言, which jieba cuts differently
    const mine: SearchTerm[][] = quoted !== undefined && words.length > 1 ? [phraseForms(words, segmenter)] : words.map((w) => [{ words: [w], phrase: false }])
    if (negate) {
      excluded.push(...mine.flat())
      joinNext = false
      continue
    }
    if (joinNext && mine.length === 1 && typed.length) {
      groups[groups.length - 1]?.push(...(mine[0] as SearchTerm[]))
      const last = typed[typed.length - 1] as { text: string; groups: SearchTerm[][] }
      last.text += ` OR ${joinWords(words)}`
    } else {
      groups.push(...mine)
      typed.push({ text: joinWords(words), groups: mine })
    }
    joinNext = false
  }
  if (!groups.length) return { problem: 'empty' }
  const marks = new Set<string>()
  for (const term of groups.flat()) {
    if (term.phrase) marks.add(joinWords(term.words))
    for (const w of term.words) marks.add(w)
  }
  const show = (t: SearchTerm) => (t.phrase ? `"${joinWords(t.words)}"` : joinWords(t.words))
  const normalized = [...groups.map((g) => g.map(show).join(' OR ')), ...excluded.map((t) => `-${show(t)}`)].join(' ')
  return { groups, excluded, marks: [...marks].sort((a, b) => b.length - a.length), normalized, typed }
}

/**
 * A quoted phrase, and the same text cut as a whole when that differs: "理论 学习"
 * typed with a space is the word 理论学习 in a post. Either form matches.
 */
function phraseForms(words: string[], segmenter: Segmenter): SearchTerm[] {
  const whole = segmenter.words(joinWords(words))
  const same = whole.length === words.length && whole.every((w, i) => w === words[i])
  // a quoted input stays a phrase in both forms: it looks where phrases look (MatchScope)
  return same || !whole.length
    ? [{ words, phrase: true }]
    : [
        { words, phrase: true },
        { words: whole, phrase: true },
      ]
}

/** Words as they stand in text: Chinese ones run together, Latin ones keep a space. */
export function joinWords(words: string[]): string {
  let out = ''
  for (const w of words) {
    if (out && /[\p{L}\p{N}]$/u.test(out) && /^[\p{L}\p{N}]/u.test(w) && !/\p{Script=Han}$/u.test(out) && !/^\p{Script=Han}/u.test(w)) out += ' '
    out += w
  }
  return out
}

export function isQueryProblem(q: ParsedQuery | { problem: QueryProblem }): q is { problem: QueryProblem } {
  return 'problem' in q
}
