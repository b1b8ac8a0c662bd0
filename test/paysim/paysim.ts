import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The local payment simulator: one real HTTP server on 127.0.0.1 that plays
 * the providers (WeChat Pay, Alipay, Stripe). Each provider module verifies
 * our requests as the provider would, signs its answers and notifications
 * with its own test keys, and has a test-only control plane under /__sim/.
 * The app under test is configured with this server's base URL, the same
 * configuration fields as production.
 */
export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: string
}
export interface SimResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}
export type SimHandler = (req: SimRequest) => Promise<SimResponse | undefined> | SimResponse | undefined

export interface PaySim {
  url: string
  /** the origin notifications are sent to instead of notify_url's (the app under test listens on a random port) */
  notifyOrigin: string | undefined
  use(handler: SimHandler): void
  close(): Promise<void>
}

export async function startPaySim(): Promise<PaySim> {
  const handlers: SimHandler[] = []
  const server = createServer((req, res) => void handle(req, res))
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const url = new URL(req.url ?? '/', 'http://sim')
    const simReq: SimRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }
    try {
      for (const h of handlers) {
        const out = await h(simReq)
        if (out) {
          res.writeHead(out.status, out.headers ?? {})
          res.end(out.body ?? '')
          return
        }
      }
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('no such simulator route')
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(`simulator failure: ${(error as Error).message}`)
    }
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const sim: PaySim = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    notifyOrigin: undefined,
    use: (h) => handlers.push(h),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
  return sim
}

/** Where a notification goes: notify_url, with its origin replaced when the test says so. */
export function notifyTarget(sim: PaySim, notifyUrl: string): string {
  if (!sim.notifyOrigin) return notifyUrl
  const u = new URL(notifyUrl)
  return sim.notifyOrigin + u.pathname + u.search
}

export const html = (body: string): SimResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>模拟收银台</title>${body}`,
})
export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
})
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
