import { AppError, type ErrorStatus } from '../platform/http/app-error.ts'

const STATUS = {
  SEARCH_QUERY_EMPTY: 400,
  SEARCH_QUERY_TOO_LONG: 400,
  SEARCH_QUERY_TOO_MANY_TERMS: 400,
} as const satisfies Record<string, ErrorStatus>

export type SearchErrorCode = keyof typeof STATUS

export function searchError(code: SearchErrorCode, params: Record<string, string | number> = {}): AppError {
  return new AppError(code, STATUS[code], params)
}
