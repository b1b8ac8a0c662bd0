import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Migrator } from 'kysely'
import { migrateUpTo, openUnmigratedTestDb, testDialects } from '../../../../test/helpers/dialects.ts'
import { migrateToLatest, migrations } from '../migrate.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: covers, channel links and the logo stored as javascript: (or another scheme) are cleared; good ones stay`, async () => {
    const { db, schema, dispose } = await openUnmigratedTestDb(dialect)
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) })
      await migrateUpTo(migrator, '0012-unique-running-purchases')
      const at = '2026-11-01T00:00:00.000Z'
      const channel = (id: number, link: string | null) => ({
        id,
        parent_id: null,
        kind: link ? 'link' : 'list',
        name: `栏目${id}`,
        slug: `c-${id}`,
        link_url: link,
        seo_title: '',
        seo_keywords: '',
        seo_description: '',
        weight: 0,
        page_size: 20,
        vip_level: 0,
        created_at: at,
        updated_at: at,
      })
      await db
        .insertInto('channels')
        .values([channel(1, null), channel(2, 'javascript:alert(1)'), channel(3, 'https://example.com/')])
        .execute()
      const post = (id: number, cover: string | null) => ({
        id,
        channel_id: 1,
        title: `第${id}篇`,
        slug: `p-${id}`,
        cover_url: cover,
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
        .values([post(1, 'javascript:alert(1)'), post(2, '/uploads/a.png'), post(3, 'data:image/png;base64,AA'), post(4, null)])
        .execute()
      await db
        .insertInto('settings')
        .values({ key: 'logoUrl', value: JSON.stringify('vbscript:x') })
        .execute()
      await migrateToLatest(db, dialect, schema)
      assert.deepEqual(
        (await db.selectFrom('posts').select('cover_url').orderBy('id').execute()).map((r) => r.cover_url),
        [null, '/uploads/a.png', null, null],
      )
      assert.deepEqual(
        (await db.selectFrom('channels').select('link_url').orderBy('id').execute()).map((r) => r.link_url),
        [null, null, 'https://example.com/'],
      )
      assert.equal((await db.selectFrom('settings').select('value').where('key', '=', 'logoUrl').executeTakeFirstOrThrow()).value, '""')
    } finally {
      await dispose()
    }
  })
}
