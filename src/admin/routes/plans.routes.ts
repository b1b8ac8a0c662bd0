import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { commerceError } from '../../commerce/index.ts'
import { cents, parseYuan } from '../../shared/money.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, IdParams, PlanActiveBody, PlanBody, PlanListResponse, PlanResponse } from '../contract/admin.schemas.ts'

/** VIP plans: list, create, put on sale or take off. */
export const planRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { commerce }) => {
  app.get('/plans', { schema: { tags: ['plans'], summary: 'every VIP plan, on sale or not', response: { 200: PlanListResponse, ...ERRORS } } }, async (request) => ({
    items: await commerce.vip.listAllPlans(staffOf(request)),
  }))
  app.post('/plans', { schema: { tags: ['plans'], summary: 'create a VIP plan (on sale at once)', body: PlanBody, response: { 201: PlanResponse, ...ERRORS } } }, async (request, reply) => {
    const b = request.body
    const plan = await commerce.vip.createPlan(staffOf(request), {
      name: b.name,
      level: b.level,
      days: b.days,
      price: parseYuan(b.price) ?? cents(0),
      benefit: b.benefit,
      discountPercent: b.discountPercent ?? 0,
    })
    return reply.code(201).send({ plan })
  })
  app.patch(
    '/plans/:id',
    { schema: { tags: ['plans'], summary: 'put a plan on sale or take it off; mark it recommended', params: IdParams, body: PlanActiveBody, response: { 200: PlanResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      const { active, recommended } = request.body
      let plan = active !== undefined ? await commerce.vip.setPlanActive(actor, request.params.id, active) : undefined
      if (recommended !== undefined) plan = await commerce.vip.setPlanRecommended(actor, request.params.id, recommended)
      if (!plan) throw commerceError('VIP_PLAN_INVALID', { field: 'active' })
      return { plan }
    },
  )
}
