import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import fastify from 'fastify'
import type { AppConfig } from '../platform/config/load-config.ts'
import { strictNumbers } from '../platform/http/strict-numbers.ts'

/**
 * The Fastify instance every context is registered on: its logger (cookies and
 * authorisation redacted), body and parameter limits, the trusted proxies, and
 * a list of every route as it is added (the leak test's coverage check and the
 * fuzz test read it).
 */
export function createHttp(config: AppConfig, options: { logger?: boolean; logStream?: { write: (line: string) => void } }) {
  const app = fastify({
    logger: options.logStream
      ? { level: 'info', stream: options.logStream }
      : options.logger === false || config.logLevel === 'silent'
        ? false
        : { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    // behind a reverse proxy, the client's own address (login and search throttles count per address)
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : typeof config.trustProxy === 'object' ? [...config.trustProxy] : config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>()
  const routes: Array<{ method: string; url: string; schema: unknown }> = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, schema: route.schema })
  })
  strictNumbers(app)
  return { app, routes }
}

/** Trusts the nearest `hops` proxies: hop 0 is the peer that connected, so the client is the address it forwarded. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops
}
