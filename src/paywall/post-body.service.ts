import type { BodyInput, BodySummary, BodyWriter } from '../content/index.ts'
import { replacePostSegments } from '../content/index.ts'
import type { Trx } from '../platform/db/database.ts'
import { mediaKeysIn, replaceMediaRefs } from '../media/index.ts'
import { excerpt, squashSpace } from '../shared/text.ts'
import { compileBody, type CompiledBody } from './markup/compile.ts'
import { findSourceIn, putSource, replacePaidSegments } from './paid-segment.repository.ts'

const DESCRIPTION_CHARS = 120
/** A custom description sharing this many characters in a row with paid text quotes it. */
const QUOTE_WINDOW = 12

/**
 * Compiles a body at write time and stores its two sides apart: free segments
 * (and the places of paid regions) in content's table, paid text in ours, the
 * source in ours. The description is derived from free text only.
 */
export interface BodyWriterDeps {
  previewShare: () => number
  /**
   * Called in the save transaction with the compiled text, free and paid, for
   * the search index (which stores tokens, never text). The only place paid
   * text leaves this module without an entitlement; search/ never shows it.
   */
  indexText?: (trx: Trx, postId: number, text: IndexText) => Promise<void>
}

export interface IndexText {
  free: string
  paid: string
}

export function createBodyWriter(deps: BodyWriterDeps): BodyWriter {
  return async (trx, postId, body) => {
    const compiled = compileBody({ source: body.source, format: body.format, price: body.price, previewShare: body.previewShare ?? deps.previewShare() })
    await replacePostSegments(
      trx,
      postId,
      compiled.segments.map((s) =>
        s.kind === 'free' ? { kind: 'free', position: s.position, page: s.page, html: s.html, charCount: s.charCount } : { kind: 'paid', position: s.position, page: s.page, charCount: s.charCount },
      ),
    )
    await replacePaidSegments(
      trx,
      postId,
      compiled.segments.filter((s) => s.kind === 'paid').map((s) => ({ position: s.position, html: s.html, charCount: s.charCount })),
    )
    await putSource(trx, postId, body.format, body.source, body.saved)
    // which uploaded files the body uses, and whether from a paid region: such a file is paid content (media access)
    const paidKeys = compiled.segments.filter((s) => s.kind === 'paid').flatMap((s) => mediaKeysIn(s.html))
    const freeKeys = [...compiled.segments.filter((s) => s.kind === 'free').flatMap((s) => mediaKeysIn(s.html)), ...mediaKeysIn(body.coverUrl ?? '')]
    await replaceMediaRefs(trx, postId, { free: [...new Set(freeKeys)], paid: [...new Set(paidKeys)] })
    if (deps.indexText) {
      const paid = compiled.segments
        .filter((s) => s.kind === 'paid')
        .map((s) => s.text)
        .join('\n')
      await deps.indexText(trx, postId, { free: compiled.freeText, paid })
    }
    const warnings: BodySummary['warnings'] = [...compiled.warnings]
    const description = chooseDescription(compiled, body.customDescription, warnings)
    return {
      description,
      wordCount: compiled.wordCount,
      freeCharCount: compiled.freeCharCount,
      paidCharCount: compiled.paidCharCount,
      pageCount: compiled.pageCount,
      paidRegionCount: compiled.segments.filter((s) => s.kind === 'paid').length,
      // the automatic split, cut by the share (or all paid when the text had no place to cut)
      autoPreview: compiled.warnings.some((w) => w.code === 'PAYWALL_AUTO_PREVIEW' || w.code === 'PAYWALL_ALL_PAID'),
      warnings,
    }
  }
}

/**
 * Compiles a post's stored source again with a writer (a new preview share): the
 * source is read in the write's transaction and never leaves this module.
 * Undefined when the post has no stored source.
 */
export function rewriteStoredBody(writeBody: BodyWriter) {
  return async (trx: Trx, postId: number, body: Omit<BodyInput, 'source' | 'format'>): Promise<BodySummary | undefined> => {
    const stored = await findSourceIn(trx, postId)
    return stored ? writeBody(trx, postId, { ...body, source: stored.source, format: stored.format }) : undefined
  }
}

function chooseDescription(compiled: CompiledBody, custom: string | undefined, warnings: BodySummary['warnings']): string {
  const auto = excerpt(compiled.freeText, DESCRIPTION_CHARS)
  const text = squashSpace(custom ?? '')
  if (!text) return auto
  if (quotesPaidText(text, compiled)) {
    warnings.push({ code: 'PAYWALL_DESCRIPTION_QUOTES_PAID' })
    return auto
  }
  return text.slice(0, 300)
}

export function quotesPaidText(text: string, compiled: CompiledBody): boolean {
  const paid = compiled.segments
    .filter((s) => s.kind === 'paid')
    .map((s) => squashSpace(s.text))
    .join('\n')
  if (!paid) return false
  const chars = Array.from(text)
  if (chars.length < QUOTE_WINDOW) return paid.includes(text)
  for (let i = 0; i + QUOTE_WINDOW <= chars.length; i++) {
    if (paid.includes(chars.slice(i, i + QUOTE_WINDOW).join(''))) return true
  }
  return false
}
