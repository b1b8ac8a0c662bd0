import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { compileBody, type CompileInput } from './markup/compile.ts'
import type { MarkupWarning } from './markup/warnings.ts'

/** One piece of the preview: free HTML as a non-payer reads it, or the place and size of a paid region. */
export type PreviewSegment = { page: number; kind: 'free'; html: string } | { page: number; kind: 'paid'; charCount: number }

export interface BodyPreview {
  pageCount: number
  segments: PreviewSegment[]
  freeCharCount: number
  paidCharCount: number
  paidRegionCount: number
  warnings: MarkupWarning[]
}

/**
 * What a non-payer will see of a body, from the compiler that saves it (试读预览 in
 * the editor): nothing is stored. The paid regions come back as their size only,
 * so the preview shows exactly the page a visitor gets. Anyone who may write a
 * post may preview one: the text is their own.
 */
export function previewBody(actor: Actor, input: CompileInput): BodyPreview {
  authorize(actor, 'post.write-own')
  const compiled = compileBody(input)
  return {
    pageCount: compiled.pageCount,
    segments: compiled.segments.map((s): PreviewSegment => (s.kind === 'free' ? { page: s.page, kind: 'free', html: s.html } : { page: s.page, kind: 'paid', charCount: s.charCount })),
    freeCharCount: compiled.freeCharCount,
    paidCharCount: compiled.paidCharCount,
    paidRegionCount: compiled.segments.filter((s) => s.kind === 'paid').length,
    warnings: compiled.warnings,
  }
}
