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
    async createPlan(input: PlanInput): Promise<VipPlan> {
      const p = checkPlan(input)
      const at = deps.now().toISOString()
      const row = await db
        .insertInto('vip_plans')
        .values({ name: p.name, level: p.level, days: p.days, price: p.price, benefit: p.benefit, discount_percent: p.discountPercent ?? 0, active: 1, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow()
      return toPlan(row)
    },
    async setActive(id: number, active: boolean): Promise<VipPlan> {
      await db
        .updateTable('vip_plans')
        .set({ active: active ? 1 : 0, updated_at: deps.now().toISOString() })
        .where('id', '=', id)
        .execute()
      const plan = await findPlan(db, id)
      if (!plan) throw commerceError('ORDER_PLAN_NOT_FOUND')
      return plan
    },
    list: (activeOnly = true) => listPlans(db, activeOnly),
    find: (id: number) => findPlan(db, id),
  }
}
export type VipService = ReturnType<typeof createVipService>
