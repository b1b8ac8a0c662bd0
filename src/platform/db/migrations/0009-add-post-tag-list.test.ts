import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Migrator } from 'kysely'
import { migrateUpTo, openUnmigratedTestDb, testDialects } from '../../../../test/helpers/dialects.ts'
import { migrateToLatest, migrations } from '../migrate.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: posts saved before tag_list existed get their tags copied onto the row, in name order`, async () => {
    const { db, schema, dispose } = await openUnmigratedTestDb(dialect)
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) })
      await migrateUpTo(migrator, '0008-create-related-words')
      const at = '2026-11-01T00:00:00.000Z'
      await db
        .insertInto('channels')
        .values({
          id: 1,
          parent_id: null,
          kind: 'list',
          name: '讲话稿',
          slug: 'jianghua',
          link_url: null,
          seo_title: '',
          seo_keywords: '',
          seo_description: '',
          weight: 0,
          page_size: 20,
          vip_level: 0,
          created_at: at,
          updated_at: at,
        })
        .execute()
      const post = (id: number) => ({
        id,
        channel_id: 1,
        title: `第${id}篇`,
        slug: `p-${id}`,
        cover_url: null,
        price: 0,
        access: 'members',
        vip_level: 0,
        status: 'published',
        flag_top: 0,
        flag_hot: 0,
        flag_recommend: 0,
        flag_new: 0,
        weight: 0,
        author_id: null,
        published_at: at,
        created_at: at,
        updated_at: at,
        source_name: null,
      })
      await db
        .insertInto('posts')
        .values([post(1), post(2)])
        .execute()
      await db
        .insertInto('tags')
        .values([
          { id: 1, name: '讲话', slug: 'jiang-hua', post_count: 1 },
          { id: 2, name: 'Beta "引号"', slug: 'beta', post_count: 1 },
          { id: 3, name: 'Alpha', slug: 'alpha', post_count: 1 },
        ])
        .execute()
      await db
        .insertInto('post_tags')
        .values([
          { post_id: 1, tag_id: 1 },
          { post_id: 1, tag_id: 2 },
          { post_id: 1, tag_id: 3 },
        ])
        .execute()

      await migrateToLatest(db, dialect, schema)
      const [first, second] = await db.selectFrom('posts').select(['id', 'tag_list']).orderBy('id').execute()
      const ordered = await db.selectFrom('tags').select(['name', 'slug']).orderBy('name').execute()
      assert.deepEqual(JSON.parse(first?.tag_list), ordered)
      assert.deepEqual(
        JSON.parse(first?.tag_list)
          .map((t: { name: string }) => t.name)
          .sort(),
        ['Alpha', 'Beta "引号"', '讲话'],
      )
      assert.equal(second?.tag_list, '[]')
    } finally {
      await dispose()
    }
  })
}
