import type { Db } from '../platform/db/database.ts'
import type { Member, Role } from './member.ts'
import { findMemberForLogin, findPasswordHash, insertMember, updatePasswordHash, updateRole, usernameOrEmailTaken } from './member.repository.ts'
import { isCommonPassword } from './common-passwords.ts'
import type { LoginThrottle } from './login-throttle.ts'
import { checkEmail, checkPassword, checkUsername, memberError } from './member-rules.ts'
import { DEFAULT_COST, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.ts'
import type { SessionService } from './session.service.ts'
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

  async function register(input: { username: string; email?: string; password: string; role?: Role }, from?: From): Promise<Member> {
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
      member = await insertMember(db, { username, email, passwordHash, role: input.role ?? 'member', at: deps.now().toISOString() })
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

  async function verify(found: (Member & { passwordHash: string }) | undefined, password: string): Promise<Member> {
    if (!found) {
      dummyHash ??= hashPassword('not a password of anyone', cost)
      await verifyPassword(password, await dummyHash)
      throw memberError('MEMBER_LOGIN_FAILED')
    }
    if (!(await verifyPassword(password, found.passwordHash))) throw memberError('MEMBER_LOGIN_FAILED')
    if (needsRehash(found.passwordHash, cost)) await updatePasswordHash(db, found.id, await hashPassword(password, cost), deps.now().toISOString(), false)
    const { passwordHash: _, ...member } = found
    return member
  }

  async function authenticate(login: string, password: string, from?: From): Promise<Member> {
    const found = await findMemberForLogin(db, login)
    if (!from) return verify(found, password)
    // one account, whichever of its names was typed; an unknown name counts on its own
    const account = found ? `m${found.id}` : `n:${login.normalize('NFKC').trim().toLowerCase()}`
    const wait = await deps.throttle.waitFor(account, from.address)
    if (wait) throw memberError('MEMBER_LOGIN_THROTTLED', { minutes: minutes(wait) })
    let member: Member
    try {
      member = await verify(found, password)
    } catch (error) {
      await deps.throttle.failed(account, from.address)
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

    /** logs in: checks the password and starts a new session (the token goes into the cookie) */
    async logIn(login: string, password: string, from?: From): Promise<{ member: Member; token: string; expiresAt: string }> {
      const member = await authenticate(login, password, from)
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
  }
}
export type MemberService = ReturnType<typeof createMemberService>
