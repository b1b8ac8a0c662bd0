import { errorFactory, type ErrorStatus } from '../platform/http/app-error.ts'

/**
 * What registration accepts, each rule with its own message (zh-CN first; see
 * platform/i18n). Usernames may be Chinese; an all-digit name is refused so it
 * cannot pass for a phone number.
 */
const STATUS = {
  MEMBER_USERNAME_LENGTH: 422,
  MEMBER_USERNAME_CHARS: 422,
  MEMBER_USERNAME_DIGITS: 422,
  MEMBER_USERNAME_TAKEN: 409,
  MEMBER_EMAIL_INVALID: 422,
  MEMBER_EMAIL_TAKEN: 409,
  MEMBER_PASSWORD_LENGTH: 422,
  MEMBER_PASSWORD_WEAK: 422,
  MEMBER_PASSWORD_IS_USERNAME: 422,
  MEMBER_PASSWORD_COMMON: 422,
  MEMBER_REGISTER_THROTTLED: 429,
  MEMBER_LOGIN_FAILED: 401,
  MEMBER_PASSWORD_WRONG: 403,
  MEMBER_PASSWORD_MISMATCH: 422,
  MEMBER_LOGIN_THROTTLED: 429,
  MEMBER_RESET_THROTTLED: 429,
  MEMBER_RESET_INVALID: 410,
  MEMBER_NOT_FOUND: 404,
  MEMBER_SETUP_DONE: 409,
  MEMBER_DISABLED: 403,
  MEMBER_NOT_SELF: 409,
  MEMBER_REASON_REQUIRED: 422,
  MEMBER_TOTP_REQUIRED: 401,
  MEMBER_TOTP_WRONG: 401,
  MEMBER_TOTP_NOT_STARTED: 409,
  MEMBER_TOTP_ALREADY: 409,
  MEMBER_TOTP_OFF: 409,
  MEMBER_CONSENT_REQUIRED: 422,
} as const satisfies Record<string, ErrorStatus>

export type MemberErrorCode = keyof typeof STATUS

export const memberError = errorFactory<MemberErrorCode>(STATUS)

export const USERNAME_MIN = 2
export const USERNAME_MAX = 20
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 64

/** Returns the cleaned username or throws the first rule it breaks. */
export function checkUsername(raw: string): string {
  const name = raw.normalize('NFKC').trim()
  const length = [...name].length
  if (length < USERNAME_MIN || length > USERNAME_MAX) throw memberError('MEMBER_USERNAME_LENGTH', { min: USERNAME_MIN, max: USERNAME_MAX })
  if (!/^[\p{Script=Han}A-Za-z0-9_]+$/u.test(name)) throw memberError('MEMBER_USERNAME_CHARS')
  if (/^\d+$/.test(name)) throw memberError('MEMBER_USERNAME_DIGITS')
  return name
}

export function checkEmail(raw: string | undefined): string | null {
  const email = (raw ?? '').normalize('NFKC').trim().toLowerCase()
  if (!email) return null
  if (email.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email)) throw memberError('MEMBER_EMAIL_INVALID')
  return email
}

/** At least 8 characters, and two kinds of: letters, digits, other characters; not the username. */
export function checkPassword(password: string, username: string): void {
  const length = [...password].length
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) throw memberError('MEMBER_PASSWORD_LENGTH', { min: PASSWORD_MIN, max: PASSWORD_MAX })
  const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(password)).length
  if (kinds < 2) throw memberError('MEMBER_PASSWORD_WEAK')
  if (password.normalize('NFKC').toLowerCase() === username.normalize('NFKC').toLowerCase()) throw memberError('MEMBER_PASSWORD_IS_USERNAME')
}
