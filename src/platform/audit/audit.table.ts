import type { Generated } from 'kysely'

/**
 * The audit log (migration 0016): one row per staff or operator action, written by
 * the operation inside its own transaction, so an action and its record commit
 * together or not at all. Never updated, never deleted by the application.
 */
export interface AuditLogTable {
  id: Generated<number>
  at: string
  /** actorLabel(actor): `admin:1:boss`, `operator:root`, `system:expire-orders` */
  actor: string
  /** the account behind the actor, if any (filters by person) */
  member_id: number | null
  /** site | api | admin | cli | job */
  via: string
  /** the client address the request came from, when there was a request */
  ip: string | null
  /** what was done, `<domain>.<verb>`: `order.refund`, `plan.create`, `post.set-status` */
  action: string
  /** what it was done to: `order:2026…`, `post:slug`, `member:12` */
  target: string
  /** JSON: the reason, and before/after for money, roles and settings */
  detail: string
}
