import type { Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/**
 * A priced post without paid markers shows an automatic preview: the site's
 * share of its text, or the post's own (`preview_share`, null = the site's).
 * `auto_preview` says whether its last compile used one (null: compiled before
 * this column, not known), so a new site share recompiles only those posts.
 */
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('posts').addColumn('preview_share', 'real').execute()
  await db.schema.alterTable('posts').addColumn('auto_preview', 'integer').execute()
}
