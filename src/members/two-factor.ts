import { createHash, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Sealer } from '../platform/crypto/sealed-box.ts'
import type { Db } from '../platform/db/database.ts'
import { memberError } from './member-rules.ts'

/**
 * Two-factor sign-in for staff (两步验证): a TOTP authenticator (RFC 6238: SHA-1,
 * 6 digits, 30 s, a step either side for a phone's clock) and ten one-time
 * recovery codes for a lost phone. The seed is kept sealed (AES-256-GCM); a code is
 * accepted once (the step it matched is stored, and only a later one is taken
 * after it, so a code seen over a shoulder cannot be replayed); recovery codes are
 * kept as SHA-256 and spent on use. Wrong codes are throttled with the password
 * guesses they follow (member.service). An account with it on is asked for a code
 * at every door that signs in (the console and the site's /login), and a password
 * reset by mail does not sign it in.
 */
export const RECOVERY_CODES = 10
const PERIOD = 30
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex')
/** how a recovery code is typed back: any case, with or without its dash and spaces */
const normalRecovery = (typed: string) => typed.normalize('NFKC').toLowerCase().replace(/[\s-]/g, '')
const newRecoveryCode = () => {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
  return `${chars.slice(0, 5)}-${chars.slice(5)}`
}

export interface TwoFactorDeps {
  db: Db
  now: () => Date
  sealer: Sealer
  /** the name the authenticator app shows above the code (the site's name) */
  issuer: () => string
}

export function createTwoFactor(deps: TwoFactorDeps) {
  const { db } = deps
  const totpOf = (secret: string, label: string) => new TOTP({ issuer: deps.issuer(), label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) })
  const selfOf = (actor: Actor) => {
    authorize(actor, 'console.enter')
    if (actor.kind !== 'member') throw memberError('MEMBER_NOT_FOUND')
    return actor
  }
  const row = (memberId: number) => db.selectFrom('member_totp').selectAll().where('member_id', '=', memberId).executeTakeFirst()

  /** true when a 6-digit code of the seed matches now, in a step after the last one used (which it then becomes) */
  async function takeTotp(memberId: number, sealed: string, lastStep: number, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return false
    const at = deps.now().getTime()
    const delta = totpOf(deps.sealer.open(sealed), '').validate({ token: code, timestamp: at, window: 1 })
    if (delta === null) return false
    const step = Math.floor(at / 1000 / PERIOD) + delta
    if (step <= lastStep) return false
    // of two sign-ins with one code at the same moment, one moves the step
    const moved = await db.updateTable('member_totp').set({ last_step: step }).where('member_id', '=', memberId).where('last_step', '<', step).executeTakeFirst()
    return Number(moved.numUpdatedRows) === 1
  }

  async function takeRecovery(memberId: number, typed: string): Promise<boolean> {
    const code = normalRecovery(typed)
    if (code.length !== 10) return false
    const spent = await db
      .updateTable('member_recovery_codes')
      .set({ used_at: deps.now().toISOString() })
      .where('member_id', '=', memberId)
      .where('code_hash', '=', hashCode(code))
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Number(spent.numUpdatedRows) === 1
  }

  /** a fresh set of recovery codes, replacing the old ones; shown once */
  async function makeRecoveryCodes(memberId: number): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode)
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('member_recovery_codes').where('member_id', '=', memberId).execute()
      await trx
        .insertInto('member_recovery_codes')
        .values(codes.map((c) => ({ member_id: memberId, code_hash: hashCode(normalRecovery(c)), used_at: null })))
        .execute()
    })
    return codes
  }

  /** the code a signed-in staff member types to prove it is them (turning it off, new recovery codes) */
  async function requireCode(memberId: number, code: string): Promise<void> {
    if (!(await verify(memberId, code))) throw memberError('MEMBER_TOTP_WRONG')
  }

  /** Whether a sign-in with this code (from the authenticator or a recovery code) passes; a passing code is spent. */
  async function verify(memberId: number, code: string): Promise<boolean> {
    const found = await row(memberId)
    if (!found?.enabled_at) return false
    const typed = code.trim()
    return /^\d{6}$/.test(typed) ? takeTotp(memberId, found.secret_sealed, found.last_step, typed) : takeRecovery(memberId, typed)
  }

  /** whether signing in to this account needs a code */
  async function enabled(memberId: number): Promise<boolean> {
    return Boolean((await row(memberId))?.enabled_at)
  }

  return {
    verify,
    enabled,

    /** for the signed-in staff member: on or off, and how many recovery codes are left */
    async status(actor: Actor): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
      const self = selfOf(actor)
      const found = await row(self.memberId)
      if (!found?.enabled_at) return { enabled: false, recoveryCodesLeft: 0 }
      const left = await db
        .selectFrom('member_recovery_codes')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('member_id', '=', self.memberId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow()
      return { enabled: true, recoveryCodesLeft: Number(left.n) }
    },

    /** Starts setting up: a new seed for the authenticator app (as text and as an otpauth:// link for a QR code); not on until a code from it is given. */
    async begin(actor: Actor): Promise<{ secret: string; uri: string }> {
      const self = selfOf(actor)
      const found = await row(self.memberId)
      if (found?.enabled_at) throw memberError('MEMBER_TOTP_ALREADY')
      const secret = new Secret({ size: 20 }).base32
      const sealed = deps.sealer.seal(secret)
      const at = deps.now().toISOString()
      await db
        .insertInto('member_totp')
        .values({ member_id: self.memberId, secret_sealed: sealed, enabled_at: null, last_step: 0, created_at: at })
        .onConflict((oc) => oc.column('member_id').doUpdateSet({ secret_sealed: sealed, enabled_at: null, last_step: 0, created_at: at }))
        .execute()
      return { secret, uri: totpOf(secret, self.username).toString() }
    },

    /** Turns it on with the first code the app shows; answers the recovery codes (shown once). */
    async enable(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
      const self = selfOf(actor)
      const found = await row(self.memberId)
      if (!found) throw memberError('MEMBER_TOTP_NOT_STARTED')
      if (found.enabled_at) throw memberError('MEMBER_TOTP_ALREADY')
      if (!(await takeTotp(self.memberId, found.secret_sealed, found.last_step, code.trim()))) throw memberError('MEMBER_TOTP_WRONG')
      const now = deps.now()
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('member_totp').set({ enabled_at: now.toISOString() }).where('member_id', '=', self.memberId).execute()
        await recordAudit(trx, actor, now, { action: 'member.totp-enable', target: `member:${self.memberId}`, detail: { username: self.username } })
      })
      return { recoveryCodes: await makeRecoveryCodes(self.memberId) }
    },

    /** Turns one's own off, proven by a current code (or a recovery code). */
    async disable(actor: Actor, code: string): Promise<void> {
      const self = selfOf(actor)
      if (!(await enabled(self.memberId))) throw memberError('MEMBER_TOTP_OFF')
      await requireCode(self.memberId, code)
      await removeFor(actor, self.memberId, { username: self.username })
    },

    /** New recovery codes (the old ones stop working), proven by a current code. */
    async renewRecoveryCodes(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
      const self = selfOf(actor)
      if (!(await enabled(self.memberId))) throw memberError('MEMBER_TOTP_OFF')
      await requireCode(self.memberId, code)
      const recoveryCodes = await makeRecoveryCodes(self.memberId)
      await recordAudit(db, actor, deps.now(), { action: 'member.totp-recovery-codes', target: `member:${self.memberId}`, detail: { username: self.username } })
      return { recoveryCodes }
    },

    /** An admin turns off another staff member's two-factor sign-in (a lost phone and lost codes), with a reason. */
    async reset(actor: Actor, memberId: number, reason: string): Promise<void> {
      authorize(actor, 'member.manage')
      if (actor.kind === 'member' && actor.memberId === memberId) throw memberError('MEMBER_NOT_SELF')
      if (!reason.trim()) throw memberError('MEMBER_REASON_REQUIRED')
      const member = await db.selectFrom('members').select('username').where('id', '=', memberId).executeTakeFirst()
      if (!member) throw memberError('MEMBER_NOT_FOUND')
      if (!(await enabled(memberId))) throw memberError('MEMBER_TOTP_OFF')
      await removeFor(actor, memberId, { username: member.username, reason })
    },
  }

  async function removeFor(actor: Actor, memberId: number, detail: Record<string, unknown>): Promise<void> {
    const now = deps.now()
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('member_totp').where('member_id', '=', memberId).execute()
      await trx.deleteFrom('member_recovery_codes').where('member_id', '=', memberId).execute()
      await recordAudit(trx, actor, now, { action: 'member.totp-disable', target: `member:${memberId}`, detail })
    })
  }
}
export type TwoFactor = ReturnType<typeof createTwoFactor>
