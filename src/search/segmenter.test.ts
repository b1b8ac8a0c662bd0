import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DOMAIN_TERMS } from './domain-terms.ts'
import { foldText } from './fold.ts'
import { getSegmenter, parseTerms } from './segmenter.ts'

const seg = getSegmenter()

test('folding maps traditional, full-width and upper-case forms and keeps every position', () => {
  assert.equal(foldText('學習黨的二十大'), '学习党的二十大')
  assert.equal(foldText('ＰＰＴ模板２０２４'), 'ppt模板2024')
  assert.equal(foldText('Word文档'), 'word文档')
  const odd = '㈠ﬁ𠀀中'
  assert.equal([...foldText(odd)].length, [...odd].length)
})

test('every domain term is one token in precise mode, and its pieces are sub-words for search', () => {
  const terms = parseTerms(DOMAIN_TERMS)
  assert.ok(terms.length >= 300, `${terms.length} domain terms`)
  for (const term of terms) {
    assert.deepEqual(seg.words(`我们要${term}。`).slice(-1), [term], term)
  }
  const { words, extras } = seg.indexForm('开展调查研究，学习党的二十大精神')
  assert.ok(words.includes('调查研究') && words.includes('党的二十大'))
  for (const piece of ['调查', '研究', '二十大']) assert.ok(extras.includes(piece), piece)
})

test('Latin words, numbers and mixed text come out as words; punctuation does not', () => {
  assert.deepEqual(seg.words('2024年工作总结 PPT'), ['2024', '年', '工作总结', 'ppt'])
  assert.deepEqual(seg.words('“，。！？ …'), [])
  assert.deepEqual(seg.words('學習 主題教育'), seg.words('学习 主题教育'))
})

test('a site dictionary makes its words whole and changes the version', () => {
  const site = getSegmenter(['墨门杯征文'])
  assert.notEqual(site.version, seg.version)
  assert.ok(site.words('参加墨门杯征文活动').includes('墨门杯征文'))
  assert.ok(!seg.words('参加墨门杯征文活动').includes('墨门杯征文'))
  assert.equal(getSegmenter(['墨门杯征文']), site, 'cached per dictionary')
})
