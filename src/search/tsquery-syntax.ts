import { FULL_SCOPE, WORD_SEPARATOR, type IndexDoc, type MatchScope } from './search-engine.ts'
import type { ParsedQuery, SearchTerm } from './search-query.ts'

/**
 * PostgreSQL text-search values written by us, not by a PostgreSQL parser:
 * the 'simple' parser cannot cut Chinese, so lexemes and positions come from
 * our segmenter and go in as tsvector / tsquery literals. Quoting every lexeme
 * means nothing a reader types (&, |, !, <->, :*) acts as tsquery syntax.
 */
export const quoteLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`

/** PostgreSQL keeps positions 1..16383 and at most 256 per lexeme. */
const MAX_POSITION = 16383
const MAX_POSITIONS_PER_LEXEME = 256

type Weight = 'A' | 'B' | 'C' | 'D'

export function tsvectorLiteral(fields: Array<{ words: readonly string[]; weight: Weight }>): string {
  const lexemes = new Map<string, string[]>()
  let pos = 0
  for (const field of fields) {
    for (const word of field.words) {
      pos = Math.min(pos + 1, MAX_POSITION)
      let list = lexemes.get(word)
      if (!list) lexemes.set(word, (list = []))
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${pos}${field.weight === 'D' ? '' : field.weight}`)
    }
    // a gap so that a phrase never runs from one field into the next
    pos = Math.min(pos + 1, MAX_POSITION)
  }
  return [...lexemes].map(([w, p]) => `${quoteLexeme(w)}:${p.join(',')}`).join(' ')
}

/**
 * tsv: title and tags (A), free text (B), paid text and its sub-words (C), the
 * other sub-words (D); title_tsv: title and tags only. Paid text has a weight of
 * its own so that a query can leave it out (MatchScope); it ranks as free text does
 * (RANK_WEIGHTS).
 */
export function docVectors(packed: IndexDoc): { tsv: string; titleTsv: string } {
  const unpack = (field: string) => (field ? field.split(WORD_SEPARATOR) : [])
  const doc = { title: unpack(packed.title), tags: unpack(packed.tags), free: unpack(packed.free), paid: unpack(packed.paid), extras: unpack(packed.extras) }
  return {
    tsv: tsvectorLiteral([
      { words: doc.title, weight: 'A' },
      { words: doc.tags, weight: 'A' },
      { words: doc.free, weight: 'B' },
      { words: doc.paid, weight: 'C' },
      { words: doc.extras, weight: 'D' },
    ]),
    titleTsv: tsvectorLiteral([
      { words: doc.title, weight: 'A' },
      { words: doc.tags, weight: 'A' },
    ]),
  }
}

/** ts_rank_cd's weights for D, C, B, A: paid text (C) counts as much as free text (B). */
export const RANK_WEIGHTS = '{0.1, 0.4, 0.4, 1.0}'

/** The weights each part of a query may match; '' = any. An index before format 2 has paid text in B: titles only. */
function weightsOf(scope: MatchScope): { phrases: string; words: string } {
  return {
    phrases: scope.paidPhrases ? '' : scope.paidApart ? 'AB' : 'A',
    words: scope.paidWords ? '' : scope.paidApart ? 'ABD' : 'A',
  }
}

const lexeme = (word: string, weights: string) => (weights ? `${quoteLexeme(word)}:${weights}` : quoteLexeme(word))
const term = (t: SearchTerm, weights: string) => (t.words.length === 1 ? lexeme(t.words[0] as string, weights) : `(${t.words.map((w) => lexeme(w, weights)).join(' <-> ')})`)

export function toTsquery(q: ParsedQuery, options: { scope?: MatchScope; positiveOnly?: boolean } = {}): string {
  const w = weightsOf(options.scope ?? FULL_SCOPE)
  const one = (t: SearchTerm) => term(t, t.phrase ? w.phrases : w.words)
  const group = (g: SearchTerm[]) => (g.length === 1 ? one(g[0] as SearchTerm) : `(${g.map(one).join(' | ')})`)
  let expr = q.groups.map(group).join(' & ')
  if (q.excluded.length && !options.positiveOnly) expr = `${expr} & !(${q.excluded.map((t) => term(t, w.phrases)).join(' | ')})`
  return expr
}

export function toTsqueryPrefix(words: string[]): string {
  return words.map((w, i) => (i === words.length - 1 ? `${quoteLexeme(w)}:*` : quoteLexeme(w))).join(' & ')
}
