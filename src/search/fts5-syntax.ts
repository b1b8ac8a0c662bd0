import { FULL_SCOPE, type MatchScope } from './search-engine.ts'
import type { ParsedQuery, SearchTerm } from './search-query.ts'

/**
 * FTS5 query text built from a parsed query. Every word is quoted, so nothing a
 * reader types (", *, NEAR(, OR, -, :) acts as FTS5 syntax: a syntax error
 * cannot happen and no operator can be injected. Column filters keep each part
 * of the query to the text its scope allows (MatchScope).
 */
export const quoteFts = (word: string) => `"${word.replace(/"/g, '""')}"`

/** title, tags and free text: where a reader's phrases and exclusions look */
const FREE = '{title tags free}'
/** the same and the free text's sub-words: where single words look when paid text is off */
const FREE_WORDS = '{title tags free extra}'
/** an index that mixes paid and free words (built before index format 2): titles and tags only */
const TITLES = '{title tags}'

const plain = (t: SearchTerm) => quoteFts(t.words.join(' '))

function columnsOf(scope: MatchScope): { phrases: string; words: string } {
  return {
    phrases: scope.paidPhrases ? '' : scope.paidApart ? FREE : TITLES,
    words: scope.paidWords ? '' : scope.paidApart ? FREE_WORDS : TITLES,
  }
}

const within = (columns: string, expr: string) => (columns ? `${columns} : ${expr}` : expr)

/** The positive part: every group, a group being one or more alternatives. */
function positive(q: ParsedQuery, scope: MatchScope): string {
  const cols = columnsOf(scope)
  const term = (t: SearchTerm) => within(t.phrase ? cols.phrases : cols.words, plain(t))
  const group = (g: SearchTerm[]) => (g.length === 1 ? term(g[0] as SearchTerm) : `(${g.map(term).join(' OR ')})`)
  return q.groups.map(group).join(' AND ')
}

/** What the exclusions match, as a positive expression: a post matching it is left out. */
export function excludedFts5(q: ParsedQuery, scope: MatchScope): string {
  return within(columnsOf(scope).phrases, `(${q.excluded.map(plain).join(' OR ')})`)
}

export function toFts5(q: ParsedQuery, scope: MatchScope = FULL_SCOPE): string {
  const expr = positive(q, scope)
  return q.excluded.length ? `(${expr}) NOT ${excludedFts5(q, scope)}` : expr
}

/** For the titles index (title and tags only, so no column filter): the positive part. */
export function toFts5Titles(q: ParsedQuery): string {
  return positive(q, FULL_SCOPE)
}

/** For the titles index: words typed so far, the last as a prefix: `"主题" AND "教" *`. */
export function toFts5Prefix(words: string[]): string {
  return words.map((w, i) => (i === words.length - 1 ? `${quoteFts(w)} *` : quoteFts(w))).join(' AND ')
}
