import { sql } from 'kysely'
import type { Cents } from '../shared/money.ts'
import type { DbOrTrx } from '../platform/db/database.ts'
import { byListLength, compiledRead, compiledWrite } from '../platform/db/compiled-read.ts'
import { utf8Bytes } from '../platform/db/utf8-bytes.ts'
import { POST_FLAGS, type Post, type PostFlag, type PostSegment, type PostTagRef } from './post.ts'
import type { NewPostRow, PostPatch, PostRow } from './post.table.ts'

/** A posts row with its view count joined in. */
export type PostRowWithViews = PostRow & { view_count: number | null }

export function toPost(row: PostRowWithViews): Post {
  const flags: PostFlag[] = []
  for (const flag of POST_FLAGS) if (row[`flag_${flag}`]) flags.push(flag)
  return {
    id: row.id,
    channelId: row.channel_id,
    title: row.title,
    slug: row.slug,
    coverUrl: row.cover_url,
    description: row.description,
    price: row.price as Cents,
    access: row.access,
    vipLevel: row.vip_level,
    status: row.status,
    flags,
    weight: row.weight,
    authorId: row.author_id,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    viewCount: Number(row.view_count ?? 0),
    wordCount: row.word_count,
    freeCharCount: row.free_char_count,
    paidCharCount: row.paid_char_count,
    pageCount: row.page_count,
    paidRegionCount: row.paid_region_count,
    previewShare: row.preview_share,
    tags: JSON.parse(row.tag_list) as PostTagRef[],
  }
}

export interface PostListFilter {
  channelIds?: number[]
  tagId?: number
  flag?: PostFlag
  now: string
  limit: number
  offset: number
  /** 'listing' (default): top, weight, newest; 'latest': newest only */
  order?: 'listing' | 'latest'
}

/** Every read of whole posts goes through here, so the view count always comes along. */
export function selectPosts(db: DbOrTrx) {
  return db.selectFrom('posts').leftJoin('post_views', 'post_views.post_id', 'posts.id').selectAll('posts').select('post_views.views as view_count')
}

/** `status` is a literal, so `now` is the query's first parameter (compiled reads rely on the order). */
function published(db: DbOrTrx, now: string) {
  return db.selectFrom('posts').where('posts.status', '=', sql.lit('published')).where('posts.published_at', '<=', now)
}

/**
 * A tag filter is a join, not `id IN (…)`: SQLite then walks the listing index and
 * probes post_tags, instead of sorting every post of a large tag (80 ms → 0.5 ms at 100k posts).
 */
function filtered(db: DbOrTrx, f: Omit<PostListFilter, 'limit' | 'offset'>) {
  let q = published(db, f.now)
  if (f.channelIds) q = q.where('posts.channel_id', 'in', f.channelIds.length ? f.channelIds : [-1])
  if (f.flag) q = q.where(`posts.flag_${f.flag}`, '=', 1)
  if (f.tagId !== undefined) {
    return q.innerJoin('post_tags', 'post_tags.post_id', 'posts.id').where('post_tags.tag_id', '=', f.tagId)
  }
  return q
}

export async function listPublishedPosts(db: DbOrTrx, f: PostListFilter): Promise<Post[]> {
  let q = filtered(db, f).leftJoin('post_views', 'post_views.post_id', 'posts.id').selectAll('posts').select('post_views.views as view_count')
  if (f.order !== 'latest') q = q.orderBy('posts.flag_top', 'desc').orderBy('posts.weight', 'desc')
  const rows = await q.orderBy('posts.published_at', 'desc').orderBy('posts.id', 'desc').limit(f.limit).offset(f.offset).execute()
  return rows.map(toPost)
}

export async function countPublishedPosts(db: DbOrTrx, f: Omit<PostListFilter, 'limit' | 'offset'>): Promise<number> {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

// the post page's reads, compiled once per handle (Kysely's building cost as much as SQLite's work: BENCHMARKS.md)
const publishedBySlug = compiledRead(
  (db: DbOrTrx, now: string, slug: string) => selectPosts(db).where('posts.status', '=', sql.lit('published')).where('posts.published_at', '<=', now).where('posts.slug', '=', slug),
  ['', ''] as [string, string],
)
const segmentsOfPage = compiledRead(
  (db: DbOrTrx, postId: number, page: number) => db.selectFrom('post_segments').selectAll().where('post_id', '=', postId).where('page', '=', page).orderBy('position'),
  [0, 0] as [number, number],
)

const segmentBytesOfPage = compiledRead(
  (db: DbOrTrx, postId: number, page: number) =>
    db
      .selectFrom('post_segments')
      .select(['kind', 'position', 'page', 'char_count', utf8Bytes(db, 'html').as('html')])
      .where('post_id', '=', postId)
      .where('page', '=', page)
      .orderBy('position'),
  [0, 0] as [number, number],
)

export async function findPublishedPostBySlug(db: DbOrTrx, slug: string, now: string): Promise<Post | undefined> {
  const [row] = await publishedBySlug(db, now, slug)
  return row ? toPost(row) : undefined
}

export async function findPostBySlug(db: DbOrTrx, slug: string): Promise<Post | undefined> {
  const row = await selectPosts(db).where('posts.slug', '=', slug).executeTakeFirst()
  return row ? toPost(row) : undefined
}

export async function listPostSegments(db: DbOrTrx, postId: number, page?: number): Promise<PostSegment[]> {
  const rows = page !== undefined ? await segmentsOfPage(db, postId, page) : await db.selectFrom('post_segments').selectAll().where('post_id', '=', postId).orderBy('position').execute()
  return rows.map(toSegment)
}

/** One page's segments with the free HTML as UTF-8 bytes, for a page that goes out as bytes (see utf8-bytes.ts). */
export async function listPostSegmentBytes(db: DbOrTrx, postId: number, page: number): Promise<Array<PostSegment<Uint8Array>>> {
  return (await segmentBytesOfPage(db, postId, page)).map(toSegment)
}

function toSegment<H extends string | Uint8Array>(r: { kind: 'free' | 'paid'; position: number; page: number; html: H; char_count: number }): PostSegment<H> {
  return r.kind === 'free' ? { kind: 'free', position: r.position, page: r.page, html: r.html, charCount: r.char_count } : { kind: 'paid', position: r.position, page: r.page, charCount: r.char_count }
}

export async function replacePostSegments(db: DbOrTrx, postId: number, segments: PostSegment[]): Promise<void> {
  await db.deleteFrom('post_segments').where('post_id', '=', postId).execute()
  if (!segments.length) return
  await db
    .insertInto('post_segments')
    .values(segments.map((s) => ({ post_id: postId, position: s.position, page: s.page, kind: s.kind, html: s.kind === 'free' ? s.html : '', char_count: s.charCount })))
    .execute()
}

export async function insertPost(db: DbOrTrx, row: NewPostRow): Promise<number> {
  const inserted = await db.insertInto('posts').values(row).returning('id').executeTakeFirstOrThrow()
  return inserted.id
}

const viewsOf = compiledRead((db: DbOrTrx, postId: number) => db.selectFrom('post_views').select('views').where('post_id', '=', postId), [0] as [number])

/** A post's view count as written so far (views not yet flushed are the counter's). */
export async function findViewCount(db: DbOrTrx, postId: number): Promise<number> {
  const [row] = await viewsOf(db, postId)
  return row?.views ?? 0
}

export async function updatePost(db: DbOrTrx, id: number, patch: PostPatch): Promise<void> {
  await db.updateTable('posts').set(patch).where('id', '=', id).execute()
}

const bumpViews = compiledWrite(
  (db: DbOrTrx, n: number, postId: number) =>
    db
      .updateTable('post_views')
      .set((eb) => ({ views: eb('views', '+', n) }))
      .where('post_id', '=', postId),
  [0, 0] as [number, number],
)
const firstViewsQuery = (db: DbOrTrx, n: number, postId: number) =>
  db
    .insertInto('post_views')
    .columns(['post_id', 'views'])
    // only for posts that still exist: one deleted since the view is skipped, not an error
    .expression((eb) =>
      eb
        .selectFrom('posts')
        .select((e) => [e.ref('posts.id').as('post_id'), e.val(n).as('views')])
        .where('posts.id', '=', postId),
    )
    .onConflict((oc) => oc.column('post_id').doUpdateSet((eb) => ({ views: eb('post_views.views', '+', eb.ref('excluded.views')) })))
// parameters in the order the SQL holds them: the value in the SELECT list comes first
const firstViews = compiledWrite(firstViewsQuery, [0, 0] as [number, number])

/**
 * Adding views as one statement per post, for a writer that runs SQL off the event
 * loop (the server on SQLite): the SQL, and each post's parameters in its order.
 * Built once; a view of a post deleted since is skipped, as in addViews.
 */
export function viewsUpsert(db: DbOrTrx): { sql: string; row: (postId: number, n: number) => unknown[] } {
  const { sql: text, parameters } = firstViewsQuery(db, -7, -11).compile()
  const order = parameters.map((p) => (p === -7 ? 'n' : p === -11 ? 'id' : undefined))
  if (order.includes(undefined) || order.length !== 2) throw new Error('viewsUpsert: unexpected parameters')
  return { sql: text, row: (postId, n) => order.map((p) => (p === 'n' ? n : postId)) }
}

/**
 * Adds counted views. Most posts already have a row, and updating it touches
 * only the small post_views table; inserting checks the post exists, which
 * reads the large posts table (~12 µs a row on SQLite at 100k posts), so only
 * a post's first views take that path.
 */
export async function addViews(db: DbOrTrx, counts: Map<number, number>): Promise<void> {
  for (const [id, n] of counts) {
    if ((await bumpViews(db, n, id)) === 0) await firstViews(db, n, id)
  }
}

export async function listSitemapPosts(db: DbOrTrx, now: string, limit: number, offset: number): Promise<Array<{ slug: string; updatedAt: string }>> {
  const rows = await published(db, now).select(['posts.slug', 'posts.updated_at']).orderBy('posts.id').limit(limit).offset(offset).execute()
  return rows.map((r) => ({ slug: r.slug, updatedAt: r.updated_at }))
}

// related posts and search results read posts by id lists: compiled once per list length
const publishedByIdsQuery = (db: DbOrTrx, now: string, ...ids: number[]) =>
  selectPosts(db).where('posts.status', '=', sql.lit('published')).where('posts.published_at', '<=', now).where('posts.id', 'in', ids)
const publishedTitlesQuery = (db: DbOrTrx, now: string, ...ids: number[]) => published(db, now).select(['posts.id', 'posts.title']).where('posts.id', 'in', ids)
const idListPlaceholders = (n: number) => ['', ...Array<number>(n).fill(0)] as [string, ...number[]]
const publishedByIds = byListLength((n) => compiledRead(publishedByIdsQuery, idListPlaceholders(n)))
const publishedTitles = byListLength((n) => compiledRead(publishedTitlesQuery, idListPlaceholders(n)))

/** Published posts by id, in the order of `ids` (search results keep the engine's order). */
export async function findPublishedPostsByIds(db: DbOrTrx, ids: readonly number[], now: string): Promise<Post[]> {
  if (!ids.length) return []
  const compiled = publishedByIds(ids.length)
  const rows = compiled ? await compiled(db, now, ...ids) : await publishedByIdsQuery(db, now, ...ids).execute()
  const byId = new Map(rows.map((r) => [r.id, toPost(r)]))
  return ids.flatMap((id) => byId.get(id) ?? [])
}

/** Titles of the published posts among `ids` (for ranking candidates before reading whole posts). */
export async function findPublishedTitles(db: DbOrTrx, ids: readonly number[], now: string): Promise<Array<{ id: number; title: string }>> {
  if (!ids.length) return []
  const compiled = publishedTitles(ids.length)
  return compiled ? compiled(db, now, ...ids) : publishedTitlesQuery(db, now, ...ids).execute()
}

/** The free text of each post (every page), for search snippets: free segments only. */
export async function listFreeTexts(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  if (!ids.length) return out
  const rows = await db.selectFrom('post_segments').select(['post_id', 'html']).where('post_id', 'in', ids).where('kind', '=', 'free').orderBy('post_id').orderBy('position').execute()
  for (const r of rows) {
    let list = out.get(r.post_id)
    if (!list) out.set(r.post_id, (list = []))
    list.push(r.html)
  }
  return out
}

/** Titles of posts and their tag names, for building search index rows. */
export async function findIndexFields(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, { title: string; tags: string[] }>> {
  const out = new Map<number, { title: string; tags: string[] }>()
  if (!ids.length) return out
  for (const r of await db.selectFrom('posts').select(['id', 'title']).where('id', 'in', ids).execute()) out.set(r.id, { title: r.title, tags: [] })
  const tags = await db.selectFrom('post_tags').innerJoin('tags', 'tags.id', 'post_tags.tag_id').select(['post_tags.post_id', 'tags.name']).where('post_tags.post_id', 'in', ids).execute()
  for (const t of tags) out.get(t.post_id)?.tags.push(t.name)
  return out
}

/** Post ids in order, for sweeps such as the search reindex. */
export async function listPostIds(db: DbOrTrx, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('posts').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute()
  return rows.map((r) => r.id)
}

export async function countPosts(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export async function deletePostRow(db: DbOrTrx, id: number): Promise<void> {
  const tags = await db.selectFrom('post_tags').select('tag_id').where('post_id', '=', id).execute()
  if (tags.length)
    await db
      .updateTable('tags')
      .set((eb) => ({ post_count: eb('post_count', '-', 1) }))
      .where(
        'id',
        'in',
        tags.map((t) => t.tag_id),
      )
      .execute()
  await db.deleteFrom('posts').where('id', '=', id).execute()
}

/** Published posts whose title contains `text` (the search fallback for one-character queries). */
export async function findPublishedByTitleLike(db: DbOrTrx, text: string, now: string, limit: number): Promise<number[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  const rows = await published(db, now)
    .select('posts.id')
    .where(sql<boolean>`posts.title LIKE ${pattern} ESCAPE '\\'`)
    .orderBy('posts.published_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** The file a post was imported from, by slug (undefined: no such post; null: not imported). */
export async function findPostSource(db: DbOrTrx, slug: string): Promise<{ sourceName: string | null } | undefined> {
  const row = await db.selectFrom('posts').select('source_name').where('slug', '=', slug).executeTakeFirst()
  return row && { sourceName: row.source_name }
}

/** Posts by id whatever their status (the paywall decides who may have a file they use). */
export async function findPostsByIds(db: DbOrTrx, ids: readonly number[]): Promise<Post[]> {
  if (!ids.length) return []
  const rows = await selectPosts(db).where('posts.id', 'in', ids).execute()
  return rows.map(toPost)
}

/**
 * The priced posts on sale, grouped by channel and the post's own VIP level:
 * how many and their prices' sum. The VIP page works out what a free-reading
 * plan saves against buying them one by one (the channel's level is the tree's).
 */
export async function sumPricedPostsByLevel(db: DbOrTrx, now: string): Promise<Array<{ channelId: number; vipLevel: number; count: number; total: number }>> {
  const rows = await published(db, now)
    .where('posts.price', '>', 0)
    .where('posts.paid_region_count', '>', 0)
    .select(['posts.channel_id', 'posts.vip_level', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.sum<number | string>('posts.price').as('total')])
    .groupBy(['posts.channel_id', 'posts.vip_level'])
    .execute()
  return rows.map((r) => ({ channelId: r.channel_id, vipLevel: r.vip_level, count: Number(r.n), total: Number(r.total) }))
}
