import { errorFactory, type ErrorStatus } from '../platform/http/app-error.ts'

const STATUS = {
  SEARCH_QUERY_EMPTY: 400,
  SEARCH_QUERY_TOO_LONG: 400,
  SEARCH_QUERY_TOO_MANY_TERMS: 400,
  SEARCH_RATE_LIMITED: 429,
  SEARCH_TERMS_TOO_MANY: 422,
  SEARCH_REINDEX_RUNNING: 409,
} as const satisfies Record<string, ErrorStatus>

export type SearchErrorCode = keyof typeof STATUS

export const searchError = errorFactory<SearchErrorCode>(STATUS)
