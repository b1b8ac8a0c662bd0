/** Every public URL is built here, so templates and feeds agree. */
export const urls = {
  home: () => '/',
  post: (slug: string, page = 1) => (page > 1 ? `/p/${slug}?page=${page}` : `/p/${slug}`),
  channel: (slug: string, page = 1) => (page > 1 ? `/c/${slug}?page=${page}` : `/c/${slug}`),
  tag: (slug: string, page = 1) => (page > 1 ? `/t/${encodeURIComponent(slug)}?page=${page}` : `/t/${encodeURIComponent(slug)}`),
  rss: () => '/rss.xml',
  channelRss: (slug: string) => `/c/${slug}/rss.xml`,
}

export function absolute(siteUrl: string, path: string): string {
  return siteUrl + path
}
