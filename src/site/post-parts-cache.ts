import type { Post } from '../content/index.ts'
import { TtlCache } from '../platform/cache/ttl-cache.ts'

// at most a minute old, like the shared lists: a card shows a view count
const TTL_MS = 60_000

/**
 * What a post page reads besides its own body, kept between pages: the published post
 * by slug, rendered post cards (UTF-8) and which cards a post's page shows as related.
 * Cleared with the page cache on every content change anywhere (app.ts dropStale), and
 * filled only from reads of published posts, so whatever is held is of a post published
 * now: a scheduled post is never held before its time, and nothing unpublishes, reprices
 * or edits a post without a change. A page whose parts are all held asks the database
 * only for its body and its view count (a held post's own count goes stale).
 */
export class PostPartsCache {
  /** published posts by slug */
  readonly posts: TtlCache<Post>
  /** the cards a post's page shows as related, by `${locale}:${post id}` */
  readonly related: TtlCache<Buffer[]>
  private readonly cards: TtlCache<Buffer>

  constructor(maxEntries: number, now: () => Date) {
    this.posts = new TtlCache(maxEntries, TTL_MS, now)
    this.related = new TtlCache(maxEntries, TTL_MS, now)
    this.cards = new TtlCache(maxEntries, TTL_MS, now)
  }

  /** the held card of this published post */
  card(locale: string, postId: number): Buffer | undefined {
    return this.cards.get(`${locale}:${postId}`)
  }

  /** keeps a card just rendered from a published post */
  keepCard(locale: string, postId: number, html: string): Buffer {
    // not from Buffer's shared pool: a kept card would keep a whole 8 KB slab alive
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html))
    bytes.write(html)
    return this.cards.set(`${locale}:${postId}`, bytes)
  }

  clear(): void {
    this.posts.clear()
    this.related.clear()
    this.cards.clear()
  }
}
