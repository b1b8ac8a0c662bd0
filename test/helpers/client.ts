import type { InjectOptions, Response } from 'light-my-request'
import type { App } from '../../src/app.ts'

/**
 * A browser for app.inject: keeps cookies between requests, reads the CSRF
 * token from the pages it gets, posts forms as a browser does.
 */
export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<Response>
  /** posts a form with this browser's CSRF token (unless `_csrf` is given) */
  form(url: string, fields: Record<string, string | number>): Promise<Response>
  /** a JSON call with the CSRF header */
  json(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: object): Promise<Response>
  /** uploads one file as a browser's FormData does (multipart/form-data, field `file`), with the CSRF header */
  upload(url: string, file: { name: string; bytes: Buffer | string; type?: string }): Promise<Response>
  /** a prepared body (multipartForm) with the CSRF header */
  postBody(url: string, form: { body: Buffer; contentType: string }): Promise<Response>
  cookies: Map<string, string>
  /** this browser's CSRF token (read from a private page) */
  csrf(): Promise<string>
}

let clients = 0

/** Each browser connects from an address of its own (as readers do), unless one is given. */
export function client(app: App, userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36', options: { address?: string; headers?: Record<string, string> } = {}): Client {
  const n = ++clients
  const address = options.address ?? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
  const cookies = new Map<string, string>()
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const extra = options.headers ?? {}
  async function send(options: InjectOptions): Promise<Response> {
    const headers = { 'user-agent': userAgent, ...(cookies.size ? { cookie: cookieHeader() } : {}), ...extra, ...(options.headers as Record<string, string> | undefined) }
    const res = await app.inject({ remoteAddress: address, ...options, headers })
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '') cookies.delete(c.name)
      else cookies.set(c.name, c.value)
    }
    return res
  }
  let token: string | undefined
  async function csrf(): Promise<string> {
    if (token && cookies.has('ig_csrf')) return token
    const page = await send({ method: 'GET', url: '/vip' })
    const m = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)
    if (!m) throw new Error(`no CSRF token on /vip (${page.statusCode})`)
    token = m[1] as string
    return token
  }
  return {
    cookies,
    csrf,
    get: (url, headers) => send({ method: 'GET', url, ...(headers ? { headers } : {}) }),
    async form(url, fields) {
      const body = new URLSearchParams(Object.entries({ _csrf: await csrf(), ...fields }).map(([k, v]) => [k, String(v)]))
      return send({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    },
    async upload(url, file) {
      const { body, contentType } = multipartBody(file)
      return send({ method: 'POST', url, payload: body, headers: { 'x-csrf-token': await csrf(), 'content-type': contentType } })
    },
    async postBody(url, form) {
      return send({ method: 'POST', url, payload: form.body, headers: { 'x-csrf-token': await csrf(), 'content-type': form.contentType } })
    },
    async json(method, url, body) {
      return send({ method, url, ...(body ? { payload: body } : {}), headers: { 'x-csrf-token': await csrf(), ...(body ? { 'content-type': 'application/json' } : {}) } })
    },
  }
}

/** Registers a member through the real form and leaves the client logged in. */
export async function registered(app: App, username: string, password = 'secret-pass-1', options: Parameters<typeof client>[2] = {}): Promise<Client> {
  const c = client(app, undefined, options)
  const res = await c.form('/register', { username, password, password2: password, agree: '1', next: '/' })
  if (res.statusCode !== 303) throw new Error(`register ${username}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  return c
}

/** A multipart/form-data body with one file field, byte for byte as browsers send it. */
/** A form with fields and files, as a browser sends it (the console's migration form). */
export function multipartForm(fields: Record<string, string>, files: Record<string, { name: string; bytes: Buffer | string; type?: string }>): { body: Buffer; contentType: string } {
  const boundary = `----inkgate${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  for (const [name, file] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`))
    parts.push(Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes), Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

export function multipartBody(file: { name: string; bytes: Buffer | string; type?: string }, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----inkgate${Math.random().toString(16).slice(2)}`
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`
  const body = Buffer.concat([Buffer.from(head), Buffer.isBuffer(file.bytes) ? file.bytes : Buffer.from(file.bytes), Buffer.from(`\r\n--${boundary}--\r\n`)])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}
