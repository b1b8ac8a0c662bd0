import type { ParsedQuery, SearchTerm } from './search-query.ts'

/**
 * FTS5 query text built from a parsed query. Every word is quoted, so nothing a
 * reader types (", *, NEAR(, OR, -, :) acts as FTS5 syntax: a syntax error
 * cannot happen and no operator can be injected.
 */
export const quoteFts = (word: string) => `"${word.replace(/"/g, '""')}"`

const term = (t: SearchTerm) => quoteFts(t.words.join(' '))
const group = (g: SearchTerm[]) => (g.length === 1 ? term(g[0] as SearchTerm) : `(${g.map(term).join(' OR ')})`)

export function toFts5(q: ParsedQuery): string {
  let expr = q.groups.map(group).join(' AND ')
  if (q.excluded.length) expr = `(${expr}) NOT (${q.excluded.map(term).join(' OR ')})`
  return expr
}

/** For the titles index: words typed so far, the last as a prefix: `"主题" AND "教" *`. */
export function toFts5Prefix(words: string[]): string {
  return words.map((w, i) => (i === words.length - 1 ? `${quoteFts(w)} *` : quoteFts(w))).join(' AND ')
}

