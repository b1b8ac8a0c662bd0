import { findPublishedPostBySlug, findPublishedPostsByIds } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import type { Order } from './order.ts'

/**
 * Where the reader was when they went to pay: a post (by slug) and its page.
 * It rides the cashier's links and the order page's address, never the order
 * itself: it only says where to come back to, so a forged one sends a buyer
 * to another published post's page and no further.
 */
export interface LeftAt {
  post?: string
  page?: number
}

/**
 * Where a paid order sends its buyer: the post they bought (the page they
 * left, at its first paid region), the post a VIP plan was bought from, else
 * the member centre. The post's address names the order, so the browser
 * cannot answer it from the copy it kept from before the purchase.
 */
export async function findPublishedOrderReturn(db: Db, order: Order, now: string, left: LeftAt = {}): Promise<string> {
  let slug: string | undefined
  let pageCount = 1
  if (order.kind === 'post' && order.postId !== null) {
    const [post] = await findPublishedPostsByIds(db, [order.postId], now)
    if (post) ({ slug, pageCount } = post)
  } else if (left.post) {
    const post = await findPublishedPostBySlug(db, left.post, now)
    if (post) ({ slug, pageCount } = post)
  }
  if (slug === undefined) return '/user'
  const page = left.page !== undefined && left.page > 1 && left.page <= pageCount ? `page=${left.page}&` : ''
  return `/p/${slug}?${page}order=${order.orderNo}#paid`
}
