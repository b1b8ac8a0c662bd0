import swagger from '@fastify/swagger'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorOf } from '../members/index.ts'
import { authorize, permissionsOf } from '../platform/access/permissions.ts'
import { describeError, errorHeaders } from '../platform/http/describe-error.ts'
import { AppError } from '../platform/http/app-error.ts'
import { pickLocale, t, type Locale } from '../platform/i18n/t.ts'
import type { AdminDeps } from './admin-deps.ts'
import { rememberStaff, staffOf } from './staff-guard.ts'
import { ERRORS, MeResponse } from './contract/admin.schemas.ts'
import { auditRoutes } from './routes/audit.routes.ts'
import { dashboardRoutes } from './routes/dashboard.routes.ts'
import { editorRoutes } from './routes/editor.routes.ts'
import { memberRoutes } from './routes/members.routes.ts'
import { twoFactorRoutes } from './routes/two-factor.routes.ts'
import { tagRoutes } from './routes/tags.routes.ts'
import { searchRoutes } from './routes/search.routes.ts'
import { paymentsRoutes } from './routes/payments.routes.ts'
import { migrateRoutes } from './routes/migrate.routes.ts'
import { mediaRoutes } from './routes/media.routes.ts'
import { orderRoutes } from './routes/orders.routes.ts'
import { planRoutes } from './routes/plans.routes.ts'
import { postRoutes } from './routes/posts.routes.ts'
import { purchaseRoutes } from './routes/purchases.routes.ts'
import { sessionRoutes } from './routes/session.routes.ts'
import { siteRoutes } from './routes/site.routes.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** an /api/admin route anyone may call (sign-in, the API's description); every other one needs a staff session */
    adminPublic?: boolean
  }
}

/**
 * /api/admin: the console's API. The guard fails closed: every route, the 404
 * answer included, needs a session of an account that may enter the console,
 * unless the route is marked `adminPublic`; each operation then checks its own
 * permission again (platform/access). Same session cookie as the site, and the
 * CSRF header on every change (the app's `preValidation` hook). Answers are JSON
 * and never stored.
 */
export const adminPlugin: FastifyPluginAsyncTypebox<AdminDeps> = async (app, deps) => {
  app.setErrorHandler(async (error, request, reply) => {
    const locale = pickLocale(request.headers['accept-language'])
    const d = describeError(error, locale)
    if (d.internal) request.log.error({ err: error }, 'admin request failed')
    const fields = fieldMessages(error, d, locale)
    return reply
      .code(d.status)
      .headers(errorHeaders(d))
      .send({ error: { code: d.code, message: d.message, requestId: request.id, ...(fields ? { fields } : {}) } })
  })
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .header('cache-control', 'private, no-store')
      .send({ error: { code: 'NOT_FOUND', message: describeError({ statusCode: 404 }, pickLocale(request.headers['accept-language'])).message, requestId: request.id } }),
  )
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.adminPublic === true) return
    const actor = await actorOf(deps, request, 'admin')
    authorize(actor, 'console.enter')
    rememberStaff(request, actor)
  })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'private, no-store')
  })

  await app.register(swagger, {
    openapi: {
      info: { title: 'Inkgate admin API', version: '1', description: 'What the console calls. Every route needs a staff session (the site’s cookie) and, when it changes something, the CSRF header.' },
    },
  })

  app.get('/me', { schema: { tags: ['session'], summary: 'who is signed in, and what they may do', response: { 200: MeResponse, ...ERRORS } } }, async (request) => {
    const actor = staffOf(request)
    return {
      staff: { id: actor.memberId, username: actor.username, role: actor.role },
      permissions: permissionsOf(actor),
    }
  })
  await app.register(sessionRoutes, { ...deps, prefix: '' })
  await app.register(planRoutes, { ...deps, prefix: '' })
  await app.register(orderRoutes, { ...deps, prefix: '' })
  await app.register(postRoutes, { ...deps, prefix: '' })
  await app.register(purchaseRoutes, { ...deps, prefix: '' })
  await app.register(auditRoutes, { ...deps, prefix: '' })
  await app.register(editorRoutes, { ...deps, prefix: '' })
  await app.register(dashboardRoutes, { ...deps, prefix: '' })
  await app.register(siteRoutes, { ...deps, prefix: '' })
  await app.register(memberRoutes, { ...deps, prefix: '' })
  await app.register(twoFactorRoutes, { ...deps, prefix: '' })
  await app.register(tagRoutes, { ...deps, prefix: '' })
  await app.register(searchRoutes, { ...deps, prefix: '' })
  await app.register(paymentsRoutes, { ...deps, prefix: '' })
  await app.register(mediaRoutes, { ...deps, prefix: '' })
  await app.register(migrateRoutes, { ...deps, prefix: '' })

  app.get(
    '/openapi.json',
    { config: { adminPublic: true }, schema: { hide: true, response: { 200: Type.Object({ openapi: Type.String() }, { additionalProperties: true }) } } },
    async () => app.swagger() as { openapi: string },
  )
}

const RULE_MESSAGES: Record<string, string> = { required: 'FIELD_REQUIRED', minLength: 'FIELD_REQUIRED', maxLength: 'FIELD_TOO_LONG', maxItems: 'FIELD_TOO_LONG' }

/**
 * What the console shows beside each field: the schema's refusals by field name
 * (`body/price` → price), or an operation's refusal that names its field.
 */
function fieldMessages(error: unknown, d: ReturnType<typeof describeError>, locale: Locale): Record<string, string> | undefined {
  if (error instanceof AppError && typeof error.params.field === 'string') return { [error.params.field]: d.message }
  if (!d.fields?.length) return undefined
  const out: Record<string, string> = {}
  for (const f of d.fields) {
    const name = f.path.replace(/^(body|querystring|params)\/?/, '').split('/')[0] || f.path
    out[name] ??= t(locale, RULE_MESSAGES[f.rule] ?? 'FIELD_INVALID')
  }
  return out
}
