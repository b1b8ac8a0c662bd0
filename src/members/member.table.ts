import type { Generated } from 'kysely'
import type { Role } from './member.ts'

export interface MemberTable {
  id: Generated<number>
  username: string
  /** lower-cased username: names are unique whatever their case */
  username_key: string
  email: string | null
  password_hash: string
  role: Role
  created_at: string
  updated_at: string
  password_changed_at: string
  /** set while an admin has disabled the account (migration 0019) */
  disabled_at: Generated<string | null>
}

/** A member's agreement to the 用户协议 and 隐私政策 (migration 0028): which texts (their digest), when, from where. */
export interface MemberConsentTable {
  id: Generated<number>
  member_id: number
  version: string
  agreed_at: string
  ip: string | null
}

/** A login. The id is the SHA-256 of the cookie's token, so a leaked table cannot be replayed as cookies. */
export interface SessionTable {
  id: string
  member_id: number
  created_at: string
  expires_at: string
  last_seen_at: string
}

/** A password reset link (migration 0015): the token is in the mail only; here its SHA-256. */
export interface PasswordResetTable {
  token_hash: string
  member_id: number
  created_at: string
  expires_at: string
  used_at: string | null
}

/** A staff member's authenticator (migration 0023): the seed sealed, never plain. */
export interface MemberTotpTable {
  member_id: number
  secret_sealed: string
  /** null while being set up (the first code not yet given) */
  enabled_at: string | null
  /** the last 30-second step a code was accepted for: a code is good once */
  last_step: Generated<number>
  created_at: string
}

export interface MemberRecoveryCodeTable {
  member_id: number
  code_hash: string
  used_at: string | null
}
