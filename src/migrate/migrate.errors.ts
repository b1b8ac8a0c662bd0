import { errorFactory, type ErrorStatus } from '../platform/http/app-error.ts'

const STATUS = {
  MIGRATION_RUNNING: 409,
  MIGRATION_INPUT_INVALID: 400,
} as const satisfies Record<string, ErrorStatus>

export type MigrateErrorCode = keyof typeof STATUS

export const migrateError = errorFactory<MigrateErrorCode>(STATUS)
