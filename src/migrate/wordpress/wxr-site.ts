import { XMLParser } from 'fast-xml-parser'
import type { ImportedSite, InChannel, InPost } from '../site-in/imported-site.ts'
import { convertWpContent } from './wp-content.ts'
import { htmlToText, squashSpace } from '../../shared/text.ts'

/** The WXR elements that repeat (one of them alone is still a list). */
const LISTS = new Set(['item', 'category', 'wp:author', 'wp:category', 'wp:tag', 'wp:term', 'wp:postmeta', 'wp:comment'])

type Node = Record<string, unknown>
const text = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && '#text' in v ? String((v as Node)['#text']) : v === undefined || v === null ? '' : String(v))
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : [])

export class WxrError extends Error {}

/** A WordPress export's path, decoded as the legacy table keeps it, with and without its closing slash (WordPress answers both). */
export function oldPaths(link: string, base: string): string[] {
  let url: URL
  try {
    url = new URL(link, base || 'http://localhost')
  } catch {
    return []
  }
  if (url.search || url.pathname === '/') return [] // `?p=12` lands on our home page, which is not an old address's to take
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return []
  }
  const bare = path.replace(/\/+$/, '')
  return bare ? [...new Set([bare, `${bare}/`])] : []
}

/** WordPress's GMT time (`2024-01-02 03:04:05`; zeros for a draft never dated) as ISO. */
function gmt(value: string): string | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(value.trim())
  if (!m || m[1] === '0000') return undefined
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`)
  return Number.isNaN(t) ? undefined : new Date(t).toISOString()
}

const STATUS: Record<string, { status: InPost['status']; trash: boolean } | undefined> = {
  publish: { status: 'published', trash: false },
  future: { status: 'draft', trash: false },
  draft: { status: 'draft', trash: false },
  pending: { status: 'draft', trash: false },
  private: { status: 'hidden', trash: false },
  trash: { status: 'hidden', trash: true },
}

/**
 * Reads a WordPress export (WXR 1.1/1.2, Tools → Export): categories as
 * channels (and a 页面 channel for pages), tags, authors, posts and pages with
 * their paid shortcodes as paid regions, covers from the featured image, and
 * each one's old permalink.
 */
export function readWxr(xml: string): ImportedSite {
  let doc: Node
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, trimValues: false, isArray: (name) => LISTS.has(name) }).parse(xml, true) as Node
  } catch (error) {
    throw new WxrError(`不是有效的 WordPress 导出文件（XML 有误）/ not a valid WordPress export: ${(error as Error).message}`)
  }
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined
  if (!channel || !('wp:wxr_version' in channel || 'wp:base_site_url' in channel)) throw new WxrError('不是 WordPress 导出文件（缺少 wp:wxr_version）/ not a WordPress export (WXR)')
  const base = text(channel['wp:base_blog_url']).trim() || text(channel['wp:base_site_url']).trim() || text(channel.link).trim()

  const site: ImportedSite = { source: 'wordpress', channels: [], authors: [], posts: [], members: [], tagPaths: [], otherPaths: [], notBrought: {}, skipped: [] }
  const count = (what: string) => (site.notBrought[what] = (site.notBrought[what] ?? 0) + 1)

  for (const a of list(channel['wp:author'])) {
    const login = text(a['wp:author_login']).trim()
    if (login) site.authors.push({ ref: login, username: login, email: text(a['wp:author_email']).trim() || null })
  }

  // categories: parents first (WordPress lists them so, but a hand-made file need not)
  const categories = list(channel['wp:category']).map((c) => ({
    id: text(c['wp:term_id']).trim(),
    slug: text(c['wp:category_nicename']).trim(),
    parent: text(c['wp:category_parent']).trim(),
    name: text(c['wp:cat_name']).trim(),
    description: text(c['wp:category_description']).trim(),
  }))
  const bySlug = new Map(categories.map((c) => [c.slug, c]))
  const pathOf = (slug: string, seen = new Set<string>()): string => {
    const c = bySlug.get(slug)
    if (!c?.parent || seen.has(slug) || !bySlug.has(c.parent)) return slug
    seen.add(slug)
    return `${pathOf(c.parent, seen)}/${slug}`
  }
  const placed = new Set<string>()
  let pending = categories.filter((c) => c.slug && c.name)
  while (pending.length) {
    const ready = pending.filter((c) => !c.parent || placed.has(c.parent) || !bySlug.has(c.parent))
    if (!ready.length) break
    for (const c of ready) {
      // the pretty address, and the plain link every WordPress answers (/?cat=3)
      const plain = c.id ? [`/?cat=${c.id}`] : []
      const ch: InChannel = { ref: `category:${c.slug}`, name: c.name, slug: safeDecode(c.slug), description: c.description, paths: [...oldPaths(`/category/${pathOf(c.slug)}/`, base), ...plain] }
      if (c.parent && placed.has(c.parent)) ch.parentRef = `category:${c.parent}`
      site.channels.push(ch)
      placed.add(c.slug)
    }
    pending = pending.filter((c) => !placed.has(c.slug))
  }
  for (const t of list(channel['wp:tag'])) {
    const name = text(t['wp:tag_name']).trim()
    const slug = text(t['wp:tag_slug']).trim()
    if (name && slug) site.tagPaths.push({ name, paths: [...oldPaths(`/tag/${slug}/`, base), `/?tag=${slug}`] })
  }

  const items = list(channel.item)
  const attachments = new Map<string, string>()
  for (const i of items) if (text(i['wp:post_type']) === 'attachment') attachments.set(text(i['wp:post_id']).trim(), text(i['wp:attachment_url']).trim())
  let pagesChannel = false
  for (const i of items) {
    const type = text(i['wp:post_type']).trim()
    const id = text(i['wp:post_id']).trim()
    if (type === 'attachment') {
      count('attachments')
      continue
    }
    if (type !== 'post' && type !== 'page') {
      count(type || 'unknown')
      continue
    }
    const state = STATUS[text(i['wp:status']).trim()]
    if (!state) {
      site.skipped.push({ kind: type, id, reason: `status-${text(i['wp:status']).trim() || 'none'}` })
      continue
    }
    const comments = list(i['wp:comment']).length
    if (comments) site.notBrought.comments = (site.notBrought.comments ?? 0) + comments
    const cats = list(i.category)
    const category = cats.find((c) => c['@_domain'] === 'category')
    const channelRef = type === 'page' ? 'page' : category ? `category:${String(category['@_nicename'] ?? '')}` : (site.channels[0]?.ref ?? 'page')
    if (type === 'page' || channelRef === 'page') pagesChannel = true
    const body = convertWpContent(text(i['content:encoded']))
    let html = body.html
    let access = body.access
    // a password-protected post: its whole body behind our paywall, for members (a shared password is not an account)
    if (text(i['wp:post_password']).trim() && !body.paywalled) {
      html = `##paidbegin##${html}##paidend##`
      access = 'members'
    }
    const thumb = list(i['wp:postmeta']).find((m) => text(m['wp:meta_key']) === '_thumbnail_id')
    const cover = thumb ? attachments.get(text(thumb['wp:meta_value']).trim()) : undefined
    const excerpt = text(i['excerpt:encoded']).trim()
    const post: InPost = {
      ref: id,
      title: text(i.title).trim(),
      slug: safeDecode(text(i['wp:post_name']).trim()),
      channelRef,
      tags: cats.filter((c) => c['@_domain'] === 'post_tag').map((c) => text(c).trim()),
      status: state.status,
      trash: state.trash,
      html,
      // its permalink, and the plain link every WordPress answers (/?p=12, /?page_id=3)
      paths: [...oldPaths(text(i.link).trim(), base), `/?${type === 'page' ? 'page_id' : 'p'}=${id}`],
    }
    const published = gmt(text(i['wp:post_date_gmt']))
    if (published) post.publishedAt = published
    if (access) post.access = access
    const description = excerpt && !/\[/.test(excerpt) ? squashSpace(htmlToText(excerpt)) : body.teaser
    if (description) post.description = description
    if (cover && /^https?:\/\//.test(cover)) post.coverUrl = cover
    const author = text(i['dc:creator']).trim()
    if (author) post.authorRef = author
    site.posts.push(post)
  }
  if (pagesChannel) site.channels.push({ ref: 'page', name: '页面', slug: 'pages', paths: [] })
  if (list(channel['wp:term']).length) site.notBrought.terms = list(channel['wp:term']).length
  return site
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
