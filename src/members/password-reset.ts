import { createHash, randomBytes } from 'node:crypto'
import type { Db, DbOrTrx } from '../platform/db/database.ts'
import type { OutgoingMail } from '../platform/mail/outbox.ts'
import type { RateCounter } from '../platform/rate-limit/counter.ts'
import { isCommonPassword } from './common-passwords.ts'
import { checkEmail, checkPassword, memberError } from './member-rules.ts'
import type { Member } from './member.ts'
import { DEFAULT_COST, hashPassword, type ScryptCost } from './password.ts'
import { findMemberById, updatePasswordHash } from './member.repository.ts'
import type { SessionService } from './session.service.ts'

export const RESET_MINUTES = 30
/** Reset mails a client address may ask for an hour, and how many one e-mail address may receive. */
export const RESETS_PER_ADDRESS = 10
export const RESETS_PER_EMAIL = 3
const HOUR = 3_600_000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface PasswordResetDeps {
  db: Db
  sessions: SessionService
  counter: RateCounter
  now: () => Date
  /** the outbox: `enqueue` runs in the transaction that makes the token, `kick` after it commits */
  mail: { enqueue(db: DbOrTrx, mail: OutgoingMail, at: Date): Promise<void>; kick(): void }
  /** the mail for this member and link, in the site's words and language */
  compose(input: { to: string; username: string; link: string; minutes: number }): OutgoingMail
  /** the page a token opens */
  linkFor(token: string): string
  passwordCost?: ScryptCost
  /** a link that could not be made or queued (logged; the asker was already answered) */
  onError?: (error: unknown) => void
}

/**
 * Password reset by e-mail. Asking answers the same whether or not the address is
 * registered (the caller shows one message either way), and is limited per client
 * address and per e-mail address, registered or not. The link's token is random
 * (256 bits), kept only as its SHA-256, good for RESET_MINUTES and once; using it
 * sets the password, spends every other link of the member and ends all their
 * sessions (the caller then starts one for this browser).
 */
export function createPasswordResets(deps: PasswordResetDeps) {
  const { db } = deps
  const cost = deps.passwordCost ?? DEFAULT_COST

  /** A token not used and not expired, with its member. */
  async function findValid(token: string): Promise<{ hash: string; memberId: number } | undefined> {
    if (!/^[\w-]{20,100}$/.test(token)) return undefined
    const hash = hashToken(token)
    const row = await db.selectFrom('password_resets').select(['member_id', 'expires_at', 'used_at']).where('token_hash', '=', hash).executeTakeFirst()
    if (!row || row.used_at || row.expires_at <= deps.now().toISOString()) return undefined
    return { hash, memberId: row.member_id }
  }

  const inFlight = new Set<Promise<void>>()

  /** Makes a link for the member with this e-mail, if any, and queues its mail in the same transaction. */
  async function mailLink(email: string): Promise<void> {
    const member = await db.selectFrom('members').select(['id', 'username', 'email']).where('email', '=', email).executeTakeFirst()
    if (!member?.email) return
    const token = randomBytes(32).toString('base64url')
    const now = deps.now()
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('password_resets')
        .values({ token_hash: hashToken(token), member_id: member.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(), used_at: null })
        .execute()
      await deps.mail.enqueue(trx, deps.compose({ to: member.email as string, username: member.username, link: deps.linkFor(token), minutes: RESET_MINUTES }), now)
    })
    deps.mail.kick()
  }

  return {
    /**
     * Mails a reset link to the member with this e-mail, if there is one. Throws only
     * for a malformed address or too many requests; otherwise nothing says whether
     * the address is registered.
     */
    async request(emailInput: string, from: { address: string }): Promise<void> {
      const email = checkEmail(emailInput)
      if (!email) throw memberError('MEMBER_EMAIL_INVALID')
      const [byAddress, byEmail] = await Promise.all([deps.counter.hit(`reset:a:${from.address}`, HOUR), deps.counter.hit(`reset:e:${email}`, HOUR)])
      const over = byAddress.count > RESETS_PER_ADDRESS ? byAddress : byEmail.count > RESETS_PER_EMAIL ? byEmail : undefined
      if (over) throw memberError('MEMBER_RESET_THROTTLED', { minutes: Math.max(1, Math.ceil(over.resetMs / 60_000)) })
      // the answer does not wait for the lookup and the mail: its time says nothing about the address either
      const work = mailLink(email)
        .catch((error: unknown) => deps.onError?.(error))
        .finally(() => inFlight.delete(work))
      inFlight.add(work)
    },

    /** waits for links being made and queued (tests, shutdown) */
    async idle(): Promise<void> {
      while (inFlight.size) await Promise.all(inFlight)
    },

    /** true when the link can still be used (the form is shown; nothing is spent) */
    async isUsable(token: string): Promise<boolean> {
      return (await findValid(token)) !== undefined
    },

    /** Sets the new password through the link; the link and every other of the member's are spent, their sessions ended. */
    async reset(token: string, password: string): Promise<Member> {
      const valid = await findValid(token)
      if (!valid) throw memberError('MEMBER_RESET_INVALID')
      const member = await findMemberById(db, valid.memberId)
      if (!member) throw memberError('MEMBER_RESET_INVALID')
      checkPassword(password, member.username)
      if (await isCommonPassword(password)) throw memberError('MEMBER_PASSWORD_COMMON')
      const hash = await hashPassword(password, cost)
      const at = deps.now().toISOString()
      const spent = await db.transaction().execute(async (trx) => {
        // the link is spent here, once: of two uses at the same moment only one changes anything
        const used = await trx.updateTable('password_resets').set({ used_at: at }).where('token_hash', '=', valid.hash).where('used_at', 'is', null).executeTakeFirst()
        if (Number(used.numUpdatedRows) !== 1) return false
        await trx.updateTable('password_resets').set({ used_at: at }).where('member_id', '=', member.id).where('used_at', 'is', null).execute()
        await updatePasswordHash(trx, member.id, hash, at, true)
        return true
      })
      if (!spent) throw memberError('MEMBER_RESET_INVALID')
      await deps.sessions.endAllFor(member.id)
      return member
    },

    /** links expired a day ago or used are deleted */
    async sweep(): Promise<void> {
      const before = new Date(deps.now().getTime() - 86_400_000).toISOString()
      await db.deleteFrom('password_resets').where('expires_at', '<', before).execute()
    },
  }
}
export type PasswordResets = ReturnType<typeof createPasswordResets>
