export interface PagerView {
  current: number
  total: number
  prev_url: string
  next_url: string
  pages: Array<{ number: number; url: string; current: boolean; gap: boolean }>
}

/** Page links around the current one: 1 … 4 5 [6] 7 8 … 20 */
export function buildPager(current: number, total: number, urlFor: (page: number) => string): PagerView | null {
  if (total <= 1) return null
  const wanted = new Set([1, total, current - 2, current - 1, current, current + 1, current + 2].filter((n) => n >= 1 && n <= total))
  const sorted = [...wanted].sort((a, b) => a - b)
  const pages: PagerView['pages'] = []
  let last = 0
  for (const n of sorted) {
    if (n - last > 1) pages.push({ number: 0, url: '', current: false, gap: true })
    pages.push({ number: n, url: urlFor(n), current: n === current, gap: false })
    last = n
  }
  return {
    current,
    total,
    prev_url: current > 1 ? urlFor(current - 1) : '',
    next_url: current < total ? urlFor(current + 1) : '',
    pages,
  }
}
