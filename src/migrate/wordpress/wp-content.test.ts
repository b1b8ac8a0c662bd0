import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { compileBody, type CompiledBody } from '../../paywall/index.ts'
import { autop, convertWpContent } from './wp-content.ts'

const compiled = (html: string): CompiledBody => compileBody({ source: html, format: 'html', price: 0, previewShare: 0.3 })
const textOf = (c: CompiledBody, kind: 'free' | 'paid') =>
  c.segments
    .filter((s) => s.kind === kind)
    .map((s) => s.html)
    .join('')

test('each paywall plugin’s shortcode becomes a paid region; who reads it follows the shortcode', () => {
  const pmpro = convertWpContent('开头的免费段落。\n\n[membership level="2"]会员才能看的正文。[/membership]\n\n结尾。')
  const c = compiled(pmpro.html)
  assert.match(textOf(c, 'free'), /开头的免费段落/)
  assert.match(textOf(c, 'free'), /结尾/)
  assert.match(textOf(c, 'paid'), /会员才能看的正文/)
  assert.doesNotMatch(textOf(c, 'free'), /会员才能看/)
  assert.equal(pmpro.access, 'vip')
  assert.equal(convertWpContent('a\n\n[restrict]登录可读[/restrict]').access, 'members', 'Restrict Content Pro’s plain [restrict]: any signed-in reader')
  assert.equal(convertWpContent('a\n\n[restrict paid="true"]付费[/restrict]').access, 'vip')
  assert.equal(convertWpContent('a\n\n[mepr-show if="loggedin"]x[/mepr-show]').access, 'members')
  assert.equal(convertWpContent('a\n\n[mepr-show rules="12"]x[/mepr-show]').access, 'vip')
  assert.equal(convertWpContent('只有免费内容。').access, undefined)
})

test('an unclosed shortcode leaves the rest of the post paid, never free', () => {
  const body = convertWpContent('免费。\n\n[membership]未闭合的付费内容\n\n第二段付费。')
  const c = compiled(body.html)
  assert.doesNotMatch(textOf(c, 'free'), /未闭合|第二段/)
  assert.match(textOf(c, 'paid'), /第二段付费/)
})

test('<!--more--> ends the teaser (a description) when nothing before it is paid; block comments and core shortcodes go', () => {
  const body = convertWpContent(
    '<!-- wp:paragraph -->\n<p>这是摘要部分。</p>\n<!-- /wp:paragraph -->\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n<p>[caption id="x"]<img src="a.png"> 图注[/caption]</p>',
  )
  assert.equal(body.teaser, '这是摘要部分。')
  assert.doesNotMatch(body.html, /wp:|more|caption/)
  assert.match(body.html, /<img src="a.png"> 图注/)
  assert.equal(convertWpContent('[membership]付费[/membership]<!--more-->后文').teaser, undefined, 'a teaser is never cut from paid text')
  assert.equal(convertWpContent('免费 $$PaidBegin$$ 手写的付费<!--more-->后文').teaser, undefined, 'nor from a marker written by hand, in either style')
  assert.equal(convertWpContent('<p>甲 &amp; 乙&#12290;</p><!--more-->').teaser, '甲 & 乙。', 'entities read as text')
})

test('classic-editor text gets WordPress’s paragraphs and line breaks', () => {
  assert.equal(autop('第一段第一行\n第一行续\n\n第二段\n\n<h2>标题</h2>'), '<p>第一段第一行<br>\n第一行续</p>\n<p>第二段</p>\n<h2>标题</h2>')
  assert.equal(autop('<p>已经分好段</p>\n<p>第二段</p>'), '<p>已经分好段</p>\n<p>第二段</p>')
})

test('property: whatever a post holds around them, the words inside paywall shortcodes never reach the free text', () => {
  const word = fc.stringMatching(/^[a-z一-龥]{1,8}$/)
  const tag = fc.constantFrom('membership', 'restrict', 'mepr-show', 'mepr-active', 'MEMBERSHIP')
  const attrs = fc.constantFrom('', ' level="1"', ' paid="true"', ' if="loggedin"', ' rules="3"')
  const piece = fc.oneof(
    word.map((w) => ({ text: w, paid: false })),
    fc.tuple(tag, attrs, word, fc.boolean()).map(([t, a, w, closed]) => ({ text: `[${t}${a}]PAIDWORD${w}${closed ? `[/${t}]` : ''}`, paid: true })),
    fc.constantFrom('\n', '\n\n', '<!--more-->', '<p>', '</p>', '<!-- wp:paragraph -->', '[caption]', '[/caption]').map((text) => ({ text, paid: false })),
  )
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const body = convertWpContent(pieces.map((p) => p.text).join(''))
      const c = compiled(body.html)
      assert.doesNotMatch(textOf(c, 'free'), /PAIDWORD/)
      if (body.teaser !== undefined) assert.doesNotMatch(body.teaser, /PAIDWORD/)
      if (pieces.some((p) => p.paid)) assert.ok(body.access)
    }),
    { numRuns: 300 },
  )
})
