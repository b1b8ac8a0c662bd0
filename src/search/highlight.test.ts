import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { highlight, snippet } from './highlight.ts'

const unmark = (html: string) =>
  html
    .replace(/<\/?mark>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

test('matches are marked on the original text, found through folding', () => {
  assert.equal(highlight('深入學習主题教育', ['学习', '主题教育']).html, '深入<mark>學習</mark><mark>主题教育</mark>')
  assert.equal(highlight('<b>PPT</b>模板', ['ppt']).html, '&lt;b&gt;<mark>PPT</mark>&lt;/b&gt;模板')
})

test('a snippet is a window around the densest matches, cut with …', () => {
  const text = '开头'.repeat(100) + '这里讲调查研究和调查研究的方法' + '结尾'.repeat(100)
  const s = snippet(text, ['调查研究'], 60)
  assert.equal(s.hits, 2)
  assert.ok(s.html.startsWith('…') && s.html.endsWith('…'))
  assert.ok(unmark(s.html).length <= 62)
  assert.equal(snippet('没有命中的一段文字', ['学习'], 4).html, '没有命中…')
})

test('highlighting escapes everything and keeps the text (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.array(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 4 }), (text, marks) => {
      const h = highlight(text, marks)
      assert.doesNotMatch(h.html.replace(/<\/?mark>/g, ''), /[<>]/)
      assert.equal(unmark(h.html), text)
      const s = snippet(text, marks, 30)
      assert.doesNotMatch(s.html.replace(/<\/?mark>/g, ''), /[<>]/)
    }),
    { numRuns: 300 },
  )
})
