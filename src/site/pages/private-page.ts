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

/** A local path to return to after a form, never another site. */
export function safeNext(next: unknown, fallback = '/user'): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') && next.length < 500 ? next : fallback
}
