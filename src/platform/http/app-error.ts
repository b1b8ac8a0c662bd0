/**
 * The one error type services throw for expected failures. `code` is stable
 * (clients and tests match on it) and is the i18n key of the message; `params`
 * are safe values for that message. Each HTTP context maps it once.
 */
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(code, options)
    this.name = 'AppError'
  }
}

/**
 * A domain's error factory from its table of codes and statuses, so that each
 * domain lists its codes once and every error it throws is an AppError.
 */
export function errorFactory<C extends string>(statuses: Record<C, ErrorStatus>) {
  return (code: C, params: Record<string, string | number> = {}): AppError => new AppError(code, statuses[code], params)
}
