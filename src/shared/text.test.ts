import { test } from 'node:test'
import assert from 'node:assert/strict'
import { countChars, countWords, excerpt } from './text.ts'

test('Chinese characters count one each, Latin words once, spaces never', () => {
  assert.equal(countWords('调查研究'), 4)
  assert.equal(countWords('2024年工作总结 PPT 模板'), 9)
  assert.equal(countWords('　　一要提高理论学习的“深度”。'), 14)
  assert.equal(countChars('　　学习 \u00a0 ab'), 4)
})

test('an excerpt cuts at a sentence end when one is near', () => {
  assert.equal(excerpt('第一句话很长很长。第二句话也很长很长。', 12), '第一句话很长很长。')
  assert.equal(excerpt('短文本', 10), '短文本')
  assert.equal(excerpt('一二三四五六七八九十', 5), '一二三四五…')
})

test('white space between Chinese sentences is dropped, between Latin words kept', () => {
  assert.equal(excerpt('第一段。\n\n　　第二段 with PPT 模板', 100), '第一段。第二段 with PPT 模板')
})
