import { parseFragment, serialize } from 'parse5'
import { findMarkerSpans, foldText, isExactMarker, type Marker } from './markers.ts'
import { HIDDEN_CONTENT } from './sanitize.ts'
import type { HtmlNode } from './split-html.ts'

/**
 * Finds every paywall marker in a body, whatever form it takes, and replaces it
 * with a token (private-use characters around its number) that survives the
 * sanitiser as plain text. After sanitising, `attachMarkers` turns the tokens into
 * marker nodes, the only thing the splitter acts on.
 *
 * Markers are matched in the text a reader sees, read across element boundaries,
 * so a marker cut by inline tags (`##paid<b>begin</b>##`, `##paid<span></span>begin##`)
 * is found wherever it stands, top level included. Markers where a reader sees
 * nothing (comments, attributes, scripts and the other elements the sanitiser
 * empties) would vanish with them and leave their region public: they are taken
 * out and put before the element as near misses, which can open a region and
 * never close one.
 */
const TOKEN_OPEN = '\ue000'
const TOKEN_CLOSE = '\ue001'
const TOKEN = /\ue000(\d+)\ue001/g
const TOKEN_CHARS = /[\ue000\ue001]/g
/**
 * Every marker has a delimiter that folds to # or $: these characters, or a character
 * reference (which spells # and $ with a # or by name). A body without any holds no marker.
 */
const DELIMITER = /[#$\uff03\uff04\ufe5f\ufe69]|&(num|dollar);/i

/** Elements inside which a marker split in two is a near miss: the reader sees two lines, not one marker. */
const BOUNDARY = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'embed',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'img',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
])

export interface TokenizedBody {
  html: string
  markers: Marker[]
}

/** Tokenises the markers of a body's HTML, before it is sanitised. */
export function tokenizeMarkers(html: string): TokenizedBody {
  const clean = html.replace(TOKEN_CHARS, '')
  if (!DELIMITER.test(clean)) return { html: clean, markers: [] }
  const root = parseFragment(clean) as unknown as HtmlNode
  const markers: Marker[] = []
  hoistHidden(root, markers)
  tokenizeStream(root, markers)
  return { html: serialize(root as never), markers }
}

/**
 * Turns the tokens in sanitised, parsed HTML into marker nodes. Marker text the
 * sanitiser may have joined (it should find none) is tokenised first, so nothing
 * that reads as a marker reaches the splitter as text.
 */
export function attachMarkers(root: HtmlNode, markers: Marker[], html: string): void {
  if (DELIMITER.test(html)) tokenizeStream(root, markers)
  if (!html.includes(TOKEN_OPEN)) return
  const visit = (node: HtmlNode): void => {
    const children = node.childNodes
    if (!children) return
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as HtmlNode
      if (child.nodeName !== '#text') {
        visit(child)
        continue
      }
      const value = child.value ?? ''
      if (!value.includes(TOKEN_OPEN)) continue
      const parts: HtmlNode[] = []
      let at = 0
      for (const m of value.matchAll(TOKEN)) {
        if ((m.index ?? 0) > at) parts.push({ nodeName: '#text', value: value.slice(at, m.index), parentNode: node })
        const marker = markers[Number(m[1])]
        if (marker) parts.push({ nodeName: '#marker', marker, parentNode: node })
        at = (m.index ?? 0) + m[0].length
      }
      if (at < value.length) parts.push({ nodeName: '#text', value: value.slice(at), parentNode: node })
      children.splice(i, 1, ...parts)
      i += parts.length - 1
    }
  }
  visit(root)
}

function token(markers: Marker[], marker: Marker): string {
  markers.push(marker)
  return `${TOKEN_OPEN}${markers.length - 1}${TOKEN_CLOSE}`
}

/** Markers in a string no reader sees: each becomes a hidden marker; returns the string without them. */
function takeHidden(text: string, found: Marker[]): string {
  const { folded, from, to } = foldText(text)
  const spans = findMarkerSpans(folded)
  if (!spans.length) return text
  let out = ''
  let at = 0
  for (const span of spans) {
    const start = from[span.start] ?? 0
    const end = to[span.end - 1] ?? start
    found.push({ kind: span.kind, form: 'hidden', text: text.slice(start, end) })
    out += text.slice(at, start)
    at = end
  }
  return out + text.slice(at)
}

function hoistHidden(node: HtmlNode, markers: Marker[]): void {
  const children = node.childNodes
  if (!children) return
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as HtmlNode & { data?: string; content?: HtmlNode }
    const found: Marker[] = []
    if (child.nodeName === '#comment') takeHidden(child.data ?? '', found)
    for (const attr of child.attrs ?? []) attr.value = takeHidden(attr.value, found)
    const hidden = child.tagName !== undefined && HIDDEN_CONTENT.has(child.tagName)
    if (hidden) takeHidden(textContent(child.content ?? child), found)
    else hoistHidden(child, markers)
    if (!found.length) continue
    const before: HtmlNode = { nodeName: '#text', value: found.map((m) => token(markers, m)).join(''), parentNode: node }
    if (child.nodeName === '#comment') children.splice(i, 1, before)
    else children.splice(i++, 0, before)
  }
}

function textContent(node: HtmlNode): string {
  if (node.nodeName === '#text') return node.value ?? ''
  return (node.childNodes ?? []).map(textContent).join('')
}

interface Piece {
  node: HtmlNode
  /** the run of inline content the text belongs to; a boundary element starts a new one */
  run: number
}

function collectText(node: HtmlNode, pieces: Piece[], run: { n: number }): void {
  for (const child of node.childNodes ?? []) {
    if (child.nodeName === '#text') pieces.push({ node: child, run: run.n })
    else if (child.tagName && !HIDDEN_CONTENT.has(child.tagName)) {
      const boundary = BOUNDARY.has(child.tagName)
      if (boundary) run.n++
      collectText(child, pieces, run)
      if (boundary) run.n++
    }
  }
}

interface Edit {
  start: number
  end: number
  token: string
}

/** Finds markers in the text stream (across element boundaries) and puts a token where each began. */
function tokenizeStream(root: HtmlNode, markers: Marker[]): void {
  const pieces: Piece[] = []
  collectText(root, pieces, { n: 0 })
  const folds = pieces.map((p) => foldText(p.node.value ?? ''))
  // the whole stream, and for each folded character the piece it came from
  const owner: number[] = []
  let stream = ''
  folds.forEach((f, i) => {
    stream += f.folded
    for (let k = 0; k < f.folded.length; k++) owner.push(i)
  })
  const spans = findMarkerSpans(stream)
  if (!spans.length) return
  const offsetOf: number[] = []
  let base = 0
  for (const f of folds) {
    offsetOf.push(base)
    base += f.folded.length
  }
  const edits = new Map<number, Edit[]>()
  for (const span of spans) {
    // each piece the marker touches loses the marker's characters; the first one gets the token
    const touched = new Map<number, { start: number; end: number }>()
    for (let k = span.start; k < span.end; k++) {
      const p = owner[k] as number
      const local = k - (offsetOf[p] as number)
      const f = folds[p] as ReturnType<typeof foldText>
      const range = touched.get(p)
      if (range) range.end = f.to[local] as number
      else touched.set(p, { start: f.from[local] as number, end: f.to[local] as number })
    }
    const ids = [...touched.keys()]
    const original = ids.map((p) => (pieces[p]?.node.value ?? '').slice(touched.get(p)?.start, touched.get(p)?.end)).join('')
    const sameRun = ids.every((p) => pieces[p]?.run === pieces[ids[0] as number]?.run)
    const form = !isExactMarker(original) || !sameRun ? 'near' : ids.length === 1 ? 'exact' : 'split'
    const tok = token(markers, { kind: span.kind, form, text: original })
    ids.forEach((p, n) => {
      const range = touched.get(p) as { start: number; end: number }
      const list = edits.get(p) ?? []
      list.push({ ...range, token: n === 0 ? tok : '' })
      edits.set(p, list)
    })
  }
  for (const [p, list] of edits) {
    const node = (pieces[p] as Piece).node
    let value = node.value ?? ''
    for (const e of list.sort((a, b) => b.start - a.start)) value = value.slice(0, e.start) + e.token + value.slice(e.end)
    node.value = value
  }
}
