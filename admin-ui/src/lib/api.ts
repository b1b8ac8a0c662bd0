/**
 * The console's one way to the server: JSON to and from /api/admin, the CSRF
 * header on every change, errors as ApiError with the server's message (already
 * in the user's language) and, for a form, the message of each field.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message)
  }
}

let csrfToken = ''
let onSignedOut: () => void = () => {}

export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** Called when the server says the session is gone (401): the app shows the sign-in. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler
}

export function currentLanguage(): string {
  return localStorage.getItem('inkgate.locale') === 'en' ? 'en' : 'zh-CN'
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLanguage() }
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken
  // a file goes as the browser's multipart form (it sets the boundary); everything else as JSON
  if (method !== 'GET' && !(body instanceof FormData)) headers['content-type'] = 'application/json'
  const payload = body instanceof FormData ? body : JSON.stringify(body ?? {})
  const response = await fetch(`/api/admin${path}`, { method, headers, credentials: 'same-origin', ...(method !== 'GET' ? { body: payload } : {}) })
  const text = await response.text()
  const data = text ? (JSON.parse(text) as unknown) : undefined
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; fields?: Record<string, string> } } | undefined)?.error
    if (response.status === 401 && !path.startsWith('/session')) onSignedOut()
    throw new ApiError(response.status, error?.code ?? 'HTTP_ERROR', error?.message ?? response.statusText, error?.fields ?? {})
  }
  return data as T
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path, {}),
  /** one file, as field `file` of a multipart form */
  upload: <T>(path: string, file: File) => {
    const form = new FormData()
    form.append('file', file, file.name)
    return request<T>('POST', path, form)
  },
}

/** A query string from the values that are set. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : ''
}
