import type { Db, DbOrTrx } from '../db/database.ts'
import type { MailTransport } from './smtp-transport.ts'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
}

/** Attempts before a mail is given up (the last ~2 hours after the first). */
export const MAX_ATTEMPTS = 8
const FIRST_WAIT_MS = 30_000

/** The wait after the n-th failed attempt: 30 s, 1, 2, 4 … 64 minutes. */
export const retryWait = (attempts: number): number => FIRST_WAIT_MS * 2 ** Math.max(0, attempts - 1)

/**
 * Puts a mail in the outbox, in the caller's transaction: it goes out only if that
 * transaction commits (a reset link is never mailed for a token that was rolled back).
 */
export async function enqueueMail(db: DbOrTrx, mail: OutgoingMail, at: Date): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({ to_address: mail.to, subject: mail.subject, text_body: mail.text, created_at: at.toISOString(), next_attempt_at: at.toISOString(), sent_at: null, failed_at: null, last_error: null })
    .execute()
}

export interface MailSenderDeps {
  db: Db
  transport: MailTransport
  now: () => Date
  log: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void }
}

/**
 * Sends what the outbox holds. A mail is claimed before it is sent (its next attempt
 * moved on, guarded by the value read), so two processes never send one mail twice;
 * a failure is kept with the mail and retried after a growing wait, up to
 * MAX_ATTEMPTS. `kick()` sends soon, for a mail just committed; the job's `sendDue()`
 * picks up the rest (retries, and mail whose process died before sending).
 */
export function createMailSender(deps: MailSenderDeps) {
  const { db } = deps
  let running: Promise<number> | undefined
  let again = false

  async function sendOne(row: { id: number; to_address: string; subject: string; text_body: string; attempts: number; next_attempt_at: string }): Promise<boolean> {
    const now = deps.now()
    const attempts = row.attempts + 1
    const claimed = await db
      .updateTable('mail_outbox')
      .set({ attempts, next_attempt_at: new Date(now.getTime() + retryWait(attempts)).toISOString() })
      .where('id', '=', row.id)
      .where('next_attempt_at', '=', row.next_attempt_at)
      .where('sent_at', 'is', null)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return false
    try {
      await deps.transport.send({ to: row.to_address, subject: row.subject, text: row.text_body })
      // the body is dropped once sent: it holds a live link, and the row stays a week
      await db.updateTable('mail_outbox').set({ sent_at: deps.now().toISOString(), last_error: null, text_body: '' }).where('id', '=', row.id).execute()
      return true
    } catch (error) {
      const message = error instanceof Error ? error.message.slice(0, 500) : String(error)
      const givenUp = attempts >= MAX_ATTEMPTS
      await db
        .updateTable('mail_outbox')
        .set({ last_error: message, ...(givenUp ? { failed_at: deps.now().toISOString() } : {}) })
        .where('id', '=', row.id)
        .execute()
      if (givenUp) deps.log.error({ mailId: row.id, attempts, err: message }, 'a mail could not be sent and was given up')
      else deps.log.warn({ mailId: row.id, attempts, err: message }, 'a mail could not be sent; it will be tried again')
      return false
    }
  }

  /** Sends every mail now due (at most `limit`); resolves to how many went out. */
  async function sendDue(limit = 50): Promise<number> {
    const due = await db
      .selectFrom('mail_outbox')
      .select(['id', 'to_address', 'subject', 'text_body', 'attempts', 'next_attempt_at'])
      .where('sent_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('next_attempt_at', '<=', deps.now().toISOString())
      .orderBy('id')
      .limit(limit)
      .execute()
    let sent = 0
    for (const row of due) if (await sendOne(row)) sent++
    return sent
  }

  /** sends what is due soon, once (a kick while sending runs once more after) */
  function kick(): void {
    if (running) {
      again = true
      return
    }
    running = sendDue()
      .catch((err) => {
        deps.log.error({ err }, 'sending mail failed')
        return 0
      })
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          kick()
        }
      })
  }

  return {
    sendDue,
    kick,
    /** waits for a send in progress (tests, shutdown) */
    async idle(): Promise<void> {
      while (running) await running
    },
    /** a sent or given-up mail is kept a week (what was sent, when, why it failed), then deleted */
    async sweep(): Promise<void> {
      const before = new Date(deps.now().getTime() - 7 * 86_400_000).toISOString()
      await db.deleteFrom('mail_outbox').where('sent_at', '<', before).execute()
      await db.deleteFrom('mail_outbox').where('failed_at', '<', before).execute()
    },
  }
}
export type MailSender = ReturnType<typeof createMailSender>
