import type { Actor } from '../platform/access/actor.ts'
import type { Cents } from '../shared/money.ts'
import type { VipService } from './vip.service.ts'

const DEMO: Actor = { kind: 'system', job: 'demo-seed' }

/** Two VIP plans for the demo site, so /vip has something to sell (only into a site that has none). */
export async function seedDemoPlans(vip: VipService): Promise<number> {
  if ((await vip.listAllPlans(DEMO)).length) return 0
  await vip.createPlan(DEMO, { name: '月度会员', level: 1, days: 30, price: 3000 as Cents, benefit: 'free' })
  await vip.createPlan(DEMO, { name: '年度会员', level: 1, days: 365, price: 19_800 as Cents, benefit: 'free' })
  await vip.createPlan(DEMO, { name: '购文八折卡', level: 1, days: 90, price: 990 as Cents, benefit: 'discount', discountPercent: 20 })
  return 3
}
