import { Type } from 'typebox'
import type { LeftAt } from '../../commerce/index.ts'
import { urls } from '../urls.ts'

/**
 * Where the reader was when they went to pay: a post and its page. The
 * cashier's links and forms, the order page's address and the provider's
 * return address carry it, so a buyer comes back to that page (never stored
 * with the order: it only says where to go back to).
 */
export const LeftAtFields = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  post: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' })),
}
export const LeftAtQuery = Type.Object(LeftAtFields)
/** the order page as a provider's cashier sends the payer back to it (`back=1`): a paid order goes on to what was bought */
export const OrderPageQuery = Type.Object({ ...LeftAtFields, back: Type.Optional(Type.String({ pattern: '^1$' })) })

export const leftAtOf = (q: { page?: number; post?: string }): LeftAt => ({ ...(q.page ? { page: q.page } : {}), ...(q.post ? { post: q.post } : {}) })

/** the order's page, with where the reader left; `back`: the address a provider's cashier returns the payer to */
export function orderPath(orderNo: string, left: LeftAt, back = false): string {
  const qs = new URLSearchParams()
  if (left.post) qs.set('post', left.post)
  if (left.page && left.page > 1) qs.set('page', String(left.page))
  if (back) qs.set('back', '1')
  const q = qs.toString()
  return q ? `${urls.order(orderNo)}?${q}` : urls.order(orderNo)
}

/** Where a reader whose order could not start tries again: the cashier they came from. */
export function retryUrlOf(b: { kind: 'post' | 'vip' | 'topup'; slug?: string; post?: string; page?: number }): string {
  if (b.kind === 'post') return b.slug ? urls.buy(encodeURIComponent(b.slug), b.page) : '/'
  if (b.kind === 'vip') return urls.vip(b.post ? { post: b.post, ...(b.page ? { page: b.page } : {}) } : undefined)
  return '/user#topup'
}
