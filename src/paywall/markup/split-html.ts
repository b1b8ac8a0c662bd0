import { parseFragment } from 'parse5'
import { findMarkers, type MarkerKind } from './markers.ts'
import { SegmentBuilder, type RawSegment } from './segment-builder.ts'
import type { MarkupWarning } from './warnings.ts'

/** The shape of parse5's default tree that the splitter reads. */
export interface HtmlNode {
  nodeName: string
  tagName?: string
  value?: string
  attrs?: Array<{ name: string; value: string }>
  childNodes?: HtmlNode[]
  parentNode?: HtmlNode | null
}

const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
/** Void elements that are content by themselves (a paragraph holding only an image is not empty). */
const SOLID = new Set(['img', 'hr', 'embed', 'input'])
/** Elements that are removed with a marker that stands alone in them. */
const BLOCK = new Set(['p', 'div', 'section', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'pre', 'figure', 'span', 'strong', 'b', 'em', 'font'])

export function parseHtml(html: string): HtmlNode {
  return parseFragment(html) as unknown as HtmlNode
}

/**
 * Walks sanitised HTML and cuts it into free and paid segments and pages.
 * The state machine fails closed: a begin inside a paid region continues it,
 * an end outside one is dropped, an unclosed begin makes the rest paid, and a
 * near-miss marker can only ever open a region.
 */
export function splitHtml(fragment: HtmlNode, warnings: MarkupWarning[]): RawSegment[] {
  const out = new SegmentBuilder()
  const splitter = new Splitter(out, warnings)
  for (const child of fragment.childNodes ?? []) {
    // A marker cut in two by inline tags ("##paid<b>begin</b>##") is seen only in the
    // block's whole text; fail closed: the block and all after it become paid.
    if (child.tagName && !(BLOCK.has(child.tagName) && loneMarker(child)) && hasSplitMarker(child)) splitter.splitMarkerBefore(child)
    splitter.node(child)
  }
  if (out.state.kind === 'paid' && splitter.sawExplicitBegin) warnings.push({ code: 'PAYWALL_MARKUP_UNCLOSED' })
  return out.finish()
}

class Splitter {
  sawExplicitBegin = false

  constructor(private readonly out: SegmentBuilder, private readonly warnings: MarkupWarning[]) {}

  node(node: HtmlNode): void {
    if (node.nodeName === '#text') return this.text(node.value ?? '')
    if (!node.tagName) return // comments and doctypes are dropped
    const lone = BLOCK.has(node.tagName) ? loneMarker(node) : undefined
    if (lone) return this.marker(lone.kind, lone.exact, lone.text)
    const openTag = `<${node.tagName}${serializeAttrs(node.attrs ?? [])}>`
    if (VOID.has(node.tagName)) return this.out.void(openTag, SOLID.has(node.tagName))
    this.out.open(node.tagName, openTag)
    for (const child of node.childNodes ?? []) this.node(child)
    this.out.close()
  }

  splitMarkerBefore(node: HtmlNode): void {
    this.marker('paidbegin', false, textOf(node).slice(0, 40))
  }

  private text(value: string): void {
    let at = 0
    for (const m of findMarkers(value)) {
      this.emitText(value.slice(at, m.index))
      this.marker(m.kind, m.exact, m.text)
      at = m.index + m.length
    }
    this.emitText(value.slice(at))
  }

  private emitText(value: string): void {
    this.out.text(escapeText(value), value, isBlank(value))
  }

  private marker(kind: MarkerKind, exact: boolean, text: string): void {
    const { kind: current, page } = this.out.state
    if (!exact) this.warnings.push({ code: 'PAYWALL_MARKUP_NEAR_MISS', params: { marker: text } })
    if (kind === 'pagebreak') return this.out.boundary(current, page + 1)
    if (kind === 'paidbegin') {
      this.sawExplicitBegin = true
      if (current === 'paid') this.warnings.push({ code: 'PAYWALL_MARKUP_NESTED_BEGIN' })
      return this.out.boundary('paid', page)
    }
    // paidend: a near miss never ends a region (it would show more)
    if (!exact) return
    if (current === 'free') return void this.warnings.push({ code: 'PAYWALL_MARKUP_STRAY_END' })
    this.out.boundary('free', page)
  }
}

/** A marker standing alone in a block (white space and &nbsp; aside, no image) takes the block with it. */
function loneMarker(node: HtmlNode): { kind: MarkerKind; exact: boolean; text: string } | undefined {
  let text = ''
  let solid = false
  const visit = (n: HtmlNode): void => {
    if (n.nodeName === '#text') text += n.value ?? ''
    else if (n.tagName && SOLID.has(n.tagName)) solid = true
    for (const c of n.childNodes ?? []) visit(c)
  }
  visit(node)
  if (solid) return undefined
  const trimmed = text.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '')
  const found = findMarkers(trimmed)
  const only = found[0]
  if (found.length !== 1 || !only || only.length !== trimmed.length) return undefined
  return { kind: only.kind, exact: only.exact, text: only.text }
}

export function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return node.value ?? ''
  return (node.childNodes ?? []).map(textOf).join('')
}

function markersInNodes(node: HtmlNode): number {
  if (node.nodeName === '#text') return findMarkers(node.value ?? '').length
  return (node.childNodes ?? []).reduce((n, c) => n + markersInNodes(c), 0)
}

function hasSplitMarker(node: HtmlNode): boolean {
  const whole = findMarkers(textOf(node)).length
  return whole > markersInNodes(node)
}

export function isBlank(value: string): boolean {
  return /^[\s\u00a0\u3000]*$/.test(value)
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;')
}

function serializeAttrs(attrs: Array<{ name: string; value: string }>): string {
  let s = ''
  for (const a of attrs) s += ` ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`
  return s
}
