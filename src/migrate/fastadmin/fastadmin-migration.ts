import { addViews, channelSlugFromName, isSlug, pinyinSlug, saveLegacyUrls, upsertImportedChannel } from '../../content/index.ts'
import { followableUrl } from '../../shared/followable-url.ts'
import { parseYuan, type Cents } from '../../shared/money.ts'
import { loadMigrated, recordMigrated } from '../migrated-rows.ts'
import { SOURCE, type MigrationDeps, type MigrationReport, type Run } from './fastadmin-run.ts'
import { tally } from '../tally.ts'
import { bringMembers, bringOrders } from './fastadmin-people.ts'
export type { MigrationDeps, MigrationReport } from './fastadmin-run.ts'
import type { CustomField } from '../../paywall/index.ts'
import { archiveUrls, bodyFor, orderParentsFirst, channelKind, channelUrls, postFlags, postStatus, tagNames, tagUrls, unixToIso, type UrlRules } from './fastadmin-rows.ts'
import { NOT_BROUGHT, type FaArchive, type FaChannel, type FastadminSource } from './fastadmin-source.ts'

const BATCH = 500

/**
 * Moves a FastAdmin CMS 1.5.x site in: members (their old passwords keep
 * working), channels, archives with their bodies through our paywall compiler,
 * tags, paid orders as purchases, balances, and every old address as a 301.
 * Each row's new id is kept (`migrated_rows`), so a second run updates and a
 * stopped one goes on. Dry, it reads everything and writes nothing.
 */
export async function migrateFastadmin(deps: MigrationDeps, source: FastadminSource, options: { rules: UrlRules; dryRun: boolean }): Promise<MigrationReport> {
  const run: Run = {
    deps,
    db: deps.db,
    source,
    rules: options.rules,
    at: deps.now().toISOString(),
    write: !options.dryRun,
    report: {
      dryRun: options.dryRun,
      channels: tally(),
      posts: { ...tally(), trashed: 0, hidden: 0, withWarnings: 0, withFields: 0 },
      members: tally(),
      orders: { ...tally(), guest: 0 },
      balances: 0,
      legacyUrls: 0,
      skipped: [],
      warnings: [],
      notBrought: {},
    },
    urls: [],
  }
  // members first: an archive's author and an order's buyer are members
  const members = await bringMembers(run)
  const channels = await bringChannels(run)
  const tagNamesById = await source.tags()
  const posts = await bringArchives(run, members, channels, tagNamesById)
  await addTagPaths(run, tagNamesById)
  await bringOrders(run, members, posts)
  if (run.write) await saveLegacyUrls(run.db, SOURCE, run.urls, run.at)
  run.report.legacyUrls = run.urls.length
  for (const table of NOT_BROUGHT) if (await source.hasTable(table)) run.report.notBrought[table] = await source.count(table)
  return run.report
}

/** Channels, parents before children (the query's order keeps a parent's id before its children's). */
async function bringChannels({ db, source, rules, at, write, report, urls }: Run): Promise<{ slugs: Map<number, string>; byId: Map<number, FaChannel> }> {
  const channelsMigrated = await loadMigrated(db, SOURCE, 'channel')
  const faChannels = await source.channels()
  const byId = new Map(faChannels.map((c) => [c.id, c]))
  const channelSlugs = new Map<number, string>()
  for (const c of orderParentsFirst(faChannels)) {
    const existing = channelsMigrated.get(String(c.id))
    const slug = (c.diyname && isSlug(c.diyname) ? c.diyname : channelSlugFromName(c.diyname || c.name)) ?? `c${c.id}`
    const kind = channelKind(c.type)
    const linkUrl = kind === 'link' ? (c.outlink ? followableUrl(c.outlink) : undefined) : undefined
    if (kind === 'link' && !linkUrl) {
      report.channels.skipped++
      report.skipped.push({ kind: 'channel', id: c.id, reason: 'link-not-followable' })
      continue
    }
    channelSlugs.set(c.id, slug)
    if (!write) {
      report.channels[existing ? 'updated' : 'created']++
      continue
    }
    const parentId = c.parent_id ? channelsMigrated.get(String(c.parent_id)) : undefined
    const id = await upsertImportedChannel(
      db,
      existing,
      {
        parent_id: parentId ?? null,
        kind,
        name: c.name.slice(0, 60),
        slug,
        link_url: linkUrl ?? null,
        seo_title: (c.seotitle ?? '').slice(0, 120),
        seo_keywords: (c.keywords ?? '').slice(0, 200),
        seo_description: (c.description ?? '').slice(0, 300),
        weight: c.weigh ?? 0,
        page_size: Math.min(100, Math.max(1, c.pagesize || 20)),
        vip_level: Math.min(99, Math.max(0, c.vip ?? 0)),
      },
      String(c.id),
      at,
    )
    await recordMigrated(db, SOURCE, 'channel', c.id, id, at)
    const stored = await db.selectFrom('channels').select('slug').where('id', '=', id).executeTakeFirstOrThrow()
    channelSlugs.set(c.id, stored.slug)
    channelsMigrated.set(String(c.id), id)
    report.channels[existing ? 'updated' : 'created']++
    if (kind !== 'link') for (const path of channelUrls(c, rules)) urls.push({ path, target: `/c/${stored.slug}` })
  }

  return { slugs: channelSlugs, byId }
}

/** Archives in batches, each body from its model's addon table, through `savePost`; their ids here by FastAdmin's. */
async function bringArchives(
  run: Run,
  members: Map<string, number>,
  channels: { slugs: Map<number, string>; byId: Map<number, FaChannel> },
  tagNamesById: Map<number, string>,
): Promise<Map<string, number>> {
  const { deps, db, source, rules, at, write, report, urls } = run
  const { slugs: channelSlugs, byId } = channels
  const postsMigrated = await loadMigrated(db, SOURCE, 'post')
  const models = await source.models()
  const total = await source.countArchives()
  let done = 0
  for (let after = 0; ;) {
    const batch = await source.archives(after, BATCH)
    if (!batch.length) break
    after = (batch[batch.length - 1] as FaArchive).id
    const bodies = await bodiesOf(source, models, batch)
    const links = await source.tagsOf(batch.map((a) => a.id))
    for (const a of batch) {
      const slugOfChannel = channelSlugs.get(a.channel_id)
      const held = bodies.get(a.id)
      const content = held?.content
      const reason = !slugOfChannel ? 'channel-not-migrated' : content === undefined ? 'no-body-in-model-table' : undefined
      if (reason || !slugOfChannel || content === undefined) {
        report.posts.skipped++
        report.skipped.push({ kind: 'post', id: a.id, reason: reason ?? 'unknown' })
        continue
      }
      const existing = postsMigrated.get(String(a.id))
      const { status, trash } = postStatus(a)
      report.posts.trashed += trash ? 1 : 0
      report.posts.hidden += status === 'hidden' ? 1 : 0
      report.posts.withFields += held?.fields.length ? 1 : 0
      if (!write) {
        report.posts[existing ? 'updated' : 'created']++
        continue
      }
      const saved = await saveArchive(run, a, {
        existing,
        status,
        trash,
        slugOfChannel,
        content,
        authorId: members.get(String(a.user_id)),
        tags: tagNames(
          links.get(a.id)?.map((id) => tagNamesById.get(id) ?? ''),
          a.tags,
        ),
      })
      if (!saved) {
        report.posts.updated++
        continue
      }
      await recordMigrated(db, SOURCE, 'post', a.id, saved.id, at)
      postsMigrated.set(String(a.id), saved.id)
      if (deps.keepFields) await deps.keepFields(saved.id, `${SOURCE}:${models.get(a.model_id) ?? ''}`, held?.fields ?? [], at)
      report.posts[existing ? 'updated' : 'created']++
      if (!trash) for (const path of archiveUrls(a, byId.get(a.channel_id), rules)) urls.push({ path, target: `/p/${saved.slug}` })
    }
    done += batch.length
    deps.onProgress?.(done, total)
  }

  return postsMigrated
}

/**
 * One archive through `savePost`, its views and its trash. A post in our trash is
 * left there (its archive was deleted, or the owner put it there): undefined; one
 * brought back is restored and updated.
 */
async function saveArchive(
  { deps, db, at, report }: Run,
  a: FaArchive,
  p: { existing: number | undefined; status: 'published' | 'hidden'; trash: boolean; slugOfChannel: string; content: string; authorId: number | undefined; tags: string[] },
): Promise<{ id: number; slug: string } | undefined> {
  const now = p.existing !== undefined ? await db.selectFrom('posts').select(['slug', 'status']).where('id', '=', p.existing).executeTakeFirst() : undefined
  if (now?.status === 'trashed') {
    if (p.trash) return undefined
    await deps.posts.restorePost(deps.actor, now.slug)
  }
  const price = parseYuan(String(a.price ?? '0')) ?? (0 as Cents)
  const body = bodyFor(a, deps.uploads ? await deps.uploads.rewrite(p.content) : p.content, price)
  const cover = a.image && deps.uploads ? await deps.uploads.rewrite(a.image) : a.image
  const slug = a.diyname && isSlug(a.diyname) ? a.diyname : `${pinyinSlug(a.title, 40) ?? 'post'}-${a.id}`
  const saved = await deps.posts.savePost(deps.actor, {
    slug: now?.slug ?? slug,
    title: a.title.slice(0, 200),
    channelSlug: p.slugOfChannel,
    price,
    ...(body.access ? { access: body.access } : {}),
    status: p.status,
    flags: postFlags(a.flag),
    tags: p.tags,
    ...(cover && /^(https?:\/\/|\/media\/)/.test(cover) ? { coverUrl: cover } : {}),
    publishedAt: unixToIso(a.publishtime || a.createtime, at),
    weight: a.weigh ?? 0,
    ...(p.authorId !== undefined ? { authorId: p.authorId } : {}),
    sourceName: `fastadmin:${a.id}`,
    body: { source: body.source, format: 'html' },
  })
  if (saved.warnings.length) {
    report.posts.withWarnings++
    report.warnings.push({ id: a.id, codes: saved.warnings.map((w) => w.code) })
  }
  if (p.existing === undefined && a.views > 0) await addViews(db, new Map([[saved.post.id, a.views]]))
  if (p.trash && saved.post.status !== 'trashed') await deps.posts.trashPost(deps.actor, saved.post.slug)
  return { id: saved.post.id, slug: saved.post.slug }
}

/** Tags answer at their old addresses too (the home page too, when the CMS lived under /cms). */
async function addTagPaths({ db, rules, urls }: Run, tagNamesById: Map<number, string>): Promise<void> {
  const tagSlugs = new Map((await db.selectFrom('tags').select(['name', 'slug']).execute()).map((t) => [t.name, t.slug]))
  for (const [id, name] of tagNamesById) {
    const slug = tagSlugs.get(name)
    if (slug) for (const path of tagUrls(id, name, rules)) urls.push({ path, target: `/t/${encodeURIComponent(slug)}` })
  }
  const home = rules.archive.startsWith('/cms/') ? ['/cms', '/cms/', '/cms/index.html'] : []
  for (const path of home) urls.push({ path, target: '/' })
}

async function bodiesOf(source: FastadminSource, models: Map<number, string>, batch: FaArchive[]): Promise<Map<number, { content: string; fields: CustomField[] }>> {
  const out = new Map<number, { content: string; fields: CustomField[] }>()
  const byModel = new Map<number, number[]>()
  for (const a of batch) byModel.set(a.model_id, [...(byModel.get(a.model_id) ?? []), a.id])
  for (const [modelId, ids] of byModel) {
    const table = models.get(modelId)
    if (!table) continue
    for (const [id, held] of await source.contents(table, ids)) out.set(id, held)
  }
  return out
}
