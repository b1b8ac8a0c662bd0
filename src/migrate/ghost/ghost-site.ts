import { parse as parseCsv } from 'csv-parse/sync'
import type { ImportedSite, InMember, InPost } from '../site-in/imported-site.ts'

type Row = Record<string, unknown>
const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))
const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]).filter((r) => r && typeof r === 'object') : [])

export class GhostError extends Error {}

/** Where Ghost's paywall card stands in a post's HTML: what follows is for members. */
const MEMBERS_ONLY = /<!--\s*members-only\s*-->/i
export const GHOST_URL = '__GHOST_URL__'
export const GHOST_PLAN = 'Ghost 付费订阅'

const STATUS: Record<string, InPost['status'] | undefined> = { published: 'published', draft: 'draft', scheduled: 'draft', sent: 'hidden' }

/**
 * A Ghost post's body as ours: public posts whole; a members' or paid post
 * free up to Ghost's paywall card (`<!--members-only-->`) and paid after it,
 * all paid when it has no card (Ghost shows such a post to no one else).
 */
export function ghostBody(html: string, visibility: string): { html: string; access?: 'members' | 'vip' } {
  if (visibility === 'public' || !visibility) return { html: html.replace(MEMBERS_ONLY, '') }
  const access = visibility === 'members' ? 'members' : 'vip'
  const at = MEMBERS_ONLY.exec(html)
  if (!at) return { html: `##paidbegin##${html}##paidend##`, access }
  // a second card has no meaning in Ghost: the first one counts, the rest go
  const rest = html.slice(at.index + at[0].length).replace(new RegExp(MEMBERS_ONLY.source, 'gi'), '')
  return { html: `${html.slice(0, at.index)}##paidbegin##${rest}##paidend##`, access }
}

/**
 * Reads a Ghost export (Settings → Labs → Export, Ghost 4–6): posts and pages
 * with their HTML, tags, authors, visibility as access, and each one's old
 * address (`/{slug}/`, `/tag/{slug}/`). Ghost has no categories: posts go to a
 * 文章 channel, pages to 页面.
 */
export function readGhost(json: string, options: { url?: string } = {}): ImportedSite {
  let doc: Row
  try {
    doc = JSON.parse(json) as Row
  } catch (error) {
    throw new GhostError(`不是有效的 Ghost 导出文件（JSON 有误）/ not a valid Ghost export: ${(error as Error).message}`)
  }
  const db = rows(doc.db)[0] ?? doc
  const data = (db as Row).data as Row | undefined
  if (!data || !Array.isArray(data.posts)) throw new GhostError('不是 Ghost 导出文件（缺少 db[0].data.posts）/ not a Ghost export')
  const base = (options.url ?? '').replace(/\/+$/, '')
  const absolute = (s: string) => s.split(GHOST_URL).join(base)

  const site: ImportedSite = { source: 'ghost', channels: [], authors: [], posts: [], members: [], tagPaths: [], otherPaths: [], notBrought: {}, skipped: [] }
  const tags = new Map<string, { name: string; slug: string }>()
  for (const t of rows(data.tags)) {
    const name = str(t.name).trim()
    // internal tags (#name) organise Ghost's own themes; they are no reader's tag
    if (!name || name.startsWith('#') || str(t.visibility) === 'internal') continue
    tags.set(str(t.id), { name, slug: str(t.slug) })
    site.tagPaths.push({ name, paths: paths(`/tag/${str(t.slug)}/`) })
  }
  const tagsOf = new Map<string, string[]>()
  for (const pt of rows(data.posts_tags).sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
    const tag = tags.get(str(pt.tag_id))
    if (tag) tagsOf.set(str(pt.post_id), [...(tagsOf.get(str(pt.post_id)) ?? []), tag.name])
  }
  const users = new Map<string, string>()
  for (const u of rows(data.users)) {
    const slug = str(u.slug).trim() || str(u.id)
    users.set(str(u.id), slug)
    site.authors.push({ ref: slug, username: str(u.name).trim() || slug, email: str(u.email).trim() || null })
  }
  const authorOf = new Map<string, string>()
  for (const pa of rows(data.posts_authors).sort((a, b) => Number(a.sort_order ?? 0) - Number(b.sort_order ?? 0))) {
    const author = users.get(str(pa.author_id))
    if (author && !authorOf.has(str(pa.post_id))) authorOf.set(str(pa.post_id), author)
  }

  let pages = false
  for (const p of rows(data.posts)) {
    const id = str(p.id)
    const type = str(p.type) || (p.page === true || p.page === 1 ? 'page' : 'post')
    const status = STATUS[str(p.status)]
    if (!status) {
      site.skipped.push({ kind: type, id, reason: `status-${str(p.status) || 'none'}` })
      continue
    }
    const html = str(p.html)
    if (!html && (p.mobiledoc || p.lexical)) {
      // an export made without rendered HTML: the editor's own format is not ours to render
      site.skipped.push({ kind: type, id, reason: 'no-html' })
      continue
    }
    const body = ghostBody(absolute(html), str(p.visibility))
    if (type === 'page') pages = true
    const post: InPost = {
      ref: id,
      title: str(p.title).trim(),
      slug: str(p.slug).trim(),
      channelRef: type === 'page' ? 'page' : 'post',
      tags: tagsOf.get(id) ?? [],
      status,
      trash: false,
      html: body.html,
      paths: paths(`/${str(p.slug).trim()}/`),
    }
    if (body.access) post.access = body.access
    const published = iso(p.published_at)
    if (published) post.publishedAt = published
    const excerpt = str(p.custom_excerpt).trim()
    if (excerpt) post.description = excerpt
    const cover = absolute(str(p.feature_image).trim())
    if (/^https?:\/\//.test(cover) || (cover.startsWith('/') && !cover.startsWith('//'))) post.coverUrl = cover
    const author = authorOf.get(id)
    if (author) post.authorRef = author
    site.posts.push(post)
  }
  site.channels.push({ ref: 'post', name: '文章', slug: 'posts', paths: [] })
  if (pages) site.channels.push({ ref: 'page', name: '页面', slug: 'pages', paths: [] })
  for (const kind of ['newsletters', 'offers', 'snippets', 'comments', 'redirects', 'products', 'stripe_prices']) {
    const n = rows(data[kind]).length
    if (n) site.notBrought[kind] = n
  }
  return site
}

/** An old address, as asked with and without its closing slash (Ghost answers both). */
function paths(path: string): string[] {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    decoded = path
  }
  const bare = decoded.replace(/\/+$/, '')
  return bare && bare !== '/' ? [bare, `${bare}/`] : []
}

function iso(v: unknown): string | undefined {
  if (v === null || v === undefined || v === '') return undefined
  const t = typeof v === 'number' ? v : Date.parse(str(v))
  return Number.isNaN(t) ? undefined : new Date(t).toISOString()
}

const truthy = (v: string) => /^(true|1|yes)$/i.test(v.trim())

/**
 * Ghost's members export (Members → Export, CSV): email, name, since when,
 * and a paid or complimentary subscription as free-reading VIP until it ends:
 * the `status` column where the export has one, else a complimentary plan or a
 * Stripe customer; the end from the first end-date column it has, else (a paid
 * one) a month from `now`, when Ghost would have charged them next. A deleted
 * member stays out.
 */
export function readGhostMembers(csv: string, now: Date): { members: InMember[]; skipped: ImportedSite['skipped'] } {
  let records: Array<Record<string, string>>
  try {
    records = parseCsv(csv, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, bom: true, relax_column_count: true, trim: true }) as Array<
      Record<string, string>
    >
  } catch (error) {
    throw new GhostError(`会员 CSV 无法读取 / the members CSV cannot be read: ${(error as Error).message}`)
  }
  const members: InMember[] = []
  const skipped: ImportedSite['skipped'] = []
  for (const [i, r] of records.entries()) {
    const email = (r.email ?? '').trim().toLowerCase()
    const ref = r.id || email || `row-${i + 2}`
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      skipped.push({ kind: 'member', id: ref, reason: 'email-invalid' })
      continue
    }
    if (r.deleted_at) {
      skipped.push({ kind: 'member', id: ref, reason: 'deleted' })
      continue
    }
    const status = (r.status ?? '').toLowerCase() || (truthy(r.complimentary_plan ?? '') ? 'comped' : r.stripe_customer_id ? 'paid' : 'free')
    const member: InMember = { ref, email, name: (r.name ?? '').trim(), createdAt: iso(r.created_at) ?? now.toISOString() }
    if (status === 'paid' || status === 'comped') {
      const end = ['expires_at', 'current_period_end', 'subscription_end', 'comped_until'].map((c) => iso(r[c])).find(Boolean)
      const fallback = status === 'comped' ? new Date(Date.UTC(2099, 11, 31)) : new Date(now.getTime() + 31 * 86_400_000)
      member.vip = { planName: GHOST_PLAN, endsAt: end ?? fallback.toISOString() }
    }
    members.push(member)
  }
  return { members, skipped }
}
