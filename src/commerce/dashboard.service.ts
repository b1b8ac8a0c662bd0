import { sql } from 'kysely'
import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import type { Db } from '../platform/db/database.ts'
import type { OrderState } from './order.ts'

/** Days are the site's days: China has kept UTC+8 all year since 1991. */
const DAY_OFFSET_MS = 8 * 3600_000
const DAY_MS = 86_400_000

export interface DashboardPost {
  slug: string
  title: string
  purchases: number
  /** what its purchases brought in, refunds taken off (分) */
  revenue: number
  views: number
  /** purchases per view, 0..1 (0 when never viewed) */
  conversion: number
}

export interface Dashboard {
  /** money received from payment providers, less refunds (分); a payment from a balance was counted when the balance was topped up */
  revenue: { today: number; yesterday: number; last7: number; last30: number }
  /** the last 30 days, oldest first: each day's revenue by provider (分) */
  daily: Array<{ day: string; byProvider: Record<string, number>; total: number }>
  /** orders created in the last 30 days, by state */
  ordersByState: Record<OrderState, number>
  newMembers: { today: number; last7: number; last30: number }
  /** the posts with the most running purchases, with views and conversion */
  topSelling: DashboardPost[]
  mostRead: Array<{ slug: string; title: string; views: number }>
  flaggedOrders: number
}

/** The start of the site's day `daysAgo` days before the one `now` falls in, as an ISO time. */
function dayStart(now: Date, daysAgo: number): string {
  const local = now.getTime() + DAY_OFFSET_MS
  return new Date(local - (local % DAY_MS) - daysAgo * DAY_MS - DAY_OFFSET_MS).toISOString()
}

/**
 * The console's dashboard (admins: it is money). Sums are read from the orders
 * paid in the last 30 days (an index on paid_at), never from every order.
 */
export function createDashboard(deps: { db: Db; now: () => Date }) {
  const { db } = deps
  return {
    async overview(actor: Actor): Promise<Dashboard> {
      authorize(actor, 'order.read')
      const now = deps.now()
      const since = dayStart(now, 29)
      const paid = await db
        .selectFrom('orders')
        .innerJoin('payment_attempts', 'payment_attempts.id', 'orders.paid_attempt_id')
        .select(['orders.paid_at', 'orders.amount', 'orders.refunded_amount', 'payment_attempts.provider'])
        .where('orders.paid_at', '>=', since)
        .where('payment_attempts.provider', '!=', 'balance')
        .execute()
      // the site's date of each day's start: 2026-12-07
      const daily = Array.from({ length: 30 }, (_, i) => ({
        day: new Date(Date.parse(dayStart(now, 29 - i)) + DAY_OFFSET_MS).toISOString().slice(0, 10),
        byProvider: {} as Record<string, number>,
        total: 0,
      }))
      for (const o of paid) {
        const index = Math.floor((Date.parse(o.paid_at as string) - Date.parse(since)) / DAY_MS)
        const bucket = daily[index]
        if (!bucket) continue
        const net = o.amount - o.refunded_amount
        bucket.byProvider[o.provider] = (bucket.byProvider[o.provider] ?? 0) + net
        bucket.total += net
      }
      const sumDays = (from: number, to: number) => daily.slice(from, to).reduce((n, d) => n + d.total, 0)

      const states = await db
        .selectFrom('orders')
        .select(['state', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('created_at', '>=', since)
        .groupBy('state')
        .execute()
      const ordersByState: Record<OrderState, number> = { created: 0, paid: 0, closed: 0, refunded: 0 }
      for (const s of states) ordersByState[s.state] = Number(s.n)

      const joined = async (from: string) =>
        Number(
          (
            await db
              .selectFrom('members')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .where('created_at', '>=', from)
              .executeTakeFirstOrThrow()
          ).n,
        )
      const [today, last7, last30] = await Promise.all([joined(dayStart(now, 0)), joined(dayStart(now, 6)), joined(since)])

      const top = await db
        .selectFrom('purchases')
        .innerJoin('posts', 'posts.id', 'purchases.post_id')
        .leftJoin('post_views', 'post_views.post_id', 'posts.id')
        .leftJoin('orders', 'orders.id', 'purchases.order_id')
        .select([
          'posts.slug',
          'posts.title',
          (eb) => eb.fn.countAll<number | string>().as('purchases'),
          (eb) => eb.fn.coalesce(eb.fn.sum<number | string>(sql<number>`orders.amount - orders.refunded_amount`), sql<number>`0`).as('revenue'),
          (eb) => eb.fn.coalesce(eb.fn.max('post_views.views'), sql<number>`0`).as('views'),
        ])
        .where('purchases.revoked_at', 'is', null)
        .groupBy(['posts.id', 'posts.slug', 'posts.title'])
        .orderBy('purchases', 'desc')
        .orderBy('posts.id', 'desc')
        .limit(10)
        .execute()
      const mostRead = await db
        .selectFrom('post_views')
        .innerJoin('posts', 'posts.id', 'post_views.post_id')
        .select(['posts.slug', 'posts.title', 'post_views.views'])
        .orderBy('post_views.views', 'desc')
        .orderBy('post_views.post_id', 'desc')
        .limit(10)
        .execute()
      const flagged = await db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('flag', 'is not', null)
        .executeTakeFirstOrThrow()

      return {
        revenue: { today: sumDays(29, 30), yesterday: sumDays(28, 29), last7: sumDays(23, 30), last30: sumDays(0, 30) },
        daily,
        ordersByState,
        newMembers: { today, last7, last30 },
        topSelling: top.map((p) => {
          const purchases = Number(p.purchases)
          const views = Number(p.views)
          return { slug: p.slug, title: p.title, purchases, revenue: Number(p.revenue), views, conversion: views > 0 ? purchases / views : 0 }
        }),
        mostRead: mostRead.map((p) => ({ slug: p.slug, title: p.title, views: p.views })),
        flaggedOrders: Number(flagged.n),
      }
    },
  }
}
export type DashboardService = ReturnType<typeof createDashboard>
