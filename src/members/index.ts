export { ROLES, isStaff, type Member, type Role } from './member.ts'
export { createMemberService, type MemberService, type From } from './member.service.ts'
export { createSessionService, type SessionService, SESSION_DAYS } from './session.service.ts'
export { findMemberForLogin, findMemberById, type StaffMemberRow } from './member.repository.ts'
export { memberError, type MemberErrorCode } from './member-rules.ts'
export { createDbSessionStore, createRedisSessionStore, type SessionStore } from './session-store.ts'
export { createLoginThrottle, LOGIN_LIMITS, REGISTER_LIMIT, type LoginThrottle } from './login-throttle.ts'
export { createWechatOauth, WechatOauthError, type WechatOauth } from './wechat-oauth.ts'
export { createTwoFactor, RECOVERY_CODES, type TwoFactor } from './two-factor.ts'
export { createPasswordResets, RESET_MINUTES, type PasswordResets } from './password-reset.ts'
export {
  viewerOf,
  mayBePersonal,
  guestKeyOf,
  ensureGuestKey,
  setSessionCookie,
  clearSessionCookie,
  wechatOpenidOf,
  setWechatOpenid,
  SESSION_COOKIE,
  GUEST_COOKIE,
  WECHAT_OPENID_COOKIE,
  type ViewerDeps,
} from './viewer-request.ts'
export { actorOf } from './actor-of.ts'
export { fastadminLegacyHash, NO_PASSWORD } from './legacy-password.ts'
export { upsertImportedMember, type ImportedMember, type ImportedMemberResult } from './member-import.ts'
