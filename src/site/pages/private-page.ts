import type { FastifyReply, FastifyRequest } from 'fastify'
import { describeError } from '../../platform/http/describe-error.ts'
import { issueCsrfToken } from '../../platform/http/csrf.ts'
import { AppError } from '../../platform/http/app-error.ts'
import { t } from '../../platform/i18n/t.ts'
import { sendPrivateHtml } from '../page-response.ts'
import type { SiteDeps } from '../site-deps.ts'
import { buildMeta } from '../views/chrome.view.ts'
import { buildChrome } from '../views/chrome-fragments.ts'

/**
 * Renders a page that belongs to one visitor (forms, the member centre, the
 * cashier): never cached, never indexed, with this browser's CSRF token.
 */
export function renderPrivate(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, template: string, titleKey: string, model: Record<string, unknown>, status = 200): FastifyReply {
  const state = deps.catalog.get()
  const locale = state.settings.locale
  const html = deps.theme(locale).render(template, {
    ...buildChrome(deps),
    meta: buildMeta({ title: t(locale, titleKey), siteName: state.settings.name, description: '', keywords: '', canonical: '', noindex: true }),
    csrf: issueCsrfToken(request, reply, deps.cookieSecret, deps.secureCookies),
    // pages that take payments say so while purchases are only a demonstration
    pay_sandbox: deps.commerce.sandbox,
    ...model,
  })
  reply.code(status)
  return sendPrivateHtml(reply, html)
}

/** An expected failure shown on the form that caused it: its message and status. */
export function formError(deps: SiteDeps, error: unknown): { message: string; status: number } {
  if (!(error instanceof AppError)) throw error
  const d = describeError(error, deps.catalog.get().settings.locale)
  return { message: d.message, status: d.status }
}

const HERE = 'http://inkgate.invalid'

/**
 * A local path to return to after a form, never another site. Judged the way a
 * browser will read it: after the URL parser's own normalisation (it drops tabs
 * and line breaks, so "/\t/evil.example" is "//evil.example", and it reads "\" as
 * "/"), the address must still be on this site. What comes back is that
 * normalised path, so the Location header holds exactly what was judged.
 */
export function safeNext(next: unknown, fallback = '/user'): string {
  if (typeof next !== 'string' || next.length >= 500 || !next.startsWith('/')) return fallback
  // control characters never belong in a path, and CR/LF would break the header
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback
  let url: URL
  try {
    url = new URL(next, HERE)
  } catch {
    return fallback
  }
  if (url.origin !== HERE) return fallback
  const path = url.pathname + url.search + url.hash
  // "/.//evil.example" normalises to "//evil.example": on this site as a path, off it as a Location
  return path.startsWith('//') || path.startsWith('/\\') ? fallback : path
}
