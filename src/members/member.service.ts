import type { Db } from '../platform/db/database.ts'
import type { Member, Role } from './member.ts'
import { findMemberForLogin, findPasswordHash, insertMember, updatePasswordHash, updateRole, usernameOrEmailTaken } from './member.repository.ts'
import { checkEmail, checkPassword, checkUsername, memberError } from './member-rules.ts'
import { DEFAULT_COST, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.ts'
import type { SessionService } from './session.service.ts'

export interface MemberServiceDeps {
  db: Db
  sessions: SessionService
  now: () => Date
  /** tests pass a cheap cost; production uses DEFAULT_COST */
  passwordCost?: ScryptCost
}

/**
 * Registering, logging in and changing passwords. Login answers the same way,
 * after the same work, whether the name exists or not, so it does not tell
 * which accounts exist. Throttling per account and IP belongs to the route.
 */
export function createMemberService(deps: MemberServiceDeps) {
  const { db } = deps
  const cost = deps.passwordCost ?? DEFAULT_COST
  let dummyHash: Promise<string> | undefined

  async function register(input: { username: string; email?: string; password: string; role?: Role }): Promise<Member> {
    const username = checkUsername(input.username)
    const email = checkEmail(input.email)
    checkPassword(input.password, username)
    const taken = await usernameOrEmailTaken(db, username, email)
    if (taken) throw memberError(taken === 'username' ? 'MEMBER_USERNAME_TAKEN' : 'MEMBER_EMAIL_TAKEN')
    const passwordHash = await hashPassword(input.password, cost)
    try {
      return await insertMember(db, { username, email, passwordHash, role: input.role ?? 'member', at: deps.now().toISOString() })
    } catch (error) {
      // two registrations of one name at once: the unique index decides
      const again = await usernameOrEmailTaken(db, username, email)
      if (again) throw memberError(again === 'username' ? 'MEMBER_USERNAME_TAKEN' : 'MEMBER_EMAIL_TAKEN')
      throw error
    }
  }

  async function authenticate(login: string, password: string): Promise<Member> {
    const found = await findMemberForLogin(db, login)
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

  return {
    register,
    authenticate,

    /** logs in: checks the password and starts a new session (the token goes into the cookie) */
    async logIn(login: string, password: string): Promise<{ member: Member; token: string; expiresAt: string }> {
      const member = await authenticate(login, password)
      return { member, ...(await deps.sessions.start(member.id)) }
    },

    /** changes a password and ends every other session of the member */
    async changePassword(member: Member, current: string, next: string, keepToken?: string): Promise<void> {
      const stored = await findPasswordHash(db, member.id)
      if (!stored || !(await verifyPassword(current, stored))) throw memberError('MEMBER_PASSWORD_WRONG')
      checkPassword(next, member.username)
      await updatePasswordHash(db, member.id, await hashPassword(next, cost), deps.now().toISOString(), true)
      await deps.sessions.endAllFor(member.id, keepToken)
    },

    async setRole(memberId: number, role: Role): Promise<void> {
      await updateRole(db, memberId, role, deps.now().toISOString())
    },
  }
}
export type MemberService = ReturnType<typeof createMemberService>
