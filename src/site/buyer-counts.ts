/**
 * 已有 N 人购买 without a query per page: the posts that have at least the
 * owner's threshold of buyers, read together (one grouped query) at most once
 * a minute per process, and again after any content change here or elsewhere
 * (`clear`). A page asks the map; pages that find it stale share one read.
 */
export class BuyerCounts {
  private counts = new Map<number, number>()
  private threshold = 0
  private loadedAt = -Infinity
  private loading: Promise<void> | undefined

  constructor(
    private readonly load: (min: number) => Promise<Map<number, number>>,
    private readonly now: () => Date,
    private readonly ttlMs = 60_000,
  ) {}

  /**
   * How many bought this post, when at least `min` (else 0: not shown); at most a minute old.
   * A number while what is held is fresh (no await on a page's way), a promise when it must be read.
   */
  of(postId: number, min: number): number | Promise<number> {
    if (min <= 0) return 0
    if (min !== this.threshold || this.now().getTime() - this.loadedAt > this.ttlMs) return this.refresh(min).then(() => this.counts.get(postId) ?? 0)
    return this.counts.get(postId) ?? 0
  }

  clear(): void {
    this.loadedAt = -Infinity
  }

  private refresh(min: number): Promise<void> {
    this.loading ??= this.load(min)
      .then((counts) => {
        this.counts = counts
        this.threshold = min
        this.loadedAt = this.now().getTime()
      })
      .finally(() => {
        this.loading = undefined
      })
    return this.loading
  }
}
