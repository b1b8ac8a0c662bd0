import type { Db } from '../platform/db/database.ts'
import type { Member, Role } from './member.ts'
import {
  findMemberById,
  findMemberForLogin,
  findMemberRow,
  findPasswordHash,
  insertConsent,
  insertMember,
  isDisabled,
  listMemberRows,
  updatePasswordHash,
  updateRole,
  usernameOrEmailTaken,
  type StaffMemberRow,
} from './member.repository.ts'
import { isCommonPassword } from './common-passwords.ts'
import type { LoginThrottle } from './login-throttle.ts'
import { checkEmail, checkPassword, checkUsername, memberError } from './member-rules.ts'
import { DEFAULT_COST, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.ts'
import { isLegacyHash, verifyLegacy } from './legacy-password.ts'
import type { SessionService } from './session.service.ts'
import type { TwoFactor } from './two-factor.ts'
import { AppError } from '../platform/http/app-error.ts'
import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'

export interface MemberServiceDeps {
  db: Db
  sessions: SessionService
  now: () => Date
  throttle: LoginThrottle
  /** tests pass a cheap cost; production uses DEFAULT_COST */
  passwordCost?: ScryptCost
  /** staff two-factor sign-in (two-factor.ts): an account with it on signs in only with a code */
  secondFactor?: Pick<TwoFactor, 'enabled' | 'verify'>
}

/** Where a sign-up or login came from (the client address, behind a trusted proxy the forwarded one). */
export interface From {
  address: string
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000))

/**
 * Registering, logging in and changing passwords. Login answers the same way,
 * after the same work, whether the name exists or not, so it does not tell
 * which accounts exist. Logins and sign-ups from the web carry their address and
 * are throttled here (login-throttle.ts); the command line's are not.
 */
export function createMemberService(deps: MemberServiceDeps) {
  const { db } = deps
  const cost = deps.passwordCost ?? DEFAULT_COST
  let dummyHash: Promise<string> | undefined

  /**
   * `consent`: a sign-up on the site must agree to the 用户协议 and 隐私政策 of
   * this version; the agreement is stored with the account, in its transaction.
   */
  async function register(input: { username: string; email?: string; password: string; role?: Role; consent?: { agreed: boolean; version: string } }, from?: From): Promise<Member> {
    if (input.consent && !input.consent.agreed) throw memberError('MEMBER_CONSENT_REQUIRED')
    const username = checkUsername(input.username)
    const email = checkEmail(input.email)
    await checkNewPassword(input.password, username)
    const taken = await usernameOrEmailTaken(db, username, email)
    if (taken) throw memberError(taken === 'username' ? 'MEMBER_USERNAME_TAKEN' : 'MEMBER_EMAIL_TAKEN')
    const wait = from ? await deps.throttle.register(from.address) : 0
    if (wait) throw memberError('MEMBER_REGISTER_THROTTLED', { minutes: minutes(wait) })
    const passwordHash = await hashPassword(input.password, cost)
    let member: Member
    try {
      const at = deps.now().toISOString()
      member = await db.transaction().execute(async (trx) => {
        const made = await insertMember(trx, { username, email, passwordHash, role: input.role ?? 'member', at })
        if (input.consent) await insertConsent(trx, { memberId: made.id, version: input.consent.version, at, ip: from?.address ?? null })
        return made
      })
    } catch (error) {
      // two registrations of one name at once: the unique index decides
      const again = await usernameOrEmailTaken(db, username, email)
      if (again) throw memberError(again === 'username' ? 'MEMBER_USERNAME_TAKEN' : 'MEMBER_EMAIL_TAKEN')
      throw error
    }
    // the address an account was made from is its owner's: guesses from elsewhere cannot lock them out there
    if (from) await deps.throttle.succeeded(`m${member.id}`, from.address)
    return member
  }

  async function checkNewPassword(password: string, username: string): Promise<void> {
    checkPassword(password, username)
    if (await isCommonPassword(password)) throw memberError('MEMBER_PASSWORD_COMMON')
  }

  /** as slow as checking a real password: the answer's time does not tell whether the account exists, or is an old site's */
  async function spendAsMuch(password: string): Promise<void> {
    dummyHash ??= hashPassword('not a password of anyone', cost)
    await verifyPassword(password, await dummyHash)
  }

  async function verify(found: (Member & { passwordHash: string }) | undefined, password: string): Promise<Member> {
    if (!found) {
      await spendAsMuch(password)
      throw memberError('MEMBER_LOGIN_FAILED')
    }
    // a member brought from another site signs in with their old password once; needsRehash then puts our own hash in its place
    const legacy = isLegacyHash(found.passwordHash)
    const ok = legacy ? verifyLegacy(password, found.passwordHash) : await verifyPassword(password, found.passwordHash)
    if (!ok) {
      if (legacy) await spendAsMuch(password)
      throw memberError('MEMBER_LOGIN_FAILED')
    }
    // told only to who knows the password: a disabled account is no secret to its owner
    if (await isDisabled(db, found.id)) throw memberError('MEMBER_DISABLED')
    if (needsRehash(found.passwordHash, cost)) await updatePasswordHash(db, found.id, await hashPassword(password, cost), deps.now().toISOString(), false)
    const { passwordHash: _, ...member } = found
    return member
  }

  /** the second step of a sign-in, for accounts with two-factor on: no code asks for one, a wrong one fails */
  async function secondStep(member: Member, code: string | undefined): Promise<void> {
    if (!deps.secondFactor || !(await deps.secondFactor.enabled(member.id))) return
    if (!code?.trim()) throw memberError('MEMBER_TOTP_REQUIRED')
    if (!(await deps.secondFactor.verify(member.id, code))) throw memberError('MEMBER_TOTP_WRONG')
  }

  async function authenticate(login: string, password: string, from?: From, code?: string): Promise<Member> {
    const found = await findMemberForLogin(db, login)
    if (!from) {
      const member = await verify(found, password)
      await secondStep(member, code)
      return member
    }
    // one account, whichever of its names was typed; an unknown name counts on its own
    const account = found ? `m${found.id}` : `n:${login.normalize('NFKC').trim().toLowerCase()}`
    const wait = await deps.throttle.waitFor(account, from.address)
    if (wait) throw memberError('MEMBER_LOGIN_THROTTLED', { minutes: minutes(wait) })
    let member: Member
    try {
      member = await verify(found, password)
      await secondStep(member, code)
    } catch (error) {
      // the right password without a code yet is no guess; a wrong code counts as one (and the address is not yet the owner's)
      if (!(error instanceof AppError && error.code === 'MEMBER_TOTP_REQUIRED')) await deps.throttle.failed(account, from.address)
      throw error
    }
    await deps.throttle.succeeded(account, from.address)
    return member
  }

  /** Whether the site still needs its owner: no admin account exists yet. */
  async function needsOwner(): Promise<boolean> {
    return (await db.selectFrom('members').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst()) === undefined
  }

  return {
    register,
    authenticate,

    needsOwner,

    /** whether signing in to this account needs a second factor (then a password reset by mail does not sign it in) */
    hasSecondFactor: async (memberId: number): Promise<boolean> => (deps.secondFactor ? deps.secondFactor.enabled(memberId) : false),

    /**
     * The one-time owner set-up of a fresh site: the first admin account, made by
     * whoever reaches the console first (as FastAdmin's installer and Ghost's set-up
     * screen do), and logged in. Refused once any admin exists; of two set-ups at
     * the same moment the first account made wins and the other is removed.
     */
    async setUpOwner(input: { username: string; email?: string; password: string }, from: From): Promise<{ member: Member; token: string; expiresAt: string }> {
      if (!(await needsOwner())) throw memberError('MEMBER_SETUP_DONE')
      const member = await register({ ...input, role: 'admin' }, from)
      const first = await db.selectFrom('members').select('id').where('role', '=', 'admin').orderBy('id').limit(1).executeTakeFirst()
      if (first?.id !== member.id) {
        await db.deleteFrom('members').where('id', '=', member.id).execute()
        throw memberError('MEMBER_SETUP_DONE')
      }
      const actor: Actor = { kind: 'member', memberId: member.id, username: member.username, role: 'admin', via: 'admin', ip: from.address }
      await recordAudit(db, actor, deps.now(), { action: 'member.setup-owner', target: `member:${member.id}`, detail: { username: member.username } })
      return { member, ...(await deps.sessions.start(member.id)) }
    },

    /** logs in: checks the password (and the two-factor code, when the account has it on) and starts a new session (the token goes into the cookie) */
    async logIn(login: string, password: string, from?: From, code?: string): Promise<{ member: Member; token: string; expiresAt: string }> {
      const member = await authenticate(login, password, from, code)
      return { member, ...(await deps.sessions.start(member.id)) }
    },

    /** changes a password and ends every other session of the member */
    async changePassword(member: Member, current: string, next: string, keepToken?: string): Promise<void> {
      const stored = await findPasswordHash(db, member.id)
      if (!stored || !(await verifyPassword(current, stored))) throw memberError('MEMBER_PASSWORD_WRONG')
      await checkNewPassword(next, member.username)
      await updatePasswordHash(db, member.id, await hashPassword(next, cost), deps.now().toISOString(), true)
      await deps.sessions.endAllFor(member.id, keepToken)
    },

    /** Changes a member's role (admins only, or the shell); takes effect on their next request, and is audited with before and after. */
    async setRole(actor: Actor, memberId: number, role: Role): Promise<void> {
      authorize(actor, 'member.set-role')
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('members').select(['role', 'username']).where('id', '=', memberId).executeTakeFirst()
        if (!before) throw memberError('MEMBER_NOT_FOUND')
        if (before.role === role) return
        await updateRole(trx, memberId, role, now.toISOString())
        await recordAudit(trx, actor, now, { action: 'member.set-role', target: `member:${memberId}`, detail: { username: before.username, before: { role: before.role }, after: { role } } })
      })
    },

    /** Members a page at a time, newest first, by part of a name or e-mail and by role (admins). */
    async listMembers(actor: Actor, q: { text?: string; role?: Role; page: number; pageSize: number }): Promise<{ items: StaffMemberRow[]; total: number }> {
      authorize(actor, 'member.read')
      return listMemberRows(db, q)
    },

    /** One member as the console shows them (admins). */
    async memberRow(actor: Actor, memberId: number): Promise<StaffMemberRow> {
      authorize(actor, 'member.read')
      const row = await findMemberRow(db, memberId)
      if (!row) throw memberError('MEMBER_NOT_FOUND')
      return row
    },

    /** Disables an account (no login, every session ended) or enables it again; never one's own. */
    async setDisabled(actor: Actor, memberId: number, disabled: boolean, reason: string): Promise<void> {
      authorize(actor, 'member.manage')
      if (actor.kind === 'member' && actor.memberId === memberId) throw memberError('MEMBER_NOT_SELF')
      if (!reason.trim()) throw memberError('MEMBER_REASON_REQUIRED')
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('members').select(['username', 'disabled_at']).where('id', '=', memberId).executeTakeFirst()
        if (!before) throw memberError('MEMBER_NOT_FOUND')
        if ((before.disabled_at !== null) === disabled) return
        await trx
          .updateTable('members')
          .set({ disabled_at: disabled ? now.toISOString() : null, updated_at: now.toISOString() })
          .where('id', '=', memberId)
          .execute()
        await recordAudit(trx, actor, now, { action: disabled ? 'member.disable' : 'member.enable', target: `member:${memberId}`, detail: { username: before.username, reason } })
      })
      if (disabled) await deps.sessions.endAllFor(memberId)
    },

    /** Sets a member's password for them (a lost one, a taken-over account): every session of theirs ends. The password is not recorded anywhere but its hash. */
    async setPassword(actor: Actor, memberId: number, password: string): Promise<void> {
      authorize(actor, 'member.manage')
      const target = await findMemberById(db, memberId)
      if (!target) throw memberError('MEMBER_NOT_FOUND')
      await checkNewPassword(password, target.username)
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        await updatePasswordHash(trx, memberId, await hashPassword(password, cost), now.toISOString(), true)
        await recordAudit(trx, actor, now, { action: 'member.set-password', target: `member:${memberId}`, detail: { username: target.username } })
      })
      await deps.sessions.endAllFor(memberId)
    },
  }
}
export type MemberService = ReturnType<typeof createMemberService>
