import { test } from 'node:test'
import assert from 'node:assert/strict'
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
