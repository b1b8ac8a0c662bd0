import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../platform/db/database.ts'
import type { Member } from './member.ts'
import { findMemberById } from './member.repository.ts'
import type { SessionStore } from './session-store.ts'

/**
 * Logins. The cookie carries a random 256-bit token; the store keeps only its
 * SHA-256, so reading the store does not let anyone log in. Sessions slide:
 * each use after an hour moves the expiry to 30 days from then. The member
 * (and so the role) is read from the database on every request.
 */
export const SESSION_DAYS = 30
const TOUCH_AFTER_MS = 3600_000
/** a staff session's last use is kept to the minute, so that its idle limit holds to the minute */
const STAFF_TOUCH_AFTER_MS = 60_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * `staffIdleMinutes`: a session of a staff account (author, editor, admin) not used
 * for this long ends (it can do far more than a reader's); 0 or absent: no limit
 * beyond the 30 days.
 */
export function createSessionService(deps: { db: Db; store: SessionStore; now: () => Date; staffIdleMinutes?: number }) {
  const { store } = deps
  const expiry = (at: Date) => new Date(at.getTime() + SESSION_DAYS * 86_400_000).toISOString()
  const staffIdleMs = (deps.staffIdleMinutes ?? 0) * 60_000
  /** the member if the session may go on (touched when due), undefined if a staff session sat idle too long (then ended) */
  async function goOn(id: string, member: Member | undefined, lastSeenAt: string, at: Date): Promise<Member | undefined> {
    if (!member) return undefined
    const idle = at.getTime() - Date.parse(lastSeenAt)
    const staff = member.role !== 'member'
    if (staff && staffIdleMs > 0 && idle > staffIdleMs) {
      await store.delete(id)
      return undefined
    }
    if (idle > (staff && staffIdleMs > 0 ? STAFF_TOUCH_AFTER_MS : TOUCH_AFTER_MS)) await store.touch(id, at.toISOString(), expiry(at))
    return member
  }
  return {
    /** a new session for a member (at login the caller ends the browser's old one: the token rotates) */
    async start(memberId: number): Promise<{ token: string; expiresAt: string }> {
      const token = randomBytes(32).toString('base64url')
      const at = deps.now()
      const expiresAt = expiry(at)
      await store.create(hashToken(token), { memberId, createdAt: at.toISOString(), expiresAt, lastSeenAt: at.toISOString() })
      return { token, expiresAt }
    },

    /** the member behind a cookie's token, or undefined (unknown, expired or malformed) */
    async resolve(token: string | undefined): Promise<Member | undefined> {
      if (!token || token.length > 100) return undefined
      const at = deps.now()
      const id = hashToken(token)
      if (store.getWithMember) {
        const found = await store.getWithMember(id, at.toISOString())
        return found ? goOn(id, found.member, found.record.lastSeenAt, at) : undefined
      }
      const record = await store.get(id, at.toISOString())
      if (!record) return undefined
      return goOn(id, await findMemberById(deps.db, record.memberId), record.lastSeenAt, at)
    },

    async end(token: string | undefined): Promise<void> {
      if (token && token.length <= 100) await store.delete(hashToken(token))
    },

    /** every session of a member but `keepToken`'s (after a password change) */
    async endAllFor(memberId: number, keepToken?: string): Promise<void> {
      await store.deleteAllFor(memberId, keepToken ? hashToken(keepToken) : undefined)
    },

    /** drops expired sessions (run by a job) */
    sweep: () => store.sweep(deps.now().toISOString()),
  }
}
export type SessionService = ReturnType<typeof createSessionService>
