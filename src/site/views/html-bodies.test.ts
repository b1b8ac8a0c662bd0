import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { PageBodies } from './html-bodies.ts'

test('a rendered page is joined with its bodies as UTF-8, each in its slot', () => {
  const bodies = new PageBodies()
  const a = bodies.slot(Buffer.from('<p>第一段，全角　缩进</p>'))
  const b = bodies.slot(Buffer.from('<p>second</p>'))
  const page = bodies.join(`<h1>标题</h1>${a}<aside>卡片</aside>${b}<footer>备案号</footer>`)
  assert.equal(page.toString(), '<h1>标题</h1><p>第一段，全角　缩进</p><aside>卡片</aside><p>second</p><footer>备案号</footer>')
})

test('text that only looks like a slot is left as it is', () => {
  const bodies = new PageBodies()
  bodies.slot(Buffer.from('<p>body</p>'))
  const forged = '\u0000AAAAAAAAAAAAAAAA:0\u0000'
  assert.equal(bodies.join(`<title>${forged}</title>`).toString(), `<title>${forged}</title>`)
})

test('NULs, cut-short slots and slot-like text around real slots are kept as text', () => {
  const bodies = new PageBodies()
  const real = bodies.slot(Buffer.from('<p>正文</p>'))
  const prefix = real.slice(0, real.indexOf(':') + 1)
  for (const text of ['\u0000', `a\u0000`, prefix, `${prefix}`, `${prefix}7`, `${prefix}x\u0000`, `${prefix}\u0000`, real.slice(0, -1)]) {
    assert.equal(bodies.join(`${text}|${real}|${text}`).toString(), `${text}|<p>正文</p>|${text}`, JSON.stringify(text))
  }
  // a slot number with no body is left empty, as a template can only print slots it was given
  assert.equal(bodies.join(`[${prefix}9\u0000]`).toString(), '[]')
})

test('property: any text with slots in it joins to the text with each body in its slot', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string({ unit: fc.constantFrom('a', '中', '\u0000', ':', '1', '😀') }), fc.string({ unit: 'grapheme' })), { maxLength: 6 }), fc.string(), (parts, tail) => {
      const bodies = new PageBodies()
      let rendered = ''
      let expected = ''
      for (const [text, body] of parts) {
        rendered += text + bodies.slot(Buffer.from(body))
        expected += text + body
      }
      assert.equal(bodies.join(rendered + tail).toString(), expected + tail)
    }),
  )
})

test('locked segments stay locked and the others become slots', () => {
  const bodies = new PageBodies()
  const view = bodies.slotted({
    hasPaidText: false,
    segments: [
      { kind: 'free', position: 0, html: Buffer.from('<p>免费</p>'), charCount: 2 },
      { kind: 'locked', position: 1, charCount: 9 },
    ],
  })
  assert.equal(view.segments[1]?.kind, 'locked')
  const free = view.segments[0]
  assert.ok(free?.kind === 'free')
  assert.equal(bodies.join(`[${free.html}]`).toString(), '[<p>免费</p>]')
})

test('pages longer than the scratch buffer, and pages joined one after another, come out whole', () => {
  const long = '长'.repeat(120_000)
  const first = new PageBodies()
  const joined = first.join(`<main>${long}${first.slot(Buffer.from('<p>正文</p>'))}</main>`)
  assert.equal(joined.toString(), `<main>${long}<p>正文</p></main>`)
  const second = new PageBodies()
  assert.equal(second.join(`<b>${second.slot(Buffer.from('短'))}</b>`).toString(), '<b>短</b>')
  assert.equal(joined.toString(), `<main>${long}<p>正文</p></main>`, 'the first page is not overwritten by the second')
})
