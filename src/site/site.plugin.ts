import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { describeError, errorHeaders, type DescribedError } from '../platform/http/describe-error.ts'
import { feedsAndPages } from './site-routes.ts'
import { findLegacyTarget } from '../content/index.ts'
import type { SiteDeps } from './site-deps.ts'
import { buildMeta } from './views/chrome.view.ts'
import { buildChrome } from './views/chrome-fragments.ts'
import { sendPrivateHtml } from './page-response.ts'

/**
 * The HTML context: public pages, feeds and theme assets, with its own error
 * and not-found handlers that render the theme's error pages. Error pages carry
 * no internal detail and are never cached.
 */
export const sitePlugin: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  app.setErrorHandler(async (error, request, reply) => {
    const described = describeError(error, deps.catalog.get().settings.locale)
    if (described.internal) request.log.error({ err: error }, 'site request failed')
    else request.log.info({ code: described.code }, 'site request refused')
    return renderError(deps, request, reply, described)
  })
  app.setNotFoundHandler(async (request, reply) => {
    // an address of the site this one replaced (a migration kept it): a permanent redirect keeps its rankings
    if (request.method === 'GET' || request.method === 'HEAD') {
      const target = await findLegacyTarget(deps.db, request.url)
      if (target) return reply.redirect(target, 301)
    }
    return renderError(deps, request, reply, describeError({ statusCode: 404 }, deps.catalog.get().settings.locale))
  })

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const asset = deps.theme(deps.catalog.get().settings.locale).assets.get(request.params.file)
    if (!asset) return renderError(deps, request, reply, describeError({ statusCode: 404 }, 'zh-CN'))
    return reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable').send(asset.body)
  })

  // browsers ask for /favicon.ico on every first visit, whatever the page says
  app.get('/favicon.ico', async (request, reply) => {
    const theme = deps.theme(deps.catalog.get().settings.locale)
    const asset = theme.assets.get(theme.assetUrl('favicon.ico').slice('/assets/'.length))
    if (!asset) return renderError(deps, request, reply, describeError({ statusCode: 404 }, 'zh-CN'))
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(asset.body)
  })

  await app.register(feedsAndPages, deps)
}

export function renderError(deps: SiteDeps, request: FastifyRequest, reply: FastifyReply, error: DescribedError): FastifyReply {
  const state = deps.catalog.get()
  const theme = deps.theme(state.settings.locale)
  reply.code(error.status).headers(errorHeaders(error))
  let html: string
  try {
    html = theme.render(error.status === 404 ? '404' : 'error', {
      ...buildChrome(deps),
      meta: buildMeta({ title: String(error.status), siteName: state.settings.name, description: '', keywords: '', canonical: '', noindex: true }),
      error: { status: error.status, code: error.code, message: error.message, fields: error.fields ?? [] },
      path: request.url.split('?')[0] ?? '/',
    })
  } catch (renderFailure) {
    request.log.error({ err: renderFailure }, 'error page failed to render')
    html = `<!doctype html><meta charset="utf-8"><title>${error.status}</title><p>${error.status}</p>`
  }
  return sendPrivateHtml(reply, html)
}
