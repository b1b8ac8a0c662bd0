import type { DbOrTrx } from '../db/database.ts'
import { actorLabel, memberIdOf, type Actor } from '../access/actor.ts'
import { authorize } from '../access/permissions.ts'

export interface AuditEntry {
  /** `<domain>.<verb>` */
  action: string
  /** `<kind>:<id>` of what was acted on */
  target: string
  /** the reason, and before/after for money, roles and settings; never a secret */
  detail?: Record<string, unknown>
}

export interface AuditRow {
  id: number
  at: string
  actor: string
  memberId: number | null
  via: string
  ip: string | null
  action: string
  target: string
  detail: Record<string, unknown>
}

const viaOf = (actor: Actor): string => (actor.kind === 'member' ? actor.via : actor.kind === 'operator' ? 'cli' : actor.kind === 'system' ? 'job' : 'site')
const ipOf = (actor: Actor): string | null => ((actor.kind === 'member' || actor.kind === 'visitor') && actor.ip ? actor.ip : null)

/**
 * Records one action. Called by the operation inside the transaction that does the
 * action (pass the transaction), so the record exists exactly when the action does.
 */
export async function recordAudit(db: DbOrTrx, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: at.toISOString(),
      actor: actorLabel(actor),
      member_id: memberIdOf(actor),
      via: viaOf(actor),
      ip: ipOf(actor),
      action: entry.action,
      target: entry.target,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
}

export interface AuditQuery {
  memberId?: number
  /** an action, or a domain prefix ending in '.' (`order.`) */
  action?: string
  target?: string
  /** ISO times, from inclusive, to exclusive */
  from?: string
  to?: string
  /** rows older than this id (the next page) */
  beforeId?: number
  limit: number
}

/** Newest first. */
async function listAudit(db: DbOrTrx, q: AuditQuery): Promise<AuditRow[]> {
  let query = db.selectFrom('audit_log').selectAll()
  if (q.memberId !== undefined) query = query.where('member_id', '=', q.memberId)
  if (q.action !== undefined) query = q.action.endsWith('.') ? query.where('action', 'like', `${q.action.replace(/[%_\\]/g, '')}%`) : query.where('action', '=', q.action)
  if (q.target !== undefined) query = query.where('target', '=', q.target)
  if (q.from !== undefined) query = query.where('at', '>=', q.from)
  if (q.to !== undefined) query = query.where('at', '<', q.to)
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId)
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    memberId: r.member_id,
    via: r.via,
    ip: r.ip,
    action: r.action,
    target: r.target,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }))
}

/** The audit log as staff read it: admins only. */
export async function readAudit(db: DbOrTrx, actor: Actor, q: AuditQuery): Promise<AuditRow[]> {
  authorize(actor, 'audit.read')
  return listAudit(db, q)
}
