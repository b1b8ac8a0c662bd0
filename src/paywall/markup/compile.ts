import { countChars, countWords } from '../../shared/text.ts'
import { insertPreviewCut } from './auto-preview.ts'
import { findMarkers } from './markers.ts'
import { sanitizeBody } from './sanitize.ts'
import type { SegmentKind } from './segment-builder.ts'
import { sourceToHtml, type BodyFormat } from './source-to-html.ts'
import { parseHtml, splitHtml, textOf } from './split-html.ts'
import type { MarkupWarning } from './warnings.ts'

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
  /** the sanitised body, markers still in it: what the editor gets back */
  sanitizedHtml: string
  segments: CompiledSegment[]
  pageCount: number
  freeText: string
  freeCharCount: number
  paidCharCount: number
  wordCount: number
  warnings: MarkupWarning[]
}

/** Compiles a body once, at write time, into free and paid segments and pages. */
export function compileBody(input: CompileInput): CompiledBody {
  const warnings: MarkupWarning[] = []
  const sanitizedHtml = sanitizeBody(sourceToHtml(input.source, input.format))
  const fragment = parseHtml(sanitizedHtml)
  const hasBegin = findMarkers(textOf(fragment)).some((m) => m.kind === 'paidbegin')
  const automatic = input.price > 0 && !hasBegin
  if (automatic) {
    if (insertPreviewCut(fragment, clampShare(input.previewShare))) warnings.push({ code: 'PAYWALL_AUTO_PREVIEW' })
    else {
      fragment.childNodes?.unshift({ nodeName: '#text', value: '##paidbegin##' })
      warnings.push({ code: 'PAYWALL_ALL_PAID' })
    }
  }
  const raw = splitHtml(fragment, warnings)
  // the automatic cut opens a region on purpose: it is not an unclosed marker
  if (automatic) removeWarning(warnings, 'PAYWALL_MARKUP_UNCLOSED')
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
  if (input.price === 0 && paid.length) warnings.push({ code: 'PAYWALL_FREE_POST_HAS_REGIONS' })
  if (input.price > 0 && paidCharCount === 0) warnings.push({ code: 'PAYWALL_PAID_POST_NO_PAID_TEXT' })
  return {
    sanitizedHtml,
    segments,
    pageCount: Math.max(1, pageNumbers.length),
    freeText: free.map((s) => s.text).join('\n'),
    freeCharCount: free.reduce((n, s) => n + s.charCount, 0),
    paidCharCount,
    wordCount: countWords(segments.map((s) => s.text).join('\n')),
    warnings,
  }
}

function removeWarning(warnings: MarkupWarning[], code: MarkupWarning['code']): void {
  const i = warnings.findIndex((w) => w.code === code)
  if (i >= 0) warnings.splice(i, 1)
}

function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0.3
}
