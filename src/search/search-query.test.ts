import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { toFts5 } from './fts5-syntax.ts'
import { isQueryProblem, parseSearchQuery, type ParsedQuery } from './search-query.ts'
import { getSegmenter } from './segmenter.ts'
import { toTsquery } from './tsquery-syntax.ts'

const seg = getSegmenter()
const parse = (q: string) => {
  const r = parseSearchQuery(q, seg)
  if (isQueryProblem(r)) throw new Error(r.problem)
  return r as ParsedQuery
}

test('space-separated terms are ANDed word by word; quotes make a phrase', () => {
  const q = parse('主题教育 研讨发言')
  assert.deepEqual(
    q.groups.map((g) => g.map((t) => t.words)),
    [[['主题教育']], [['研讨发言']]],
  )
  const phrase = parse('"教育 研讨"')
  assert.deepEqual(phrase.groups, [[{ words: ['教育', '研讨'], phrase: true }]])
  assert.equal(toFts5(phrase), '"教育 研讨"')
  assert.equal(toTsquery(phrase), "('教育' <-> '研讨')")
  // typed with a space, found as the one word the text has: "开展 调查" is 开展调查
  assert.deepEqual(parse('"开展 调查"').groups, [
    [
      { words: ['开展', '调查'], phrase: true },
      { words: ['开展调查'], phrase: true },
    ],
  ])
})

test('for readers, paid text answers single words only: phrases and exclusions look at title, tags and free text', () => {
  const q = parse('检视 "廉洁 务实" -措施')
  const reader = { paidWords: true, paidPhrases: false, paidApart: true }
  assert.equal(toFts5(q, reader), '("检视" AND {title tags free} : "廉洁 务实") NOT {title tags free} : ("措施")')
  assert.equal(toTsquery(q, { scope: reader }), "'检视' & ('廉洁':AB <-> '务实':AB) & !('措施':AB)")
  // paid matching off: single words too
  const off = { paidWords: false, paidPhrases: false, paidApart: true }
  assert.equal(toFts5(q, off), '({title tags free extra} : "检视" AND {title tags free} : "廉洁 务实") NOT {title tags free} : ("措施")')
  assert.equal(toTsquery(q, { scope: off }), "'检视':ABD & ('廉洁':AB <-> '务实':AB) & !('措施':AB)")
  // an index that still mixes paid and free words: titles and tags only
  const old = { paidWords: true, paidPhrases: false, paidApart: false }
  assert.equal(toFts5(q, old), '("检视" AND {title tags} : "廉洁 务实") NOT {title tags} : ("措施")')
  assert.equal(toTsquery(q, { scope: old }), "'检视' & ('廉洁':A <-> '务实':A) & !('措施':A)")
})

test('-term excludes and OR joins alternatives', () => {
  const q = parse('心得体会 -讲话稿 党课 OR 调研报告')
  assert.equal(q.excluded.length, 1)
  assert.equal(q.groups.length, 2)
  assert.equal(toFts5(q), '("心得体会" AND ("党课" OR "调研报告")) NOT ("讲话稿")')
  assert.equal(toTsquery(q), "'心得体会' & ('党课' | '调研报告') & !('讲话稿')")
})

test('empty, punctuation-only and overlong queries are problems, not errors', () => {
  assert.deepEqual(parseSearchQuery('   ', seg), { problem: 'empty' })
  assert.deepEqual(parseSearchQuery('，。！“”*', seg), { problem: 'empty' })
  assert.deepEqual(parseSearchQuery('-讲话稿', seg), { problem: 'empty' })
  assert.deepEqual(parseSearchQuery('学'.repeat(101), seg), { problem: 'too-long' })
})

test('whatever is typed, the FTS5 and tsquery texts quote every word (property)', () => {
  const pieces = fc.constantFrom('"', '*', 'NEAR(', 'OR', 'AND', 'NOT', '-', ':', '(', ')', '^', "'", '\\', '&', '|', '!', '<->', ' ', '主题', '教育', 'ppt', '学')
  fc.assert(
    fc.property(
      fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 12 }),
      fc.record({ paidWords: fc.boolean(), paidPhrases: fc.boolean(), paidApart: fc.boolean() }),
      (parts, scope) => {
        const r = parseSearchQuery(parts.join(''), seg)
        if (isQueryProblem(r)) return
        // outside quoted words, only our own operators and column filters remain
        const fts = toFts5(r, scope)
          .replace(/"(?:[^"]|"")*"/g, 'W')
          .replace(/\{(title|tags|free|extra| )+\} :/g, 'C')
        assert.match(fts, /^[WC()\s]*(?:(?:AND|OR|NOT)[WC()\s]+)*[WC()\s]*$/, toFts5(r, scope))
        const tsq = toTsquery(r, { scope }).replace(/'(?:[^'\\]|''|\\.)*'(:[ABD]+)?/g, 'W')
        assert.match(tsq, /^[W()&|!<\->\s]*$/, toTsquery(r, { scope }))
      },
    ),
    { numRuns: 400 },
  )
})
