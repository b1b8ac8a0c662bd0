import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { compileBody, type CompiledBody } from './compile.ts'
import { sanitizeBody } from './sanitize.ts'
import { parseHtml, textOf } from './split-html.ts'
import { stripMarkers } from './markers.ts'

/*
 * A document is a tree of elements whose leaves are unique text tokens ("⟦17⟧") and
 * markers. A reference model reads the leaves in document order with the rules of
 * DESIGN.md, which says which tokens are paid; the compiler must agree, and must never
 * put a paid token in free output.
 */
type Kind = 'begin' | 'end' | 'break' | 'nearBegin' | 'nearEnd'
type Marker = { marker: string; kind: Kind }
type Leaf = { token: number } | Marker
type Node = { tag: string; children: Node[]; attr?: Marker } | Leaf

const EXACT: Marker[] = [
  { marker: '##paidbegin##', kind: 'begin' },
  { marker: '$$PAIDBEGIN$$', kind: 'begin' },
  { marker: '##PaidBegin##', kind: 'begin' },
  { marker: '##paidend##', kind: 'end' },
  { marker: '$$paidend$$', kind: 'end' },
  { marker: '##pagebreak##', kind: 'break' },
]
const NEAR: Marker[] = [
  { marker: '#paidbegin#', kind: 'nearBegin' },
  { marker: '##paid begin##', kind: 'nearBegin' },
  { marker: '$$paidbegin##', kind: 'nearBegin' },
  { marker: '##paid_end##', kind: 'nearEnd' },
  { marker: '#paidend#', kind: 'nearEnd' },
]
/** Markers an editor did not mean to misspell but a reader would read as markers: full-width, zero-width, full-width letters. */
const LOOKALIKE: Marker[] = [
  { marker: '＃＃paidbegin＃＃', kind: 'nearBegin' },
  { marker: '＄＄paidbegin＄＄', kind: 'nearBegin' },
  { marker: '##paid\u200bbegin##', kind: 'nearBegin' },
  { marker: '##ｐａｉｄｂｅｇｉｎ##', kind: 'nearBegin' },
  { marker: '\ufeff##paid\u200dbegin##', kind: 'nearBegin' },
  { marker: '##paidbegin', kind: 'nearBegin' },
  { marker: '＃＃paidend＃＃', kind: 'nearEnd' },
  { marker: '##paid\u200bend##', kind: 'nearEnd' },
  { marker: '##ＰＡＩＤＥＮＤ##', kind: 'nearEnd' },
]
/** Exact markers written another way: cut by inline elements (empty or not), or as character references. */
const SPLIT: Marker[] = [
  { marker: '##paid<b>begin</b>##', kind: 'begin' },
  { marker: '##paid<span></span>begin##', kind: 'begin' },
  { marker: '#<em>#</em>paidbegin<strong>#</strong>#', kind: 'begin' },
  { marker: '<b>##paid</b>begin##', kind: 'begin' },
  { marker: '$$paid<a href="/x">be</a>gin$$', kind: 'begin' },
  { marker: '&#35;&#35;paidbegin&#x23;&#35;', kind: 'begin' },
  { marker: '##paid<i>end</i>##', kind: 'end' },
  { marker: '##paid<span></span>end##', kind: 'end' },
  { marker: '&#36;&#36;paidend&#36;&#36;', kind: 'end' },
]
/** Markers where no reader sees them: they may open a region, never close one. */
const HIDDEN: Marker[] = [
  { marker: '<!--##paidbegin##-->', kind: 'nearBegin' },
  { marker: '<script>var a="##paidbegin##"</script>', kind: 'nearBegin' },
  { marker: '<span title="$$paidbegin$$"></span>', kind: 'nearBegin' },
  { marker: '<img alt="##paidbegin##" src="/i.png">', kind: 'nearBegin' },
  { marker: '<style>p{} /*＃＃paidbegin＃＃*/</style>', kind: 'nearBegin' },
  { marker: '<!-- ##paidend## -->', kind: 'nearEnd' },
  { marker: '<span title="##paidend##"></span>', kind: 'nearEnd' },
]
const ATTRIBUTE: Marker[] = [
  { marker: '##paidbegin##', kind: 'nearBegin' },
  { marker: '＄＄paidbegin＄＄', kind: 'nearBegin' },
  { marker: '##paidend##', kind: 'nearEnd' },
]
const ALL = [...EXACT, ...NEAR, ...LOOKALIKE, ...SPLIT, ...HIDDEN]

const BLOCKS = ['p', 'div', 'blockquote', 'section', 'li']
const INLINE = ['strong', 'em', 'span', 'a', 'b']

function docArb(markers: Marker[]): fc.Arbitrary<Node[]> {
  const leaf: fc.Arbitrary<Node> = fc.oneof({ weight: 5, arbitrary: fc.constant(null).map(() => ({ token: -1 }) as Node) }, { weight: 2, arbitrary: fc.constantFrom(...markers) as fc.Arbitrary<Node> })
  // now and then an element carries a marker in an attribute
  const attr = fc.option(fc.constantFrom(...ATTRIBUTE), { freq: 8, nil: undefined })
  const element = (tags: string[], child: fc.Arbitrary<Node>, maxLength: number) =>
    fc
      .record({ tag: fc.constantFrom(...tags), children: fc.array(child, { maxLength }), attr })
      .map((n): Node => (n.attr ? { tag: n.tag, children: n.children, attr: n.attr } : { tag: n.tag, children: n.children }))
  const tree = fc.letrec<{ node: Node; inline: Node }>((tie) => ({
    inline: fc.oneof({ depthSize: 'small' }, leaf, element(INLINE, tie('inline'), 3)),
    node: fc.oneof({ depthSize: 'small' }, leaf, element([...BLOCKS, ...INLINE], tie('node'), 4)),
  }))
  return fc.array(tree.node, { minLength: 1, maxLength: 8 })
}

/** Gives every text leaf a unique number, in document order. */
function number(doc: Node[]): Node[] {
  let n = 0
  const walk = (node: Node): Node => ('token' in node ? { token: n++ } : 'tag' in node ? { ...node, children: node.children.map(walk) } : node)
  return doc.map(walk)
}

const tok = (n: number) => `⟦${n}⟧字&<`
function render(nodes: Node[]): string {
  return nodes
    .map((node) => {
      if ('token' in node) return tok(node.token).replace(/&/g, '&amp;').replace(/</g, '&lt;')
      if ('marker' in node) return node.marker
      const inner = render(node.children)
      const attr = node.attr ? ` title="${node.attr.marker}"` : ''
      if (node.tag === 'li') return `<ul><li${attr}>${inner}</li></ul>`
      if (node.tag === 'a') return `<a${attr} href="https://x.example/?a=1&amp;b=2">${inner}</a>`
      return `<${node.tag}${attr}>${inner}</${node.tag}>`
    })
    .join(' ')
}

/** The reference reading: which tokens are paid. */
function reference(nodes: Node[]): { paid: Set<number>; free: Set<number> } {
  const paid = new Set<number>()
  const free = new Set<number>()
  let inPaid = false
  const apply = (marker: Marker) => {
    if (marker.kind === 'begin' || marker.kind === 'nearBegin') inPaid = true
    else if (marker.kind === 'end') inPaid = false
  }
  const walk = (node: Node) => {
    if ('token' in node) (inPaid ? paid : free).add(node.token)
    else if ('marker' in node) apply(node)
    else {
      if (node.attr) apply(node.attr)
      node.children.forEach(walk)
    }
  }
  nodes.forEach(walk)
  return { paid, free }
}

const tokensIn = (html: string) => new Set([...html.matchAll(/⟦(\d+)⟧/g)].map((m) => Number(m[1])))
const freeHtml = (c: CompiledBody) =>
  c.segments
    .filter((s) => s.kind === 'free')
    .map((s) => s.html)
    .join('')
const compileHtml = (html: string, price = 0) => compileBody({ source: html, format: 'html', price, previewShare: 0.3 })

function assertBalanced(html: string): void {
  const stack: string[] = []
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    const [, close, tag] = m
    if (['br', 'img', 'hr'].includes(tag!)) continue
    if (close) assert.equal(stack.pop(), tag, `unbalanced </${tag}> in ${html}`)
    else stack.push(tag!)
  }
  assert.deepEqual(stack, [], `unclosed elements in ${html}`)
}

const squash = (s: string) => s.replace(/\s+/g, '')

test('no character of a paid region ever reaches the free output, and every token lands where the rules say', () => {
  fc.assert(
    fc.property(docArb(ALL).map(number), (doc) => {
      const c = compileHtml(render(doc))
      const expected = reference(doc)
      const inFree = tokensIn(freeHtml(c))
      const inPaid = tokensIn(
        c.segments
          .filter((s) => s.kind === 'paid')
          .map((s) => s.html)
          .join(''),
      )
      assert.deepEqual([...inFree].sort(), [...expected.free].sort())
      assert.deepEqual([...inPaid].sort(), [...expected.paid].sort())
      for (const s of c.segments) {
        assertBalanced(s.html)
        assert.equal(stripMarkers(s.html), s.html, `a marker left in ${s.html}`)
      }
    }),
    { numRuns: 1000 },
  )
})

test('a priced post never goes out free: whatever its markers, something is paid and no intended paid text is free', () => {
  fc.assert(
    fc.property(docArb(ALL).map(number), (doc) => {
      const c = compileHtml(render(doc), 500)
      const expected = reference(doc)
      const inFree = tokensIn(freeHtml(c))
      for (const t of inFree) assert.ok(!expected.paid.has(t), `paid token ${t} is free`)
      // an image is something to buy too: a region holding only an image keeps it paid
      const paidImage = c.segments.some((s) => s.kind === 'paid' && s.html.includes('<img'))
      if (expected.free.size + expected.paid.size > 0) assert.ok(c.paidCharCount > 0 || paidImage, 'a priced post with text has paid content')
    }),
    { numRuns: 600 },
  )
})

test('free and paid outputs put back in order give the sanitised text', () => {
  fc.assert(
    fc.property(docArb(ALL).map(number), (doc) => {
      const html = render(doc)
      const c = compileHtml(html)
      const back = c.segments.map((s) => textOf(parseHtml(s.html))).join('')
      assert.equal(squash(back), squash(stripMarkers(textOf(parseHtml(sanitizeBody(html))))))
    }),
    { numRuns: 300 },
  )
})

test('broken markup never shows more than the well-formed reading would', () => {
  const wellFormed = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 2, maxLength: 6 }).map((cuts) => {
    // a flat document of paragraphs with balanced regions at the cut points
    const doc: Node[] = []
    const at = [...new Set(cuts)].sort((a, b) => a - b)
    let open = false
    for (let i = 0; i <= 12; i++) {
      if (at.includes(i)) {
        doc.push({ tag: 'p', children: [open ? EXACT[3]! : EXACT[0]!] })
        open = !open
      }
      doc.push({ tag: 'p', children: [{ token: i }] })
    }
    if (open) doc.push({ tag: 'p', children: [EXACT[3]!] })
    return doc
  })
  const breakage = fc.record({ index: fc.nat(), how: fc.constantFrom('drop', 'sloppy', 'double', 'stray') })
  fc.assert(
    fc.property(wellFormed, breakage, (doc, { index, how }) => {
      const markerPaths = doc.flatMap((n, i) => ('tag' in n && n.children[0] && 'marker' in n.children[0] ? [i] : []))
      if (!markerPaths.length) return
      const i = markerPaths[index % markerPaths.length]!
      const broken = structuredClone(doc)
      const target = broken[i] as { tag: string; children: Node[] }
      const m = target.children[0] as Marker
      if (how === 'drop' && m.kind === 'end') broken.splice(i, 1)
      if (how === 'sloppy') target.children[0] = m.kind === 'begin' ? NEAR[0]! : NEAR[3]!
      if (how === 'double') broken.splice(i, 0, structuredClone(target))
      if (how === 'stray') broken.push({ tag: 'p', children: [EXACT[3]!] }, { tag: 'p', children: [{ token: 99 }] })
      const good = tokensIn(freeHtml(compileHtml(render(doc), 100)))
      const bad = tokensIn(freeHtml(compileHtml(render(broken), 100)))
      for (const t of bad) if (t !== 99) assert.ok(good.has(t), `broken markup showed token ${t}`)
    }),
    { numRuns: 400 },
  )
})

test('plain text with random marker lines never shows a paid line', () => {
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.constant('T') },
    { weight: 1, arbitrary: fc.constantFrom(...EXACT.map((m) => m.marker), '#paidbegin#', '＃＃paidbegin＃＃', '##paid\u200bbegin##', '＃＃paidend＃＃', '&#35;&#35;paidbegin&#35;&#35;') },
  )
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.boolean(), (lines, indent) => {
      let n = 0
      let paid = false
      const paidTokens = new Set<number>()
      const text = lines
        .map((l) => {
          if (l !== 'T') {
            if (/begin/i.test(l) && !l.startsWith('&')) paid = true
            else if (/^(##paidend##|\$\$paidend\$\$)$/i.test(l)) paid = false
            return l
          }
          if (paid) paidTokens.add(n)
          return `${indent ? '　　' : ''}⟦${n++}⟧正文`
        })
        .join('\n')
      const c = compileBody({ source: text, format: 'text', price: 0, previewShare: 0.3 })
      for (const t of tokensIn(freeHtml(c))) assert.ok(!paidTokens.has(t))
    }),
    { numRuns: 300 },
  )
})
