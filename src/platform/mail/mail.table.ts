import type { Generated } from 'kysely'

/** Mail waiting to go out (migration 0015): sent after the transaction that wrote it commits, retried with a growing wait. */
export interface MailOutboxTable {
  id: Generated<number>
  to_address: string
  subject: string
  text_body: string
  created_at: string
  attempts: Generated<number>
  next_attempt_at: string
  sent_at: string | null
  /** set when it gave up (too many attempts) */
  failed_at: string | null
  last_error: string | null
}
