import { countChars, countWords } from '../../shared/text.ts'
import { autoBegin, insertPreviewCut } from './auto-preview.ts'
import { tokenizeMarkers } from './marker-scan.ts'
import { sanitizeBody } from './sanitize.ts'
import type { RawSegment, SegmentKind } from './segment-builder.ts'
import { sourceToHtml, type BodyFormat } from './source-to-html.ts'
import { parseMarkedHtml, splitHtml, type HtmlNode } from './split-html.ts'
import type { MarkupWarning, MarkupWarningCode } from './warnings.ts'

export interface CompileInput {
  source: string
  format: BodyFormat
  /** price in 分; a priced post without markers gets an automatic preview */
  price: number
  /** share of the text an automatic preview shows, 0..1 */
  previewShare: number
}

export interface CompiledSegment {
  position: number
  page: number
  kind: SegmentKind
  html: string
  text: string
  charCount: number
}

export interface CompiledBody {
  segments: CompiledSegment[]
  pageCount: number
  freeText: string
  freeCharCount: number
  paidCharCount: number
  wordCount: number
  warnings: MarkupWarning[]
}

/** Warnings about how markers were written: they stay when the markers are set aside for an automatic preview. */
const FORM_WARNINGS = new Set<MarkupWarningCode>(['PAYWALL_MARKUP_NEAR_MISS', 'PAYWALL_MARKUP_SPLIT', 'PAYWALL_MARKUP_HIDDEN'])

/**
 * Compiles a body once, at write time, into free and paid segments and pages.
 * Fails closed: a priced post whose markers enclose nothing a reader could buy
 * (no region, or only empty ones) is not published free; it gets the automatic
 * preview, and the warnings say why.
 */
export function compileBody(input: CompileInput): CompiledBody {
  const { html, markers } = tokenizeMarkers(sourceToHtml(input.source, input.format))
  const fragment = parseMarkedHtml(sanitizeBody(html), markers)
  const warnings: MarkupWarning[] = []
  const explicit = input.price === 0 || markers.some((m) => m.kind === 'paidbegin') ? splitHtml(fragment, warnings) : undefined
  if (explicit && (input.price === 0 || hasPaidContent(explicit))) return summarise(explicit, input.price, warnings)
  const kept = warnings.filter((w) => FORM_WARNINGS.has(w.code))
  if (explicit) kept.push({ code: 'PAYWALL_MARKERS_EMPTY' })
  return summarise(splitAutomatically(fragment, clampShare(input.previewShare), kept), input.price, kept)
}

/** The markers set aside (page breaks kept), the first share of the text free and the rest paid. */
function splitAutomatically(fragment: HtmlNode, share: number, warnings: MarkupWarning[]): RawSegment[] {
  removePaidMarkers(fragment)
  if (insertPreviewCut(fragment, share)) warnings.push({ code: 'PAYWALL_AUTO_PREVIEW' })
  else {
    fragment.childNodes?.unshift(autoBegin())
    warnings.push({ code: 'PAYWALL_ALL_PAID' })
  }
  // the markers' own warnings were given on the first reading
  return splitHtml(fragment, [])
}

function summarise(raw: RawSegment[], price: number, warnings: MarkupWarning[]): CompiledBody {
  const pageNumbers = [...new Set(raw.map((s) => s.page))]
  const segments: CompiledSegment[] = raw.map((s, position) => ({
    position,
    page: pageNumbers.indexOf(s.page) + 1,
    kind: s.kind,
    html: s.html,
    text: s.text,
    charCount: countChars(s.text),
  }))
  const free = segments.filter((s) => s.kind === 'free')
  const paid = segments.filter((s) => s.kind === 'paid')
  const paidCharCount = paid.reduce((n, s) => n + s.charCount, 0)
  if (price === 0 && paid.length) warnings.push({ code: 'PAYWALL_FREE_POST_HAS_REGIONS' })
  if (price > 0 && paidCharCount === 0) warnings.push({ code: 'PAYWALL_PAID_POST_NO_PAID_TEXT' })
  return {
    segments,
    pageCount: Math.max(1, pageNumbers.length),
    freeText: free.map((s) => s.text).join('\n'),
    freeCharCount: free.reduce((n, s) => n + s.charCount, 0),
    paidCharCount,
    wordCount: countWords(segments.map((s) => s.text).join('\n')),
    warnings,
  }
}

/** Something a buyer would get: text, or an image. */
function hasPaidContent(raw: RawSegment[]): boolean {
  return raw.some((s) => s.kind === 'paid' && (!/^[\s\u00a0\u3000]*$/.test(s.text) || /<(img|embed)\b/.test(s.html)))
}

function removePaidMarkers(node: HtmlNode): void {
  const children = node.childNodes
  if (!children) return
  for (let i = children.length - 1; i >= 0; i--) {
    const child = children[i] as HtmlNode
    if (child.marker && child.marker.kind !== 'pagebreak') children.splice(i, 1)
    else removePaidMarkers(child)
  }
}

function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0.3
}
