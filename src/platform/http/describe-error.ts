import { t, type Locale } from '../i18n/t.ts'
import { AppError } from './app-error.ts'

export interface DescribedError {
  status: number
  code: string
  message: string
  fields?: Array<{ path: string; rule: string }>
  /** true when the error is ours to fix (5xx): logged with its stack */
  internal: boolean
  /** seconds to wait before trying again (a 429), for the Retry-After header */
  retryAfter?: number
}

interface FastifyLikeError {
  statusCode?: number
  code?: string
  validation?: Array<{ instancePath?: string; keyword?: string; params?: Record<string, unknown>; message?: string }>
  validationContext?: string
}

/**
 * Maps anything thrown to what a client may see. Only AppError codes, validation
 * details (paths and rule names, never values) and generic HTTP codes come out;
 * an unexpected error becomes INTERNAL with no message of its own.
 */
export function describeError(error: unknown, locale: Locale): DescribedError {
  if (error instanceof AppError) {
    const d: DescribedError = { status: error.status, code: error.code, message: t(locale, error.code, error.params), internal: false }
    const { seconds, minutes } = error.params
    if (error.status === 429) d.retryAfter = typeof seconds === 'number' ? seconds : typeof minutes === 'number' ? minutes * 60 : 60
    return d
  }
  const e = (error ?? {}) as FastifyLikeError
  if (Array.isArray(e.validation)) {
    const fields = e.validation.map((v) => ({
      path: `${e.validationContext ?? 'request'}${v.instancePath || (typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '')}`,
      rule: v.keyword ?? 'invalid',
    }))
    const detail = fields.map((f) => `${f.path} (${f.rule})`).join(', ')
    return { status: 400, code: 'VALIDATION_FAILED', message: t(locale, 'VALIDATION_FAILED', { detail }), fields, internal: false }
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) {
    const code = `HTTP_${status}`
    return { status, code, message: t(locale, code), internal: false }
  }
  return { status: 500, code: 'INTERNAL', message: t(locale, 'INTERNAL'), internal: true }
}

/** The headers every error answer carries: never cached; after a 429, when to come back. */
export function errorHeaders(d: DescribedError): Record<string, string> {
  return { 'cache-control': 'no-store', ...(d.retryAfter ? { 'retry-after': String(d.retryAfter) } : {}) }
}
