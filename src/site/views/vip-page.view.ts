import type { VipPlan } from '../../commerce/index.ts'
import type { ChannelTree } from '../../content/index.ts'
import type { Locale } from '../../platform/i18n/t.ts'
import { formatYuan } from '../../shared/money.ts'
import { formatCount, formatDiscount } from './format.ts'

export interface VipPlanView {
  id: number
  name: string
  days: number
  price: string
  /** 每天 ¥0.33: the price spread over the plan's days */
  per_day: string
  benefit: 'free' | 'discount'
  /** 8折 / 20% off, for a discount plan */
  discount_words: string
  /** a free-reading plan: how many priced posts it opens, what buying them one by one costs, and what it saves */
  opens: string
  opens_count: number
  one_by_one: string
  saves: string
  recommended: boolean
}

/**
 * The VIP page's plans in readers' words: a discount as 8折, a free-reading
 * plan by what it opens and what it saves against buying those posts one by
 * one (posts whose level, their own or their channel's, the plan covers).
 */
export function buildVipPlans(plans: VipPlan[], priced: Array<{ channelId: number; vipLevel: number; count: number; total: number }>, tree: ChannelTree, locale: Locale): VipPlanView[] {
  const required = priced.map((g) => ({ ...g, level: Math.max(g.vipLevel, tree.byId.get(g.channelId)?.vipLevel ?? 0) }))
  return plans.map((p) => {
    const covered = p.benefit === 'free' ? required.filter((g) => g.level <= p.level) : []
    const count = covered.reduce((n, g) => n + g.count, 0)
    const total = covered.reduce((n, g) => n + g.total, 0)
    return {
      id: p.id,
      name: p.name,
      days: p.days,
      price: formatYuan(p.price),
      per_day: formatYuan(Math.max(1, Math.round(p.price / p.days))),
      benefit: p.benefit,
      discount_words: p.benefit === 'discount' ? formatDiscount(p.discountPercent, locale) : '',
      opens: formatCount(count, locale),
      opens_count: count,
      one_by_one: total > 0 ? formatYuan(total) : '',
      saves: total > p.price ? formatYuan(total - p.price) : '',
      recommended: p.recommended,
    }
  })
}
