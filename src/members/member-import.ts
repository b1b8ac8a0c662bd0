import type { DbOrTrx } from '../platform/db/database.ts'
import { isLegacyHash } from './legacy-password.ts'
import type { Role } from './member.ts'

/** A reader brought from another site: their name and address as they were, their old password's hash. */
export interface ImportedMember {
  username: string
  email: string | null
  /** a legacy hash (legacy-password.ts), replaced by ours at their first sign-in; or NO_PASSWORD (a reset sets one) */
  legacyHash: string
  /** the role a new member takes (an old site's authors write here too); a member brought before keeps theirs */
  role?: Role
  disabled: boolean
  createdAt: string
}

export type ImportedMemberResult = { id: number; created: boolean } | { skipped: 'username-taken' | 'email-taken' | 'username-empty' }

/**
 * Brings a member in, or updates one brought before (`existingId`). Names are
 * kept as they were (an old site's rules differ from ours: a phone number as a
 * name signs in as before); one taken here by someone else is refused, not
 * merged. A member who has signed in since keeps the password they used: the
 * old hash replaces only an old hash.
 */
export async function upsertImportedMember(db: DbOrTrx, existingId: number | undefined, m: ImportedMember, at: string): Promise<ImportedMemberResult> {
  const username = m.username.normalize('NFKC').trim()
  if (!username) return { skipped: 'username-empty' }
  const key = username.toLowerCase()
  const email = m.email?.trim().toLowerCase() || null
  const holder = await db.selectFrom('members').select('id').where('username_key', '=', key).executeTakeFirst()
  if (holder && holder.id !== existingId) return { skipped: 'username-taken' }
  const emailHolder = email ? await db.selectFrom('members').select('id').where('email', '=', email).executeTakeFirst() : undefined
  const freeEmail = emailHolder && emailHolder.id !== existingId ? null : email
  if (existingId !== undefined) {
    const current = await db.selectFrom('members').select('password_hash').where('id', '=', existingId).executeTakeFirst()
    if (current) {
      await db
        .updateTable('members')
        .set({
          email: freeEmail,
          disabled_at: m.disabled ? at : null,
          updated_at: at,
          ...(isLegacyHash(current.password_hash) ? { password_hash: m.legacyHash } : {}),
        })
        .where('id', '=', existingId)
        .execute()
      return { id: existingId, created: false }
    }
  }
  if (email && !freeEmail) return { skipped: 'email-taken' }
  const row = await db
    .insertInto('members')
    .values({
      username,
      username_key: key,
      email: freeEmail,
      password_hash: m.legacyHash,
      role: m.role ?? 'member',
      created_at: m.createdAt,
      updated_at: at,
      password_changed_at: m.createdAt,
      disabled_at: m.disabled ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: row.id, created: true }
}
