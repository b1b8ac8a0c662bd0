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
  assert.deepEqual(q.groups.map((g) => g.map((t) => t.words)), [[['主题教育']], [['研讨发言']]])
  const phrase = parse('"开展 调查"')
  assert.deepEqual(phrase.groups, [[{ words: ['开展', '调查'], phrase: true }]])
  assert.equal(toFts5(phrase), '"开展 调查"')
  assert.equal(toTsquery(phrase), "('开展' <-> '调查')")
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
    fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
      const r = parseSearchQuery(parts.join(''), seg)
      if (isQueryProblem(r)) return
      // outside quoted words, only our own operators remain
      const fts = toFts5(r).replace(/"(?:[^"]|"")*"/g, 'W')
      assert.match(fts, /^[W()\s]*(?:(?:AND|OR|NOT)[W()\s]+)*[W()\s]*$/, toFts5(r))
      const tsq = toTsquery(r).replace(/'(?:[^'\\]|''|\\.)*'/g, 'W')
      assert.match(tsq, /^[W()&|!<\->\s]*$/, toTsquery(r))
    }),
    { numRuns: 400 },
  )
})
