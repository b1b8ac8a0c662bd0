import { type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import type { Dialect } from '../database.ts'

/** Runs on SQLite and PostgreSQL alike: text timestamps (ISO-8601 UTC), 0/1 booleans, integer 分. */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = (col: ColumnDefinitionBuilder) => (dialect === 'sqlite' ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity())

  await db.schema
    .createTable('channels')
    .addColumn('id', 'integer', id)
    .addColumn('parent_id', 'integer', (c) => c.references('channels.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('link_url', 'text')
    .addColumn('seo_title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seo_keywords', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('page_size', 'integer', (c) => c.notNull().defaultTo(20))
    .addColumn('vip_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', id)
    .addColumn('channel_id', 'integer', (c) => c.notNull().references('channels.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('cover_url', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('access', 'text', (c) => c.notNull().defaultTo('members'))
    .addColumn('vip_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('flag_top', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_hot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_recommend', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flag_new', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('view_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('free_char_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paid_char_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('page_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('paid_region_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source_name', 'text')
    .execute()
  // lists are ordered top, weight, newest: these indexes serve that order without a sort
  await db.schema.createIndex('posts_listing').on('posts').columns(['status', 'flag_top', 'weight', 'published_at', 'id']).execute()
  await db.schema.createIndex('posts_channel_listing').on('posts').columns(['channel_id', 'status', 'flag_top', 'weight', 'published_at', 'id']).execute()
  await db.schema.createIndex('posts_channel_latest').on('posts').columns(['channel_id', 'status', 'published_at', 'id']).execute()

  await db.schema
    .createTable('post_segments')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_segments_pk', ['post_id', 'position'])
    .execute()

  await db.schema
    .createTable('post_paid_segments')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('char_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_paid_segments_pk', ['post_id', 'position'])
    .execute()

  await db.schema
    .createTable('post_sources')
    .addColumn('post_id', 'integer', (c) => c.primaryKey().references('posts.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', id)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('post_tags')
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('post_tags_pk', ['post_id', 'tag_id'])
    .execute()
  await db.schema.createIndex('post_tags_by_tag').on('post_tags').columns(['tag_id', 'post_id']).execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
}
