import { test } from 'node:test'
import assert from 'node:assert/strict'
import { relatedWordsOf } from './related-words.ts'
import { WORD_SEPARATOR } from './search-engine.ts'

const pack = (...w: string[]) => w.join(WORD_SEPARATOR)

test('related words: tag words first, then the longest title words, six at most, no single characters or bare numbers', () => {
  assert.deepEqual(relatedWordsOf({ tags: pack('主题教育', '党', '讲话稿'), title: pack('在', '2026', '年', '主题教育', '专题', '读书班', '上', '的', '交流发言', '材料') }), [
    '主题教育',
    '讲话稿',
    '交流发言',
    '读书班',
    '专题',
    '材料',
  ])
  assert.deepEqual(relatedWordsOf({ tags: '', title: '' }), [])
  assert.equal(relatedWordsOf({ tags: pack('一二', '三四', '五六', '七八', '九十', '甲乙', '丙丁'), title: pack('标题词') }).length, 6)
})
