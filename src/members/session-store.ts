import type { Redis } from 'ioredis'
import type { Db } from '../platform/db/database.ts'
import type { Member } from './member.ts'
import { compiledRead } from '../platform/db/compiled-read.ts'

export interface SessionRecord {
  memberId: number
  createdAt: string
  expiresAt: string
  lastSeenAt: string
}

/**
 * Where logins live: the database by default, Redis when REDIS_URL is set
 * (shared by every app process, expiring by itself). Ids are the SHA-256 of
 * the cookie's token, never the token.
 */
export interface SessionStore {
  create(id: string, record: SessionRecord): Promise<void>
  get(id: string, now: string): Promise<SessionRecord | undefined>
  /** the session and its member in one read, where the store can join them (the database) */
  getWithMember?(id: string, now: string): Promise<{ record: SessionRecord; member: Member } | undefined>
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>
  delete(id: string): Promise<void>
  /** every session of a member but `exceptId` */
  deleteAllFor(memberId: number, exceptId?: string): Promise<void>
  /** drops expired sessions; Redis expires keys itself */
  sweep(now: string): Promise<number>
}

const sessionWithMember = compiledRead(
  (db: Db, id: string, now: string) =>
    db
      .selectFrom('sessions')
      .innerJoin('members', 'members.id', 'sessions.member_id')
      .select([
        'sessions.member_id',
        'sessions.created_at as session_created_at',
        'sessions.expires_at',
        'sessions.last_seen_at',
        'members.username',
        'members.email',
        'members.role',
        'members.created_at',
      ])
      .where('sessions.id', '=', id)
      .where('sessions.expires_at', '>', now),
  ['', ''] as [string, string],
)

export function createDbSessionStore(db: Db): SessionStore {
  return {
    async create(id, r) {
      await db.insertInto('sessions').values({ id, member_id: r.memberId, created_at: r.createdAt, expires_at: r.expiresAt, last_seen_at: r.lastSeenAt }).execute()
    },
    async get(id, now) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).where('expires_at', '>', now).executeTakeFirst()
      return row && { memberId: row.member_id, createdAt: row.created_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at }
    },
    async getWithMember(id, now) {
      // every request of a logged-in reader does this: one indexed join instead of two reads, compiled once
      const [row] = await sessionWithMember(db, id, now)
      if (!row) return undefined
      return {
        record: { memberId: row.member_id, createdAt: row.session_created_at, expiresAt: row.expires_at, lastSeenAt: row.last_seen_at },
        member: { id: row.member_id, username: row.username, email: row.email, role: row.role, createdAt: row.created_at },
      }
    },
    async touch(id, lastSeenAt, expiresAt) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute()
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute()
    },
    async deleteAllFor(memberId, exceptId) {
      let q = db.deleteFrom('sessions').where('member_id', '=', memberId)
      if (exceptId) q = q.where('id', '<>', exceptId)
      await q.execute()
    },
    async sweep(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
      return Number(r.numDeletedRows)
    },
  }
}

/**
 * Redis layout: `<prefix>s:<id>` holds the record as JSON with a TTL to its
 * expiry; `<prefix>m:<memberId>` is the set of a member's session ids, so a
 * password change can end them all. Stale ids in the set are harmless.
 */
export function createRedisSessionStore(redis: Redis, prefix = 'inkgate:'): SessionStore {
  const key = (id: string) => `${prefix}s:${id}`
  const memberKey = (memberId: number) => `${prefix}m:${memberId}`
  const ttl = (expiresAt: string, now = Date.now()) => Math.max(1, Date.parse(expiresAt) - now)
  return {
    async create(id, r) {
      await redis
        .multi()
        .set(key(id), JSON.stringify(r), 'PX', ttl(r.expiresAt, Date.parse(r.createdAt)))
        .sadd(memberKey(r.memberId), id)
        .pexpire(memberKey(r.memberId), ttl(r.expiresAt, Date.parse(r.createdAt)))
        .exec()
    },
    async get(id, now) {
      const raw = await redis.get(key(id))
      if (!raw) return undefined
      const r = JSON.parse(raw) as SessionRecord
      return r.expiresAt > now ? r : undefined
    },
    async touch(id, lastSeenAt, expiresAt) {
      const raw = await redis.get(key(id))
      if (!raw) return
      const r = { ...(JSON.parse(raw) as SessionRecord), lastSeenAt, expiresAt }
      await redis
        .multi()
        .set(key(id), JSON.stringify(r), 'PX', ttl(expiresAt, Date.parse(lastSeenAt)))
        .pexpire(memberKey(r.memberId), ttl(expiresAt, Date.parse(lastSeenAt)))
        .exec()
    },
    async delete(id) {
      await redis.del(key(id))
    },
    async deleteAllFor(memberId, exceptId) {
      const ids = (await redis.smembers(memberKey(memberId))).filter((id) => id !== exceptId)
      if (!ids.length) return
      await redis
        .multi()
        .del(...ids.map(key))
        .srem(memberKey(memberId), ...ids)
        .exec()
    },
    async sweep() {
      return 0
    },
  }
}
