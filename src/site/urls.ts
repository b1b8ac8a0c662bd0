/** Every public URL is built here, so templates and feeds agree. */
export const urls = {
  home: () => '/',
  post: (slug: string, page = 1) => (page > 1 ? `/p/${slug}?page=${page}` : `/p/${slug}`),
  channel: (slug: string, page = 1) => (page > 1 ? `/c/${slug}?page=${page}` : `/c/${slug}`),
  tag: (slug: string, page = 1) => (page > 1 ? `/t/${encodeURIComponent(slug)}?page=${page}` : `/t/${encodeURIComponent(slug)}`),
  rss: () => '/rss.xml',
  /** the cashier for a post, remembering the page the reader was on */
  buy: (slug: string, page = 1) => (page > 1 ? `/buy/${slug}?page=${page}` : `/buy/${slug}`),
  /** the VIP plans; from a post, remembering it and its page so a buyer comes back there */
  vip: (from?: { post: string; page?: number }) => {
    if (!from) return '/vip'
    return from.page && from.page > 1 ? `/vip?post=${from.post}&page=${from.page}` : `/vip?post=${from.post}`
  },
  user: () => '/user',
  terms: () => '/terms',
  /** a post as a Word file, for who may read it whole */
  download: (slug: string) => `/p/${slug}/download.docx`,
  downloadPdf: (slug: string) => `/p/${slug}/download.pdf`,
  privacy: () => '/privacy',
  order: (orderNo: string) => `/orders/${orderNo}`,
  /** /login, remembering where to come back to (a local path only) */
  login: (next?: string) => (next && next.startsWith('/') && !next.startsWith('//') ? `/login?next=${encodeURIComponent(next)}` : '/login'),
  register: (next?: string) => (next && next.startsWith('/') && !next.startsWith('//') ? `/register?next=${encodeURIComponent(next)}` : '/register'),
  channelRss: (slug: string) => `/c/${slug}/rss.xml`,
  /** /search with its parameters in a fixed order (empty ones left out), so equal searches share a URL */
  search: (q: string, params: Record<string, string | number | undefined> = {}) => {
    const qs = new URLSearchParams({ q })
    for (const key of ['channel', 'tag', 'price', 'sort', 'page']) {
      const v = params[key]
      if (v !== undefined && v !== '' && !(key === 'page' && v === 1) && !(key === 'sort' && v === 'relevance')) qs.set(key, String(v))
    }
    return `/search?${qs.toString()}`
  },
}

export function absolute(siteUrl: string, path: string): string {
  return siteUrl + path
}
