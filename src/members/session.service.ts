import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '../platform/db/database.ts'
import type { Member } from './member.ts'
import { findMemberById } from './member.repository.ts'

/**
 * Logins, stored in the database (a Redis store with the same shape comes with
 * REDIS_URL). The cookie carries a random 256-bit token; the table keeps only
 * its SHA-256, so reading the table does not let anyone log in. Sessions slide:
 * each use after an hour moves the expiry to 30 days from then.
 */
export const SESSION_DAYS = 30
const TOUCH_AFTER_MS = 3600_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export function createSessionService(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  const expiry = (at: Date) => new Date(at.getTime() + SESSION_DAYS * 86_400_000).toISOString()
  return {
    /** a new session for a member (at login: any session the browser had before is ended by the caller) */
    async start(memberId: number): Promise<{ token: string; expiresAt: string }> {
      const token = randomBytes(32).toString('base64url')
      const at = deps.now()
      const expiresAt = expiry(at)
      await db.insertInto('sessions').values({ id: hashToken(token), member_id: memberId, created_at: at.toISOString(), expires_at: expiresAt, last_seen_at: at.toISOString() }).execute()
      return { token, expiresAt }
    },

    /** the member behind a cookie's token, or undefined (unknown, expired or malformed) */
    async resolve(token: string | undefined): Promise<Member | undefined> {
      if (!token || token.length > 100) return undefined
      const at = deps.now()
      const id = hashToken(token)
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', at.toISOString()).executeTakeFirst()
      if (!row) return undefined
      if (at.getTime() - Date.parse(row.last_seen_at) > TOUCH_AFTER_MS) {
        await db.updateTable('sessions').set({ last_seen_at: at.toISOString(), expires_at: expiry(at) }).where('id', '=', id).execute()
      }
      return findMemberById(db, row.member_id)
    },

    async end(token: string | undefined): Promise<void> {
      if (token) await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute()
    },

    /** every session of a member but `keepToken`'s (after a password change) */
    async endAllFor(memberId: number, keepToken?: string): Promise<void> {
      let q = db.deleteFrom('sessions').where('member_id', '=', memberId)
      if (keepToken) q = q.where('id', '<>', hashToken(keepToken))
      await q.execute()
    },

    /** drops expired rows (run by a job) */
    async sweep(): Promise<number> {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', deps.now().toISOString()).executeTakeFirst()
      return Number(r.numDeletedRows)
    },
  }
}
export type SessionService = ReturnType<typeof createSessionService>
