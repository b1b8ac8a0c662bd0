import { errorFactory, type ErrorStatus } from '../platform/http/app-error.ts'

const STATUS = {
  POST_NOT_FOUND: 404,
  POST_PAGE_NOT_FOUND: 404,
  POST_TITLE_REQUIRED: 422,
  POST_SLUG_INVALID: 422,
  CHANNEL_NOT_FOUND: 404,
  CHANNEL_NOT_A_LIST: 422,
  TAG_NOT_FOUND: 404,
  PAGE_OUT_OF_RANGE: 404,
  CHANNEL_NAME_INVALID: 422,
  CHANNEL_SLUG_INVALID: 422,
  CHANNEL_SLUG_TAKEN: 409,
  CHANNEL_LINK_INVALID: 422,
  CHANNEL_PARENT_NOT_SECTION: 422,
  CHANNEL_PARENT_LOOP: 422,
  CHANNEL_HAS_POSTS: 409,
  CHANNEL_HAS_CHILDREN: 409,
  POST_NOT_IN_TRASH: 409,
  POST_HAS_PURCHASES: 409,
  POST_IN_TRASH: 409,
} as const satisfies Record<string, ErrorStatus>

export type ContentErrorCode = keyof typeof STATUS

export const contentError = errorFactory<ContentErrorCode>(STATUS)
