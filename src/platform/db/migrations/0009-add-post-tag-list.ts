import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * Each post keeps its tags' names and slugs as a JSON list (`[{"name","slug"}]`, in
 * name order), written by setPostTags with the post_tags rows. A tag's name and slug
 * never change, so the copy cannot go stale, and the post page no longer runs a
 * tags query (~6% of its CPU, BENCHMARKS.md).
 */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('tag_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
  const tagged = sql`posts.id IN (SELECT post_id FROM post_tags)`
  if (dialect === 'postgres') {
    await sql`UPDATE posts SET tag_list = (
      SELECT json_agg(json_build_object('name', t.name, 'slug', t.slug) ORDER BY t.name)::text
      FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id
    ) WHERE ${tagged}`.execute(db)
  } else {
    await sql`UPDATE posts SET tag_list = (
      SELECT json_group_array(json_object('name', t.name, 'slug', t.slug) ORDER BY t.name)
      FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = posts.id
    ) WHERE ${tagged}`.execute(db)
  }
}
