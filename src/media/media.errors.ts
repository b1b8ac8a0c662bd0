import { errorFactory, type ErrorStatus } from '../platform/http/app-error.ts'

const STATUS = {
  MEDIA_EMPTY: 400,
  MEDIA_NO_FILE: 400,
  MEDIA_TOO_LARGE: 413,
  MEDIA_TYPE_REFUSED: 415,
  MEDIA_NOT_AN_IMAGE: 415,
  MEDIA_NOT_FOUND: 404,
  MEDIA_PAID: 403,
  MEDIA_IN_USE: 409,
} as const satisfies Record<string, ErrorStatus>

export type MediaErrorCode = keyof typeof STATUS

export const mediaError = errorFactory<MediaErrorCode>(STATUS)
