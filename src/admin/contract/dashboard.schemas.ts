import { Type, type Static } from 'typebox'

const Post = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  purchases: Type.Integer(),
  revenue: Type.Integer({ description: '分, refunds taken off' }),
  views: Type.Integer(),
  conversion: Type.Number({ description: 'purchases per view, 0..1' }),
})

/** GET /dashboard: money, orders, members and posts at a glance (admins). */
export const DashboardResponse = Type.Object({
  revenue: Type.Object(
    { today: Type.Integer(), yesterday: Type.Integer(), last7: Type.Integer(), last30: Type.Integer() },
    { description: "分 received from payment providers, less refunds; days are the site's (UTC+8)" },
  ),
  daily: Type.Array(Type.Object({ day: Type.String({ description: 'YYYY-MM-DD' }), byProvider: Type.Record(Type.String(), Type.Integer()), total: Type.Integer() })),
  ordersByState: Type.Object({ created: Type.Integer(), paid: Type.Integer(), closed: Type.Integer(), refunded: Type.Integer() }),
  newMembers: Type.Object({ today: Type.Integer(), last7: Type.Integer(), last30: Type.Integer() }),
  topSelling: Type.Array(Post),
  mostRead: Type.Array(Type.Object({ slug: Type.String(), title: Type.String(), views: Type.Integer() })),
  flaggedOrders: Type.Integer(),
})
export type DashboardResponseT = Static<typeof DashboardResponse>
