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

test('property: words are counted as three passes counted them (CJK characters, other words with their inner punctuation, other marks)', async () => {
  const fc = (await import('fast-check')).default
  const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu
  const WORD = /[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu
  const MARK = /[^\s\p{L}\p{N}]/gu
  const reference = (text: string) => {
    const cjk = text.match(CJK)?.length ?? 0
    const rest = text.replace(CJK, ' ')
    return cjk + (rest.match(WORD)?.length ?? 0) + (rest.replace(WORD, ' ').match(MARK)?.length ?? 0)
  }
  const piece = fc.constantFrom('学', '习', 'あ', 'カ', '한', 'word', "it's", '2.0', 'e.g.', '-', '’', '。', '，', ' ', '　', '\n', 'é', '😀', 'x', '9')
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('')
      assert.equal(countWords(text), reference(text), JSON.stringify(text))
    }),
    { numRuns: 1000 },
  )
})
