import { isPaidPost, type Post } from '../../content/index.ts'
import { formatYuan } from '../../shared/money.ts'
import type { SiteDeps } from '../site-deps.ts'
import { urls } from '../urls.ts'
import type { PostSummary } from './v1.schemas.ts'

/** A post as the API lists it: public fields and numbers only. */
export function toSummary(deps: SiteDeps, post: Post): PostSummary {
  const channel = deps.catalog.get().tree.byId.get(post.channelId)
  return {
    slug: post.slug,
    title: post.title,
    url: urls.post(post.slug),
    description: post.description,
    channel: { slug: channel?.slug ?? '', name: channel?.name ?? '' },
    flags: post.flags,
    coverUrl: post.coverUrl,
    price: post.price,
    priceText: post.price > 0 ? formatYuan(post.price) : '',
    isPaid: isPaidPost(post),
    wordCount: post.wordCount,
    paidCharCount: post.paidCharCount,
    pageCount: post.pageCount,
    viewCount: post.viewCount,
    publishedAt: post.publishedAt,
    updatedAt: post.updatedAt,
  }
}
