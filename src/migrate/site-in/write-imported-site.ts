import { importVipGrant } from '../../commerce/index.ts'
import { channelSlugFromName, isSlug, pinyinSlug, saveLegacyUrls, upsertImportedChannel, type PostService } from '../../content/index.ts'
import { NO_PASSWORD, upsertImportedMember } from '../../members/index.ts'
import type { Actor } from '../../platform/access/actor.ts'
import type { Db } from '../../platform/db/database.ts'
import type { Cents } from '../../shared/money.ts'
import { loadMigrated, recordMigrated } from '../migrated-rows.ts'
import { tally, type Tally } from '../tally.ts'
import type { ImportedSite, InPost } from './imported-site.ts'

export interface SiteReport {
  dryRun: boolean
  channels: Tally
  posts: Tally & { trashed: number; hidden: number; drafts: number; withWarnings: number; paid: number }
  authors: Tally
  members: Tally & { vip: number }
  legacyUrls: number
  skipped: Array<{ kind: string; id: string; reason: string }>
  warnings: Array<{ id: string; codes: string[] }>
  notBrought: Record<string, number>
}

export interface WriteDeps {
  db: Db
  posts: PostService
  actor: Actor
  now: () => Date
  onProgress?: (done: number, total: number) => void
}

const PAID = /##paidbegin##/

/**
 * Writes a site read from another engine: channels (parents first), its
 * writers as authors without passwords, posts through `savePost` (our paywall
 * compiler and its warnings), readers with their subscriptions as VIP grants,
 * and every old address as a 301. Each row's new id is kept (`migrated_rows`),
 * so a second run updates and a stopped one goes on. Dry, it writes nothing.
 */
export async function writeImportedSite(deps: WriteDeps, site: ImportedSite, options: { dryRun: boolean }): Promise<SiteReport> {
  const run: Run = {
    deps,
    site,
    at: deps.now().toISOString(),
    write: !options.dryRun,
    report: {
      dryRun: options.dryRun,
      channels: tally(),
      posts: { ...tally(), trashed: 0, hidden: 0, drafts: 0, withWarnings: 0, paid: 0 },
      authors: tally(),
      members: { ...tally(), vip: 0 },
      legacyUrls: 0,
      skipped: [...site.skipped],
      warnings: [],
      notBrought: site.notBrought,
    },
    urls: [...site.otherPaths],
    people: await loadMigrated(deps.db, site.source, 'member'),
  }
  await writeAuthors(run)
  const channelSlugs = await writeChannels(run)
  await writePosts(run, channelSlugs)
  await addTagPaths(run)
  await writeMembers(run)
  if (run.write) await saveLegacyUrls(deps.db, site.source, run.urls, run.at)
  run.report.legacyUrls = run.urls.length
  return run.report
}

/** One run's state, shared by its steps. */
interface Run {
  deps: WriteDeps
  site: ImportedSite
  at: string
  write: boolean
  report: SiteReport
  /** old addresses and their new ones, saved at the end */
  urls: Array<{ path: string; target: string }>
  /** people already brought (`author:…`, `member:…`) and their member ids here */
  people: Map<string, number>
}

/** The old site's writers: authors here, without a password until they set one. */
async function writeAuthors({ deps, site, at, write, report, people }: Run): Promise<void> {
  for (const a of site.authors) {
    const key = `author:${a.ref}`
    const existing = people.get(key)
    if (!write) {
      report.authors[existing ? 'updated' : 'created']++
      continue
    }
    const r = await upsertImportedMember(deps.db, existing, { username: a.username, email: a.email, legacyHash: NO_PASSWORD, role: 'author', disabled: false, createdAt: at }, at)
    if (!('id' in r)) {
      report.authors.skipped++
      report.skipped.push({ kind: 'author', id: a.ref, reason: r.skipped })
      continue
    }
    await recordMigrated(deps.db, site.source, 'member', key, r.id, at)
    people.set(key, r.id)
    report.authors[r.created ? 'created' : 'updated']++
  }
}

/** Channels, parents first; the slugs they got here, by their old ref. */
async function writeChannels({ deps, site, at, write, report, urls }: Run): Promise<Map<string, string>> {
  const channelIds = await loadMigrated(deps.db, site.source, 'channel')
  const channelSlugs = new Map<string, string>()
  for (const c of site.channels) {
    const existing = channelIds.get(c.ref)
    const slug = (isSlug(c.slug) ? c.slug : channelSlugFromName(c.name)) ?? `c-${c.ref}`.toLowerCase().replace(/[^a-z0-9-]/g, '')
    channelSlugs.set(c.ref, slug)
    if (!write) {
      report.channels[existing ? 'updated' : 'created']++
      for (const path of c.paths) urls.push({ path, target: `/c/${slug}` })
      continue
    }
    const parentId = c.parentRef ? channelIds.get(c.parentRef) : undefined
    const id = await upsertImportedChannel(
      deps.db,
      existing,
      {
        parent_id: parentId ?? null,
        kind: 'list',
        name: c.name.slice(0, 60),
        slug,
        link_url: null,
        seo_title: '',
        seo_keywords: '',
        seo_description: (c.description ?? '').slice(0, 300),
        weight: 0,
        page_size: 20,
        vip_level: 0,
      },
      c.ref,
      at,
    )
    await recordMigrated(deps.db, site.source, 'channel', c.ref, id, at)
    channelIds.set(c.ref, id)
    const stored = await deps.db.selectFrom('channels').select('slug').where('id', '=', id).executeTakeFirstOrThrow()
    channelSlugs.set(c.ref, stored.slug)
    report.channels[existing ? 'updated' : 'created']++
    for (const path of c.paths) urls.push({ path, target: `/c/${stored.slug}` })
  }
  return channelSlugs
}

/** Posts through `savePost`: our compiler, its warnings, the post's old addresses. */
async function writePosts({ deps, site, write, report, urls, people, at }: Run, channelSlugs: Map<string, string>): Promise<void> {
  const postIds = await loadMigrated(deps.db, site.source, 'post')
  let done = 0
  for (const p of site.posts) {
    done++
    const channelSlug = channelSlugs.get(p.channelRef)
    if (!channelSlug) {
      report.posts.skipped++
      report.skipped.push({ kind: 'post', id: p.ref, reason: 'channel-not-migrated' })
      continue
    }
    const existing = postIds.get(p.ref)
    report.posts.trashed += p.trash ? 1 : 0
    report.posts.hidden += p.status === 'hidden' ? 1 : 0
    report.posts.drafts += p.status === 'draft' ? 1 : 0
    report.posts.paid += PAID.test(p.html) ? 1 : 0
    if (!write) {
      report.posts[existing ? 'updated' : 'created']++
      if (!p.trash) for (const path of p.paths) urls.push({ path, target: `/p/${p.slug}` })
      continue
    }
    const saved = await savePostOf(deps, site.source, p, existing, channelSlug, people.get(`author:${p.authorRef}`))
    if (!saved) {
      report.posts.updated++
      continue
    }
    // a free post's paid regions are the point here (members' or VIP's, as the old site had them): not a problem to report
    const warnings = p.access ? saved.warnings.filter((w) => w !== 'PAYWALL_FREE_POST_HAS_REGIONS') : saved.warnings
    if (warnings.length) {
      report.posts.withWarnings++
      report.warnings.push({ id: p.ref, codes: warnings })
    }
    await recordMigrated(deps.db, site.source, 'post', p.ref, saved.id, at)
    postIds.set(p.ref, saved.id)
    report.posts[existing ? 'updated' : 'created']++
    if (!p.trash) for (const path of p.paths) urls.push({ path, target: `/p/${saved.slug}` })
    deps.onProgress?.(done, site.posts.length)
  }
}

/** Tag pages answer at their old addresses (dry, by the names the tags would take). */
async function addTagPaths({ deps, site, write, urls }: Run): Promise<void> {
  const tagSlugs = new Map((await deps.db.selectFrom('tags').select(['name', 'slug']).execute()).map((t) => [t.name, t.slug]))
  for (const t of site.tagPaths) {
    // dry, the tags are not made yet: their addresses are counted as they would be
    const slug = tagSlugs.get(t.name) ?? (write ? undefined : t.name)
    if (slug) for (const path of t.paths) urls.push({ path, target: `/t/${encodeURIComponent(slug)}` })
  }
}

/** Readers, and their subscriptions as free-reading VIP. */
async function writeMembers({ deps, site, at, write, report, people }: Run): Promise<void> {
  for (const m of site.members) {
    const key = `member:${m.ref}`
    const existing = people.get(key)
    if (!write) {
      report.members[existing ? 'updated' : 'created']++
      report.members.vip += m.vip ? 1 : 0
      continue
    }
    const result = await deps.db.transaction().execute(async (trx) => {
      const base = { email: m.email, legacyHash: NO_PASSWORD, disabled: false, createdAt: m.createdAt }
      // a name another reader holds: the address is theirs alone
      let r = await upsertImportedMember(trx, existing, { ...base, username: m.name || m.email }, at)
      if (!('id' in r) && r.skipped === 'username-taken') r = await upsertImportedMember(trx, existing, { ...base, username: m.email }, at)
      if (!('id' in r)) return r
      await recordMigrated(trx, site.source, 'member', key, r.id, at)
      if (m.vip) await importVipGrant(trx, { memberId: r.id, planName: m.vip.planName, startsAt: m.createdAt, endsAt: m.vip.endsAt, ref: `migration:${site.source}:${m.ref}`, at })
      return r
    })
    if (!('id' in result)) {
      report.members.skipped++
      report.skipped.push({ kind: 'member', id: m.ref, reason: result.skipped })
      continue
    }
    people.set(key, result.id)
    report.members[result.created ? 'created' : 'updated']++
    report.members.vip += m.vip ? 1 : 0
  }
}

/** Saves one post (restoring it from our trash when the old site brought it back); undefined: it stays in our trash. */
async function savePostOf(
  deps: WriteDeps,
  source: string,
  p: InPost,
  existing: number | undefined,
  channelSlug: string,
  authorId: number | undefined,
): Promise<{ id: number; slug: string; warnings: string[] } | undefined> {
  const now = existing !== undefined ? await deps.db.selectFrom('posts').select(['slug', 'status']).where('id', '=', existing).executeTakeFirst() : undefined
  if (now?.status === 'trashed') {
    if (p.trash) return undefined
    await deps.posts.restorePost(deps.actor, now.slug)
  }
  // the old slug as it was, a Chinese one in pinyin; a post that had none is named by its title and old id
  const made = isSlug(p.slug) ? p.slug : (pinyinSlug(p.slug, 60) ?? `${pinyinSlug(p.title, 40) ?? 'post'}-${p.ref}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'))
  let slug = now?.slug ?? made
  // a new post never takes over one of ours that holds its slug
  if (!now && (await deps.db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirst())) slug = `${slug}-${p.ref}`.toLowerCase().replace(/[^a-z0-9-]/g, '-')
  const saved = await deps.posts.savePost(deps.actor, {
    slug,
    title: p.title.slice(0, 200) || '(无标题)',
    channelSlug,
    price: 0 as Cents,
    ...(p.access ? { access: p.access } : {}),
    status: p.status,
    tags: [...new Set(p.tags.map((t) => t.trim()).filter((t) => t && t.length <= 30))],
    ...(p.coverUrl ? { coverUrl: p.coverUrl } : {}),
    ...(p.description ? { description: p.description.slice(0, 300) } : {}),
    ...(p.publishedAt ? { publishedAt: p.publishedAt } : {}),
    ...(authorId !== undefined ? { authorId } : {}),
    sourceName: `${source}:${p.ref}`,
    body: { source: p.html, format: 'html' },
  })
  if (p.trash && saved.post.status !== 'trashed') await deps.posts.trashPost(deps.actor, saved.post.slug)
  return { id: saved.post.id, slug: saved.post.slug, warnings: saved.warnings.map((w) => w.code) }
}
