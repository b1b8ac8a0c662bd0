import type { Selectable } from 'kysely'
import type { DbOrTrx } from '../platform/db/database.ts'
import type { Cents } from '../shared/money.ts'
import type { VipPlanTable } from './commerce.table.ts'
import type { VipPlan, VipStatus } from './order.ts'

/** A post's price for a VIP with a discount: rounded to the 分, never free. */
export function discountedPrice(price: number, discountPercent: number): number {
  return discountPercent > 0 ? Math.max(1, Math.round((price * (100 - discountPercent)) / 100)) : price
}

export function toPlan(r: Selectable<VipPlanTable>): VipPlan {
  return {
    id: r.id,
    name: r.name,
    level: r.level,
    days: r.days,
    price: r.price as Cents,
    benefit: r.benefit,
    discountPercent: r.discount_percent,
    active: r.active === 1,
    recommended: r.recommended === 1,
  }
}

export async function findPlan(db: DbOrTrx, id: number): Promise<VipPlan | undefined> {
  const r = await db.selectFrom('vip_plans').selectAll().where('id', '=', id).executeTakeFirst()
  return r && toPlan(r)
}

export async function listPlans(db: DbOrTrx, activeOnly: boolean): Promise<VipPlan[]> {
  let q = db.selectFrom('vip_plans').selectAll().orderBy('level').orderBy('price')
  if (activeOnly) q = q.where('active', '=', 1)
  return (await q.execute()).map(toPlan)
}

/**
 * The VIP a member holds at `now`: grants running now give the levels and
 * discounts; the last end among running and queued grants is the expiry shown.
 * Read on every request of a member, so a refund or expiry counts at once.
 */
export async function findVipStatus(db: DbOrTrx, memberId: number, now: string): Promise<VipStatus | undefined> {
  const rows = await db
    .selectFrom('vip_grants')
    .innerJoin('vip_plans', 'vip_plans.id', 'vip_grants.plan_id')
    .select(['vip_grants.level', 'vip_grants.benefit', 'vip_grants.discount_percent', 'vip_grants.starts_at', 'vip_grants.ends_at', 'vip_plans.name'])
    .where('vip_grants.member_id', '=', memberId)
    .where('vip_grants.revoked_at', 'is', null)
    .where('vip_grants.ends_at', '>', now)
    .execute()
  const running = rows.filter((r) => r.starts_at <= now)
  if (!running.length) return undefined
  const top = running.reduce((a, b) => (b.level > a.level ? b : a))
  return {
    level: top.level,
    freeLevel: Math.max(0, ...running.filter((r) => r.benefit === 'free').map((r) => r.level)),
    discountPercent: Math.max(0, ...running.filter((r) => r.benefit === 'discount').map((r) => r.discount_percent)),
    planName: top.name,
    endsAt: rows.reduce((end, r) => (r.ends_at > end ? r.ends_at : end), ''),
  }
}

/** Where a new stretch of VIP starts: now, or when the member's last grant ends. */
export async function vipQueueEnd(db: DbOrTrx, memberId: number, now: string): Promise<string> {
  const r = await db
    .selectFrom('vip_grants')
    .select((eb) => eb.fn.max('ends_at').as('end'))
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  const end = r?.end ?? null
  return end && end > now ? end : now
}
