import { parseFragment } from 'parse5'
import { attachMarkers } from './marker-scan.ts'
import { closesRegion, type Marker } from './markers.ts'
import { SegmentBuilder, type RawSegment } from './segment-builder.ts'
import type { MarkupWarning, MarkupWarningCode } from './warnings.ts'

/** The shape of parse5's default tree that the splitter reads, plus the marker nodes the scan puts in it. */
export interface HtmlNode {
  nodeName: string
  tagName?: string
  value?: string
  attrs?: Array<{ name: string; value: string }>
  childNodes?: HtmlNode[]
  parentNode?: HtmlNode | null
  /** set on '#marker' nodes */
  marker?: Marker
}

const VOID = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'])
/** Void elements that are content by themselves (a paragraph holding only an image is not empty). */
const SOLID = new Set(['img', 'hr', 'embed', 'input'])
/** Elements that are removed with a marker that stands alone in them. */
const BLOCK = new Set(['p', 'div', 'section', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'li', 'pre', 'figure', 'span', 'strong', 'b', 'em', 'font'])

/** The warning each way of writing a marker earns; exact markers and the automatic cut earn none. */
const FORM_WARNING: Partial<Record<Marker['form'], MarkupWarningCode>> = {
  split: 'PAYWALL_MARKUP_SPLIT',
  near: 'PAYWALL_MARKUP_NEAR_MISS',
  hidden: 'PAYWALL_MARKUP_HIDDEN',
}

export function parseHtml(html: string): HtmlNode {
  return parseFragment(html) as unknown as HtmlNode
}

/** Parses sanitised HTML whose markers were tokenised, with each marker as a '#marker' node. */
export function parseMarkedHtml(html: string, markers: Marker[]): HtmlNode {
  const root = parseHtml(html)
  attachMarkers(root, markers, html)
  return root
}

/**
 * Walks sanitised HTML and cuts it into free and paid segments and pages at its
 * marker nodes. The state machine fails closed: a begin inside a paid region
 * continues it, an end outside one is dropped, an unclosed begin makes the rest
 * paid, and a near-miss marker can only ever open a region.
 */
export function splitHtml(fragment: HtmlNode, warnings: MarkupWarning[]): RawSegment[] {
  const out = new SegmentBuilder()
  const splitter = new Splitter(out, warnings)
  for (const child of fragment.childNodes ?? []) splitter.node(child)
  if (out.state.kind === 'paid' && splitter.sawExplicitBegin) warnings.push({ code: 'PAYWALL_MARKUP_UNCLOSED' })
  return out.finish()
}

class Splitter {
  sawExplicitBegin = false

  constructor(
    private readonly out: SegmentBuilder,
    private readonly warnings: MarkupWarning[],
  ) {}

  node(node: HtmlNode): void {
    if (node.marker) return this.marker(node.marker)
    if (node.nodeName === '#text') return this.text(node.value ?? '')
    if (!node.tagName) return // comments and doctypes are dropped
    const lone = BLOCK.has(node.tagName) ? loneMarker(node) : undefined
    if (lone) return this.marker(lone)
    const openTag = `<${node.tagName}${serializeAttrs(node.attrs ?? [])}>`
    if (VOID.has(node.tagName)) return this.out.void(openTag, SOLID.has(node.tagName))
    this.out.open(node.tagName, openTag)
    for (const child of node.childNodes ?? []) this.node(child)
    this.out.close()
  }

  private text(value: string): void {
    this.out.text(escapeText(value), value, isBlank(value))
  }

  private marker(marker: Marker): void {
    const { kind: current, page } = this.out.state
    const warning = FORM_WARNING[marker.form]
    if (warning) this.warnings.push({ code: warning, params: { marker: marker.text } })
    if (marker.kind === 'pagebreak') return this.out.boundary(current, page + 1)
    if (marker.kind === 'paidbegin') {
      if (marker.form !== 'auto') this.sawExplicitBegin = true
      if (current === 'paid') this.warnings.push({ code: 'PAYWALL_MARKUP_NESTED_BEGIN' })
      return this.out.boundary('paid', page)
    }
    // paidend: a near miss never ends a region (it would show more)
    if (!closesRegion(marker)) return
    if (current === 'free') return void this.warnings.push({ code: 'PAYWALL_MARKUP_STRAY_END' })
    this.out.boundary('free', page)
  }
}

/** A marker standing alone in a block (white space, &nbsp; and empty inline elements aside, no image) takes the block with it. */
function loneMarker(node: HtmlNode): Marker | undefined {
  let found: Marker | undefined
  let count = 0
  let other = false
  const visit = (n: HtmlNode): void => {
    if (n.marker) {
      found = n.marker
      count++
    } else if (n.nodeName === '#text') other ||= !isBlank(n.value ?? '')
    else if (n.tagName && SOLID.has(n.tagName)) other = true
    for (const c of n.childNodes ?? []) visit(c)
  }
  visit(node)
  return count === 1 && !other ? found : undefined
}

export function textOf(node: HtmlNode): string {
  if (node.nodeName === '#text') return node.value ?? ''
  return (node.childNodes ?? []).map(textOf).join('')
}

export function isBlank(value: string): boolean {
  return /^[\s\u00a0\u3000]*$/.test(value)
}

export function escapeText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\u00a0/g, '&nbsp;')
}

function serializeAttrs(attrs: Array<{ name: string; value: string }>): string {
  let s = ''
  for (const a of attrs) s += ` ${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`
  return s
}
