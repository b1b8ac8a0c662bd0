import { sql } from 'kysely'
import type { DbOrTrx } from '../platform/db/database.ts'
import type { PostTagRef } from './post.ts'

export interface Tag {
  id: number
  name: string
  slug: string
  postCount: number
}

export async function findTagBySlug(db: DbOrTrx, slug: string): Promise<Tag | undefined> {
  const row = await db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst()
  return row ? { id: row.id, name: row.name, slug: row.slug, postCount: row.post_count } : undefined
}

/** A post's tags in name order (the dialect's collation): what setPostTags copies onto the post row. */
const tagsOfPost = (db: DbOrTrx, postId: number) =>
  db.selectFrom('post_tags').innerJoin('tags', 'tags.id', 'post_tags.tag_id').select(['tags.name', 'tags.slug']).where('post_tags.post_id', '=', postId).orderBy('tags.name').execute()

export async function listPopularTags(db: DbOrTrx, limit: number): Promise<Tag[]> {
  const rows = await db.selectFrom('tags').selectAll().where('post_count', '>', 0).orderBy('post_count', 'desc').orderBy('name').limit(limit).execute()
  return rows.map((r) => ({ id: r.id, name: r.name, slug: r.slug, postCount: r.post_count }))
}

export async function listAllTagSlugs(db: DbOrTrx): Promise<string[]> {
  const rows = await db.selectFrom('tags').select('slug').where('post_count', '>', 0).orderBy('slug').execute()
  return rows.map((r) => r.slug)
}

/** Replaces a post's tags, creating missing ones; counts move by one instead of being recounted. */
export async function setPostTags(db: DbOrTrx, postId: number, names: string[]): Promise<void> {
  const before = await db.selectFrom('post_tags').select('tag_id').where('post_id', '=', postId).execute()
  const wanted = new Set<number>()
  for (const name of names) {
    const slug = tagSlug(name)
    let tag = await db.selectFrom('tags').select('id').where('slug', '=', slug).executeTakeFirst()
    tag ??= await db.insertInto('tags').values({ name, slug, post_count: 0 }).returning('id').executeTakeFirstOrThrow()
    wanted.add(tag.id)
  }
  const had = new Set(before.map((r) => r.tag_id))
  const removed = [...had].filter((id) => !wanted.has(id))
  const added = [...wanted].filter((id) => !had.has(id))
  if (removed.length) {
    await db.deleteFrom('post_tags').where('post_id', '=', postId).where('tag_id', 'in', removed).execute()
    await db
      .updateTable('tags')
      .set((eb) => ({ post_count: eb('post_count', '-', 1) }))
      .where('id', 'in', removed)
      .execute()
  }
  if (added.length) {
    await db
      .insertInto('post_tags')
      .values(added.map((tag_id) => ({ post_id: postId, tag_id })))
      .execute()
    await db
      .updateTable('tags')
      .set((eb) => ({ post_count: eb('post_count', '+', 1) }))
      .where('id', 'in', added)
      .execute()
  }
  await rewriteTagLists(db, [postId])
}

/** The post rows' copy of their tags (posts.tag_list: pages read the tags from there), written again from post_tags. */
export async function rewriteTagLists(db: DbOrTrx, postIds: readonly number[]): Promise<void> {
  for (const postId of postIds) {
    const list: PostTagRef[] = await tagsOfPost(db, postId)
    await db
      .updateTable('posts')
      .set({ tag_list: JSON.stringify(list) })
      .where('id', '=', postId)
      .execute()
  }
}

/** Tag names are their own slugs (URLs carry them percent-encoded), folded to lower case and trimmed. */
export function tagSlug(name: string): string {
  return name
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s/\\?#%]+/g, '-')
}

/** Tags by id (names for search facets). */
export async function findTagsByIds(db: DbOrTrx, ids: readonly number[]): Promise<Array<{ id: number; name: string; slug: string }>> {
  if (!ids.length) return []
  return db.selectFrom('tags').select(['id', 'name', 'slug']).where('id', 'in', ids).execute()
}

/** Tags whose name contains `text`, most used first (search suggestions). */
export async function findTagsLike(db: DbOrTrx, text: string, limit: number): Promise<Array<{ id: number; name: string; slug: string }>> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db
    .selectFrom('tags')
    .select(['id', 'name', 'slug'])
    .where('post_count', '>', 0)
    .where(sql<boolean>`name LIKE ${pattern} ESCAPE '\\'`)
    .orderBy('post_count', 'desc')
    .limit(limit)
    .execute()
}
