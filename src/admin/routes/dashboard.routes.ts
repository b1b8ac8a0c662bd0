import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { DashboardResponse } from '../contract/dashboard.schemas.ts'

/** The dashboard: revenue by day and provider, orders by state, new members, the best-selling and most-read posts. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { commerce }) => {
  app.get('/dashboard', { schema: { tags: ['dashboard'], summary: 'the last 30 days at a glance (admins)', response: { 200: DashboardResponse, ...ERRORS } } }, async (request) =>
    commerce.dashboard.overview(staffOf(request)),
  )
}
