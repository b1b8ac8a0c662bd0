import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsync } from 'fastify'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}
/** antd writes its styles into <style> elements at run time: the console's pages allow inline styles, nothing else */
const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; connect-src 'self'"

/** Where `npm run build` (scripts/build.mjs) puts the console: beside the server's bundle, or the project's .build when run from src/. */
export function defaultConsoleDir(): string {
  const root = import.meta.url.endsWith('.ts') ? new URL('../../', import.meta.url) : new URL('../', import.meta.url)
  return join(fileURLToPath(root), '.build', 'admin')
}

/**
 * The console's files at /admin: the built single-page app, read into memory
 * once (a few MB) so that no request path ever reaches the file system.
 * Hashed assets are cached for a year; the page itself is never stored, so a new
 * build is picked up at once. Every other /admin/… path is the app's own route.
 */
export const consolePlugin: FastifyPluginAsync<{ dir: string }> = async (app, { dir }) => {
  const indexFile = join(dir, 'index.html')
  const index = existsSync(indexFile) ? readFileSync(indexFile) : undefined
  const assets = new Map<string, { body: Buffer; type: string }>()
  const assetDir = join(dir, 'assets')
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      const type = TYPES[extname(name)]
      if (type) assets.set(name, { body: readFileSync(join(assetDir, name)), type })
    }
  }
  if (!index) app.log.warn({ dir }, 'the admin console is not built: run npm run build (npm start builds it)')

  app.get<{ Params: { file: string } }>('/admin/assets/:file', async (request, reply) => {
    const asset = assets.get(request.params.file)
    if (!asset) return reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('Not found')
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body)
  })
  const page = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-store').header('x-robots-tag', 'noindex')
    if (!index) return reply.code(503).type('text/plain; charset=utf-8').send('管理后台尚未构建：请运行 npm run build。The admin console is not built: run npm run build.')
    return reply.type('text/html; charset=utf-8').send(index)
  }
  app.get('/admin', page)
  app.get('/admin/*', page)
}
