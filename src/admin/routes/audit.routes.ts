import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { readAudit } from '../../platform/audit/audit-log.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { AuditListResponse, AuditQuery, ERRORS } from '../contract/admin.schemas.ts'

/** The audit log, newest first, filtered by person, action, target and time. Admins only. */
export const auditRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { db }) => {
  app.get('/audit', { schema: { tags: ['audit'], summary: 'who did what, newest first', querystring: AuditQuery, response: { 200: AuditListResponse, ...ERRORS } } }, async (request) => {
    const q = request.query
    const limit = q.limit ?? 50
    const items = await readAudit(db, staffOf(request), {
      limit,
      ...(q.member !== undefined ? { memberId: q.member } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.target !== undefined ? { target: q.target } : {}),
      ...(q.from !== undefined ? { from: new Date(q.from).toISOString() } : {}),
      ...(q.to !== undefined ? { to: new Date(q.to).toISOString() } : {}),
      ...(q.before !== undefined ? { beforeId: q.before } : {}),
    })
    return { items, next: items.length === limit ? (items.at(-1)?.id ?? null) : null }
  })
}
