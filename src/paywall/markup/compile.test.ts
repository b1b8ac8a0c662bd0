import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileBody, type CompiledBody } from './compile.ts'

const compile = (source: string, format: 'html' | 'text' | 'markdown' = 'html', price = 990) => compileBody({ source, format, price, previewShare: 0.3 })
const free = (c: CompiledBody) =>
  c.segments
    .filter((s) => s.kind === 'free')
    .map((s) => s.html)
    .join('')
const paid = (c: CompiledBody) =>
  c.segments
    .filter((s) => s.kind === 'paid')
    .map((s) => s.html)
    .join('')
const codes = (c: CompiledBody) => c.warnings.map((w) => w.code)

// Built like the FastAdmin sample: full-width indentation, the begin marker opening a
// text line, the end marker alone on the last line. (The title lines are the importer's.)
const SAMPLE_LIKE = [
  '　　按照会议安排，我谈三点体会。',
  '　　一要提高理论学习的深度。学习是立身做人的永恒主题。',
  '##paidbegin##一是学出了坚定信念。理想信念是精神之钙。',
  '　　二是学出了为民情怀。群众利益无小事。',
  '　　发言完毕，谢谢大家！',
  '##paidend##',
].join('\n')

test('a sample-like text post: the paragraphs before the marker line are free, the rest paid', () => {
  const c = compile(SAMPLE_LIKE, 'text')
  assert.deepEqual(
    c.segments.map((s) => s.kind),
    ['free', 'paid'],
  )
  assert.equal(free(c), '<p>按照会议安排，我谈三点体会。</p>\n<p>一要提高理论学习的深度。学习是立身做人的永恒主题。</p>\n')
  assert.equal(paid(c), '<p>一是学出了坚定信念。理想信念是精神之钙。</p>\n<p>二是学出了为民情怀。群众利益无小事。</p>\n<p>发言完毕，谢谢大家！</p>\n')
  assert.deepEqual(codes(c), [])
  assert.equal(c.paidCharCount, 48)
  assert.ok(!free(c).includes('##'))
})

test('a marker inside a paragraph splits it with both sides well-formed', () => {
  const c = compile('<p>公开的<strong>开头 ##paidbegin## 付费的</strong>中间</p><p>仍付费 ##PaidEnd## 又公开</p>')
  assert.equal(free(c), '<p>公开的<strong>开头 </strong></p><p> 又公开</p>')
  assert.equal(paid(c), '<p><strong> 付费的</strong>中间</p><p>仍付费 </p>')
})

test('a marker alone in a block element takes the element with it', () => {
  const c = compile('<p>免费</p><p>&nbsp; $$paidbegin$$ &nbsp;</p><div><p>付费</p></div><p>##paidend##</p><p>结尾免费</p>')
  assert.equal(free(c), '<p>免费</p><p>结尾免费</p>')
  assert.equal(paid(c), '<div><p>付费</p></div>')
})

test('several paid regions keep their order between free segments', () => {
  const c = compile('<p>a</p><p>##paidbegin##</p><p>b</p><p>##paidend##</p><p>c</p><p>$$paidbegin$$</p><p>d</p><p>$$paidend$$</p>')
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a', 'paid:b', 'free:c', 'paid:d'],
  )
})

test('a begin inside a paid region continues it; an end outside one is dropped', () => {
  const c = compile('<p>##paidend##</p><p>a</p><p>##paidbegin##</p><p>b</p><p>##paidbegin##</p><p>c</p><p>##paidend##</p><p>d</p>')
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a', 'paid:bc', 'free:d'],
  )
  assert.deepEqual(codes(c), ['PAYWALL_MARKUP_STRAY_END', 'PAYWALL_MARKUP_NESTED_BEGIN'])
})

test('an unclosed begin makes the rest of the post paid', () => {
  const c = compile('<p>a</p><p>##paidbegin##b</p><p>c</p>##pagebreak##<p>d</p>')
  assert.deepEqual(
    c.segments.map((s) => `${s.page}${s.kind}:${s.text}`),
    ['1free:a', '1paid:bc', '2paid:d'],
  )
  assert.deepEqual(codes(c), ['PAYWALL_MARKUP_UNCLOSED'])
})

test('near-miss markers can only hide more: a sloppy begin opens, a sloppy end does not close', () => {
  const c = compile('<p>a #paidbegin# b</p><p>c ##paid end## d</p><p>e</p>')
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a ', 'paid: bc  de'],
  )
  assert.deepEqual(codes(c), ['PAYWALL_MARKUP_NEAR_MISS', 'PAYWALL_MARKUP_NEAR_MISS', 'PAYWALL_MARKUP_UNCLOSED'])
  assert.ok(!c.segments.some((s) => s.html.includes('paid')))
})

test('a marker cut in two by inline tags is still the marker, in a paragraph or at the top level', () => {
  const inParagraph = compile('<p>a</p><p>x ##paid<b>begin</b>## y</p><p>z</p>')
  assert.deepEqual(
    inParagraph.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:ax ', 'paid: yz'],
  )
  assert.deepEqual(codes(inParagraph), ['PAYWALL_MARKUP_SPLIT', 'PAYWALL_MARKUP_UNCLOSED'])
  for (const split of ['##paid<b>begin</b>##', '##paid<span></span>begin##', '#<em>#</em>paidbe<a href="/x">gin</a>##', '<b>##paid</b>begin##']) {
    const c = compile(`<p>公开</p>${split}<p>秘密</p>`)
    assert.equal(free(c), '<p>公开</p>', split)
    assert.match(paid(c), /秘密/, split)
    assert.ok(!c.segments.some((s) => /paid|begin/.test(s.text)), split)
  }
  const ends = compile('<p>a</p><p>##paidbegin##</p><p>b</p>##paid<i>end</i>##<p>c</p>')
  assert.deepEqual(
    ends.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a', 'paid:b', 'free:c'],
  )
})

test('a marker cut across paragraphs is a near miss: it opens a region and never closes one', () => {
  const c = compile('<p>a ##paid</p><p>begin## b</p><p>##paid</p><p>end##</p><p>c</p>', 'html', 0)
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a ', 'paid: bc'],
  )
  assert.ok(codes(c).includes('PAYWALL_MARKUP_NEAR_MISS'))
})

test('full-width, zero-width and full-width-letter markers are near misses: a members-only region stays closed', () => {
  for (const begin of [
    '＃＃paidbegin＃＃',
    '＄＄paidbegin＄＄',
    '##paid\u200bbegin##',
    '##ｐａｉｄｂｅｇｉｎ##',
    '##PAID\u00adBEGIN##',
    '＃＃ＰａｉｄＢｅｇｉｎ＃＃',
    '##paidbegin',
    '﹟﹟paidbegin﹟﹟',
  ]) {
    const c = compile(`<p>公开</p><p>${begin}</p><p>会员专享</p><p>＃＃paidend＃＃</p><p>仍然付费</p>`, 'html', 0)
    assert.deepEqual(
      c.segments.map((s) => `${s.kind}:${s.text}`),
      ['free:公开', 'paid:会员专享仍然付费'],
      begin,
    )
    assert.ok(codes(c).includes('PAYWALL_MARKUP_NEAR_MISS'), begin)
  }
})

test('markers in entities are read as the reader sees them', () => {
  const c = compile('<p>a</p><p>&#35;&#35;paidbegin&#35;&#35;</p><p>b</p><p>&#x24;&#x24;paidend&#x24;&#x24;</p><p>c</p>')
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a', 'paid:b', 'free:c'],
  )
})

test('markers in comments, attributes and scripts do not vanish with them: they open a region there', () => {
  for (const hidden of [
    '<!-- ##paidbegin## -->',
    '<span title="##paidbegin##"></span>',
    '<img alt="$$paidbegin$$" src="/a.png">',
    '<script>"##paidbegin##"</script>',
    '<style>/* ＃＃paidbegin＃＃ */</style>',
    '<textarea>##paidbegin##</textarea>',
  ]) {
    const c = compile(`<p>公开</p>${hidden}<p>会员专享</p>`, 'html', 0)
    assert.equal(c.segments.find((s) => s.kind === 'free')?.text, '公开', hidden)
    assert.match(paid(c), /会员专享/, hidden)
    assert.ok(codes(c).includes('PAYWALL_MARKUP_HIDDEN'), hidden)
    assert.ok(!c.segments.some((s) => /paidbegin/i.test(s.html)), hidden)
  }
  // an end where no reader sees it closes nothing
  const c = compile('<p>a</p><p>##paidbegin##</p><p>b</p><!--##paidend##--><p>c</p>', 'html', 0)
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text}`),
    ['free:a', 'paid:bc'],
  )
})

test('a priced post whose markers enclose nothing is not free: it gets the automatic preview', () => {
  const body = Array.from({ length: 10 }, (_, i) => `<p>${'字'.repeat(40)}${i}</p>`).join('')
  for (const source of [`${body}<p>##paidbegin##</p><p>##paidend##</p>`, `##paidbegin## ##paidend##${body}`, `${body}<p>##paidbegin##<b> </b>&nbsp;</p>`]) {
    const c = compile(source)
    assert.ok(c.paidCharCount > 100, source)
    assert.ok(c.freeCharCount > 0 && c.freeCharCount < c.paidCharCount, source)
    assert.deepEqual(
      codes(c).filter((w) => w !== 'PAYWALL_MARKUP_UNCLOSED'),
      ['PAYWALL_MARKERS_EMPTY', 'PAYWALL_AUTO_PREVIEW'],
      source,
    )
  }
  // a stray end cannot end the automatic preview's region
  const stray = compile(`${body}<p>##paidend##</p><p>末尾</p>`)
  assert.equal(stray.segments.at(-1)?.kind, 'paid')
  assert.match(paid(stray), /末尾/)
})

test('pagebreaks make pages; a paid region may run across them', () => {
  const c = compile('<p>p1</p>##pagebreak##<p>p2 ##paidbegin## paid2</p><p>##pagebreak##</p><p>paid3</p><p>##paidend##</p><p>free3</p>')
  assert.equal(c.pageCount, 3)
  assert.deepEqual(
    c.segments.map((s) => `${s.page}${s.kind}:${s.text.trim()}`),
    ['1free:p1', '2free:p2', '2paid:paid2', '3paid:paid3', '3free:free3'],
  )
})

test('a priced post without markers gets an automatic preview cut at a paragraph boundary', () => {
  const paragraphs = Array.from({ length: 10 }, (_, i) => `<p>${'字'.repeat(50)}${i}</p>`).join('')
  const c = compile(paragraphs)
  assert.deepEqual(
    c.segments.map((s) => s.kind),
    ['free', 'paid'],
  )
  assert.equal(c.segments[0]?.html.match(/<p>/g)?.length, 3)
  assert.deepEqual(codes(c), ['PAYWALL_AUTO_PREVIEW'])
})

test('a single-paragraph priced post is cut after a sentence, never in a word', () => {
  const c = compile('<p>第一句话。第二句话。第三句话。第四句话。第五句话。第六句话。</p>')
  assert.equal(c.segments[0]?.text, '第一句话。第二句话。')
  assert.equal(c.segments[1]?.text, '第三句话。第四句话。第五句话。第六句话。')
})

test('a free post without markers is all free; a free post with markers keeps its regions for members', () => {
  assert.deepEqual(
    compile('<p>a</p><p>b</p>', 'html', 0).segments.map((s) => s.kind),
    ['free'],
  )
  const c = compile('<p>a</p><p>##paidbegin##</p><p>b</p>', 'html', 0)
  assert.deepEqual(
    c.segments.map((s) => s.kind),
    ['free', 'paid'],
  )
  assert.ok(codes(c).includes('PAYWALL_FREE_POST_HAS_REGIONS'))
})

test('bodies are sanitised before they are split', () => {
  const c = compile(
    '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">l</a><img src="https://x/y.png" onerror="z"></p><iframe src="https://evil"></iframe><h1>t</h1>',
    'html',
    0,
  )
  assert.equal(free(c), '<p>a<a rel="nofollow noopener">l</a><img src="https://x/y.png" /></p><h2>t</h2>'.replace(' />', '>'))
})

test('plain text: markers on their own line behave as in HTML', () => {
  const c = compile('免费一\n\n##paidbegin##\n付费一\n##paidend##\n免费二\n', 'text', 100)
  assert.deepEqual(
    c.segments.map((s) => `${s.kind}:${s.text.trim()}`),
    ['free:免费一', 'paid:付费一', 'free:免费二'],
  )
})

test('markdown bodies are compiled too', () => {
  const c = compile('# 标题\n\n免费段落\n\n##paidbegin##\n\n付费 **段落**\n\n##paidend##\n', 'markdown', 100)
  assert.deepEqual(
    c.segments.map((s) => s.kind),
    ['free', 'paid'],
  )
  assert.match(paid(c), /<strong>段落<\/strong>/)
})

test('word counts count Chinese characters one by one', () => {
  const c = compile('<p>调查研究 2024 PPT</p>', 'html', 0)
  assert.equal(c.wordCount, 6)
})
