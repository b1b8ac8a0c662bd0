import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import type { Cents } from '../shared/money.ts'
import { commerceError } from './commerce.errors.ts'
import type { VipBenefit, VipPlan } from './order.ts'
import { findPlan, listPlans, toPlan } from './vip.repository.ts'

export interface PlanInput {
  name: string
  level: number
  days: number
  price: Cents
  benefit: VipBenefit
  discountPercent?: number
}

/** Checks a plan as staff typed it; each problem has its own message key. */
function checkPlan(input: PlanInput): PlanInput {
  const name = input.name.trim()
  const bad = (field: string) => commerceError('VIP_PLAN_INVALID', { field })
  if (!name || name.length > 40) throw bad('name')
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 99) throw bad('level')
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > 36_500) throw bad('days')
  if (!Number.isSafeInteger(input.price) || input.price < 1) throw bad('price')
  if (input.benefit !== 'free' && input.benefit !== 'discount') throw bad('benefit')
  const discount = input.discountPercent ?? 0
  if (input.benefit === 'discount' ? !Number.isInteger(discount) || discount < 1 || discount > 99 : discount !== 0) throw bad('discountPercent')
  return { ...input, name, discountPercent: discount }
}

/** VIP plans: staff create them and switch them off; an order freezes the plan's price. */
export function createVipService(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  return {
    async createPlan(actor: Actor, input: PlanInput): Promise<VipPlan> {
      authorize(actor, 'plan.manage')
      const p = checkPlan(input)
      const now = deps.now()
      const at = now.toISOString()
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('vip_plans')
          .values({ name: p.name, level: p.level, days: p.days, price: p.price, benefit: p.benefit, discount_percent: p.discountPercent ?? 0, active: 1, created_at: at, updated_at: at })
          .returningAll()
          .executeTakeFirstOrThrow()
        const plan = toPlan(row)
        await recordAudit(trx, actor, now, { action: 'plan.create', target: `plan:${plan.id}`, detail: { after: plan } })
        return plan
      })
    },
    /** Puts a plan on sale or takes it off (orders already made keep their frozen price). */
    async setPlanActive(actor: Actor, id: number, active: boolean): Promise<VipPlan> {
      authorize(actor, 'plan.manage')
      const now = deps.now()
      return db.transaction().execute(async (trx) => {
        const before = await findPlan(trx, id)
        if (!before) throw commerceError('ORDER_PLAN_NOT_FOUND')
        await trx
          .updateTable('vip_plans')
          .set({ active: active ? 1 : 0, updated_at: now.toISOString() })
          .where('id', '=', id)
          .execute()
        const plan = (await findPlan(trx, id)) as VipPlan
        await recordAudit(trx, actor, now, { action: active ? 'plan.enable' : 'plan.disable', target: `plan:${id}`, detail: { before: { active: before.active }, after: { active: plan.active } } })
        return plan
      })
    },
    /** Marks the plan the VIP page recommends (one at most: marking one unmarks the rest), or unmarks it. */
    async setPlanRecommended(actor: Actor, id: number, recommended: boolean): Promise<VipPlan> {
      authorize(actor, 'plan.manage')
      const now = deps.now()
      const at = now.toISOString()
      return db.transaction().execute(async (trx) => {
        const before = await findPlan(trx, id)
        if (!before) throw commerceError('ORDER_PLAN_NOT_FOUND')
        if (recommended) await trx.updateTable('vip_plans').set({ recommended: 0, updated_at: at }).where('recommended', '=', 1).where('id', '<>', id).execute()
        await trx
          .updateTable('vip_plans')
          .set({ recommended: recommended ? 1 : 0, updated_at: at })
          .where('id', '=', id)
          .execute()
        const plan = (await findPlan(trx, id)) as VipPlan
        await recordAudit(trx, actor, now, {
          action: recommended ? 'plan.recommend' : 'plan.unrecommend',
          target: `plan:${id}`,
          detail: { before: { recommended: before.recommended }, after: { recommended } },
        })
        return plan
      })
    },
    /** Every plan, on sale or not: the staff's list. */
    async listAllPlans(actor: Actor): Promise<VipPlan[]> {
      authorize(actor, 'plan.read')
      return listPlans(db, false)
    },
    /** The plans on sale: public, what the site offers to anyone. */
    listOnSale: () => listPlans(db, true),
    find: (id: number) => findPlan(db, id),
  }
}
export type VipService = ReturnType<typeof createVipService>
