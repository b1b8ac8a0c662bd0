import type { FormInstance } from 'antd'
import { ApiError } from './api.ts'

/**
 * Puts a refused request's messages where they belong: each field's beside it,
 * the rest in one notice. The server's messages are the same the client uses.
 */
export function showError(error: unknown, notify: (text: string) => void, form?: FormInstance): void {
  if (error instanceof ApiError) {
    const fields = Object.entries(error.fields)
    if (form && fields.length) form.setFields(fields.map(([name, message]) => ({ name, errors: [message] })))
    else notify(error.message)
    return
  }
  notify(error instanceof Error ? error.message : String(error))
}
