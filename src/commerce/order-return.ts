import { findPublishedPostsByIds } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'
import type { Order } from './order.ts'

/**
 * Where a paid order sends its buyer: the post they bought, else the member centre.
 * The post's address names the order, so the browser cannot answer it from the
 * copy it kept from before the purchase.
 */
export async function findPublishedOrderReturn(db: Db, order: Order, now: string): Promise<string> {
  if (order.kind === 'post' && order.postId !== null) {
    const [post] = await findPublishedPostsByIds(db, [order.postId], now)
    if (post) return `/p/${post.slug}?order=${order.orderNo}`
  }
  return '/user'
}
