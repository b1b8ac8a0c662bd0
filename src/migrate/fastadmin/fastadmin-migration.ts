import { importOpeningBalance, importPaidOrder } from '../../commerce/index.ts'
import { addViews, channelSlugFromName, isSlug, pinyinSlug, saveLegacyUrls, upsertImportedChannel, type PostService } from '../../content/index.ts'
import { fastadminLegacyHash, upsertImportedMember } from '../../members/index.ts'
import type { Actor } from '../../platform/access/actor.ts'
import type { Db } from '../../platform/db/database.ts'
import { followableUrl } from '../../shared/followable-url.ts'
import { parseYuan, type Cents } from '../../shared/money.ts'
import { loadMigrated, recordMigrated } from '../migrated-rows.ts'
import type { UploadCopier } from '../site-in/bring-uploads.ts'
import type { CustomField } from '../../paywall/index.ts'
import { archiveUrls, bodyFor, channelKind, channelUrls, postFlags, postStatus, tagNames, tagUrls, unixToIso, type UrlRules } from './fastadmin-rows.ts'
import { NOT_BROUGHT, type FaArchive, type FaChannel, type FastadminSource } from './fastadmin-source.ts'

const SOURCE = 'fastadmin'
const BATCH = 500

export interface Tally {
  created: number
  updated: number
  skipped: number
}
const tally = (): Tally => ({ created: 0, updated: 0, skipped: 0 })

/** What a run did (or, dry, would do): counts per kind, every row left out with its reason, what we do not bring yet. */
export interface MigrationReport {
  dryRun: boolean
  channels: Tally
  posts: Tally & { trashed: number; hidden: number; withWarnings: number; withFields: number }
  members: Tally
  orders: Tally & { guest: number }
  balances: number
  legacyUrls: number
  skipped: Array<{ kind: string; id: number | string; reason: string }>
  warnings: Array<{ id: number; codes: string[] }>
  notBrought: Record<string, number>
}

export interface MigrationDeps {
  db: Db
  posts: PostService
  actor: Actor
  now: () => Date
  /** after each batch of archives: how many are done of how many */
  onProgress?: (done: number, total: number) => void
  /** the old site's uploads (`--uploads`): bodies and covers pointed at the copies in our media library */
  uploads?: UploadCopier
  /**
   * keeps a model's own columns beside the post, for its editors only (they may
   * hold paid links: a paywall capability, granted where the full handle is)
   */
  keepFields?: (postId: number, source: string, fields: CustomField[], at: string) => Promise<void>
}

/**
 * Moves a FastAdmin CMS 1.5.x site in: members (their old passwords keep
 * working), channels, archives with their bodies through our paywall compiler,
 * tags, paid orders as purchases, balances, and every old address as a 301.
 * Each row's new id is kept (`migrated_rows`), so a second run updates and a
 * stopped one goes on. Dry, it reads everything and writes nothing.
 */
export async function migrateFastadmin(deps: MigrationDeps, source: FastadminSource, options: { rules: UrlRules; dryRun: boolean }): Promise<MigrationReport> {
  const { db } = deps
  const at = deps.now().toISOString()
  const report: MigrationReport = {
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
  }
  const write = !options.dryRun
  const urls: Array<{ path: string; target: string }> = []

  // members first: an archive's author and an order's buyer are members
  const members = await loadMigrated(db, SOURCE, 'member')
  for (const u of await source.users()) {
    const existing = members.get(String(u.id))
    if (!write) {
      report.members[existing ? 'updated' : 'created']++
      continue
    }
    const result = await db.transaction().execute(async (trx) => {
      const r = await upsertImportedMember(
        trx,
        existing,
        {
          username: u.username,
          email: u.email || null,
          legacyHash: fastadminLegacyHash(u.password, u.salt ?? ''),
          disabled: u.status !== 'normal',
          createdAt: unixToIso(u.jointime || u.createtime, at),
        },
        at,
      )
      if (!('id' in r)) return r
      await recordMigrated(trx, SOURCE, 'member', u.id, r.id, at)
      const money = parseYuan(String(u.money ?? '0')) ?? (0 as Cents)
      if (money > 0 && (await importOpeningBalance(trx, r.id, money, `fastadmin:user:${u.id}`, '从原站迁移的余额', at))) report.balances++
      return r
    })
    if ('id' in result) {
      members.set(String(u.id), result.id)
      report.members[result.created ? 'created' : 'updated']++
    } else {
      report.members.skipped++
      report.skipped.push({ kind: 'member', id: u.id, reason: result.skipped })
    }
  }

  // channels, parents before children (the query's order keeps a parent's id before its children's)
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
    if (kind !== 'link') for (const path of channelUrls(c, options.rules)) urls.push({ path, target: `/c/${stored.slug}` })
  }

  // archives in batches, each body from its model's addon table
  const postsMigrated = await loadMigrated(db, SOURCE, 'post')
  const models = await source.models()
  const tagNamesById = await source.tags()
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
      // a post in our trash is left there (its archive was deleted, or the owner put it there); one brought back is updated
      const now = existing !== undefined ? await db.selectFrom('posts').select(['slug', 'status']).where('id', '=', existing).executeTakeFirst() : undefined
      if (now?.status === 'trashed') {
        if (trash) {
          report.posts.updated++
          continue
        }
        await deps.posts.restorePost(deps.actor, now.slug)
      }
      const price = parseYuan(String(a.price ?? '0')) ?? (0 as Cents)
      const body = bodyFor(a, deps.uploads ? await deps.uploads.rewrite(content) : content, price)
      const cover = a.image && deps.uploads ? await deps.uploads.rewrite(a.image) : a.image
      const slug = a.diyname && isSlug(a.diyname) ? a.diyname : `${pinyinSlug(a.title, 40) ?? 'post'}-${a.id}`
      const saved = await deps.posts.savePost(deps.actor, {
        slug: now?.slug ?? slug,
        title: a.title.slice(0, 200),
        channelSlug: slugOfChannel,
        price,
        ...(body.access ? { access: body.access } : {}),
        status,
        flags: postFlags(a.flag),
        tags: tagNames(
          links.get(a.id)?.map((id) => tagNamesById.get(id) ?? ''),
          a.tags,
        ),
        ...(cover && /^(https?:\/\/|\/media\/)/.test(cover) ? { coverUrl: cover } : {}),
        publishedAt: unixToIso(a.publishtime || a.createtime, at),
        weight: a.weigh ?? 0,
        ...(members.has(String(a.user_id)) ? { authorId: members.get(String(a.user_id)) as number } : {}),
        sourceName: `fastadmin:${a.id}`,
        body: { source: body.source, format: 'html' },
      })
      if (saved.warnings.length) {
        report.posts.withWarnings++
        report.warnings.push({ id: a.id, codes: saved.warnings.map((w) => w.code) })
      }
      await recordMigrated(db, SOURCE, 'post', a.id, saved.post.id, at)
      postsMigrated.set(String(a.id), saved.post.id)
      if (deps.keepFields) await deps.keepFields(saved.post.id, `${SOURCE}:${models.get(a.model_id) ?? ''}`, held?.fields ?? [], at)
      if (!existing && a.views > 0) await addViews(db, new Map([[saved.post.id, a.views]]))
      if (trash && saved.post.status !== 'trashed') await deps.posts.trashPost(deps.actor, saved.post.slug)
      report.posts[existing ? 'updated' : 'created']++
      if (!trash) for (const path of archiveUrls(a, byId.get(a.channel_id), options.rules)) urls.push({ path, target: `/p/${saved.post.slug}` })
    }
    done += batch.length
    deps.onProgress?.(done, total)
  }

  // tags answer at their old addresses too
  const tagSlugs = new Map((await db.selectFrom('tags').select(['name', 'slug']).execute()).map((t) => [t.name, t.slug]))
  for (const [id, name] of tagNamesById) {
    const slug = tagSlugs.get(name)
    if (slug) for (const path of tagUrls(id, name, options.rules)) urls.push({ path, target: `/t/${encodeURIComponent(slug)}` })
  }
  const home = options.rules.archive.startsWith('/cms/') ? ['/cms', '/cms/', '/cms/index.html'] : []
  for (const path of home) urls.push({ path, target: '/' })

  // paid orders: purchases of the members who paid; a guest's (IP-bound in FastAdmin) cannot be tied to a reader
  const ordersMigrated = await loadMigrated(db, SOURCE, 'order')
  for (const o of await source.orders()) {
    if (!o.user_id) {
      report.orders.guest++
      report.skipped.push({ kind: 'order', id: o.orderid, reason: 'guest-order' })
      continue
    }
    const memberId = members.get(String(o.user_id))
    const postId = postsMigrated.get(String(o.archives_id))
    if (memberId === undefined || postId === undefined) {
      report.orders.skipped++
      report.skipped.push({ kind: 'order', id: o.orderid, reason: memberId === undefined ? 'member-not-migrated' : 'post-not-migrated' })
      continue
    }
    if (ordersMigrated.has(String(o.id))) {
      report.orders.updated++
      continue
    }
    if (!write) {
      report.orders.created++
      continue
    }
    const amount = parseYuan(String(o.payamount ?? o.amount ?? '0')) ?? (0 as Cents)
    await db.transaction().execute(async (trx) => {
      const r = await importPaidOrder(trx, {
        memberId,
        postId,
        title: o.title || `付费阅读 #${o.archives_id}`,
        amount,
        createdAt: unixToIso(o.createtime || o.paytime, at),
        paidAt: unixToIso(o.paytime || o.createtime, at),
        source: SOURCE,
        sourceRef: o.orderid,
      })
      await recordMigrated(trx, SOURCE, 'order', o.id, r.orderId, at)
    })
    report.orders.created++
  }

  if (write) await saveLegacyUrls(db, SOURCE, urls, at)
  report.legacyUrls = urls.length
  for (const table of NOT_BROUGHT) if (await source.hasTable(table)) report.notBrought[table] = await source.count(table)
  return report
}

/** parents before their children, whatever the ids */
function orderParentsFirst(channels: FaChannel[]): FaChannel[] {
  const out: FaChannel[] = []
  const placed = new Set<number>()
  const ids = new Set(channels.map((c) => c.id))
  let pending = channels
  while (pending.length) {
    const next = pending.filter((c) => c.parent_id && ids.has(c.parent_id) && !placed.has(c.parent_id))
    const ready = pending.filter((c) => !next.includes(c))
    if (!ready.length) break // a loop in the old tree: the rest stay out
    for (const c of ready) {
      out.push(c)
      placed.add(c.id)
    }
    pending = next
  }
  return out
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
