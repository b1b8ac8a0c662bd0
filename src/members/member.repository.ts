import type { ExpressionBuilder } from 'kysely'
import type { DbOrTrx, PublicDatabase } from '../platform/db/database.ts'
import type { Member, Role } from './member.ts'
import type { MemberTable } from './member.table.ts'

type MemberRow = Pick<MemberTable, 'username' | 'email' | 'role' | 'created_at'> & { id: number }
const toMember = (r: MemberRow): Member => ({ id: r.id, username: r.username, email: r.email, role: r.role, createdAt: r.created_at })
const COLUMNS = ['id', 'username', 'email', 'role', 'created_at'] as const

export async function insertMember(db: DbOrTrx, row: { username: string; email: string | null; passwordHash: string; role: Role; at: string }): Promise<Member> {
  const r = await db
    .insertInto('members')
    .values({
      username: row.username,
      username_key: row.username.toLowerCase(),
      email: row.email,
      password_hash: row.passwordHash,
      role: row.role,
      created_at: row.at,
      updated_at: row.at,
      password_changed_at: row.at,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow()
  return toMember(r)
}

export async function findMemberById(db: DbOrTrx, id: number): Promise<Member | undefined> {
  const r = await db.selectFrom('members').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return r && toMember(r)
}

/** By username (any case) or email: what a login form accepts. */
export async function findMemberForLogin(db: DbOrTrx, login: string): Promise<(Member & { passwordHash: string }) | undefined> {
  const key = login.normalize('NFKC').trim().toLowerCase()
  const r = await db
    .selectFrom('members')
    .select([...COLUMNS, 'password_hash'])
    .where((eb) => eb.or([eb('username_key', '=', key), eb('email', '=', key)]))
    .executeTakeFirst()
  return r && { ...toMember(r), passwordHash: r.password_hash }
}

export async function usernameOrEmailTaken(db: DbOrTrx, username: string, email: string | null): Promise<'username' | 'email' | undefined> {
  if (await db.selectFrom('members').select('id').where('username_key', '=', username.toLowerCase()).executeTakeFirst()) return 'username'
  if (email && (await db.selectFrom('members').select('id').where('email', '=', email).executeTakeFirst())) return 'email'
  return undefined
}

export async function findPasswordHash(db: DbOrTrx, id: number): Promise<string | undefined> {
  return (await db.selectFrom('members').select('password_hash').where('id', '=', id).executeTakeFirst())?.password_hash
}

export async function updatePasswordHash(db: DbOrTrx, id: number, hash: string, at: string, changed: boolean): Promise<void> {
  await db
    .updateTable('members')
    .set({ password_hash: hash, updated_at: at, ...(changed ? { password_changed_at: at } : {}) })
    .where('id', '=', id)
    .execute()
}

export async function updateRole(db: DbOrTrx, id: number, role: Role, at: string): Promise<void> {
  await db.updateTable('members').set({ role, updated_at: at }).where('id', '=', id).execute()
}

export async function isDisabled(db: DbOrTrx, id: number): Promise<boolean> {
  const r = await db.selectFrom('members').select('disabled_at').where('id', '=', id).executeTakeFirst()
  return r?.disabled_at != null
}

/** A member as the console's list shows them. */
export interface StaffMemberRow {
  id: number
  username: string
  email: string | null
  role: Role
  createdAt: string
  disabled: boolean
  /** two-factor sign-in is on */
  twoFactor: boolean
}

const twoFactorOn = (eb: ExpressionBuilder<PublicDatabase, 'members'>) =>
  eb.exists(eb.selectFrom('member_totp').select('member_totp.member_id').whereRef('member_totp.member_id', '=', 'members.id').where('member_totp.enabled_at', 'is not', null)).as('two_factor')
type RowRead = { id: number; username: string; email: string | null; role: Role; created_at: string; disabled_at: string | null; two_factor: unknown }
const rowOf = (r: RowRead): StaffMemberRow => ({
  id: r.id,
  username: r.username,
  email: r.email,
  role: r.role,
  createdAt: r.created_at,
  disabled: r.disabled_at !== null,
  // SQLite answers 0/1, PostgreSQL a boolean
  twoFactor: Boolean(Number(r.two_factor)),
})

export async function findMemberRow(db: DbOrTrx, id: number): Promise<StaffMemberRow | undefined> {
  const r = await db.selectFrom('members').select(['id', 'username', 'email', 'role', 'created_at', 'disabled_at']).select(twoFactorOn).where('id', '=', id).executeTakeFirst()
  return r && rowOf(r)
}

export async function listMemberRows(db: DbOrTrx, q: { text?: string; role?: Role; page: number; pageSize: number }): Promise<{ items: StaffMemberRow[]; total: number }> {
  let base = db.selectFrom('members')
  const text = q.text
    ?.replace(/[%_\\]/g, '')
    .trim()
    .toLowerCase()
  if (text) base = base.where((eb) => eb.or([eb('username_key', 'like', `%${text}%`), eb('email', 'like', `%${text}%`)]))
  if (q.role) base = base.where('role', '=', q.role)
  const total = Number((await base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await base
    .select(['id', 'username', 'email', 'role', 'created_at', 'disabled_at'])
    .select(twoFactorOn)
    .orderBy('id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute()
  return { items: rows.map(rowOf), total }
}

/** Records a member's agreement to the site's policies (see migration 0028). */
export async function insertConsent(db: DbOrTrx, row: { memberId: number; version: string; at: string; ip: string | null }): Promise<void> {
  await db.insertInto('member_consents').values({ member_id: row.memberId, version: row.version, agreed_at: row.at, ip: row.ip }).execute()
}
