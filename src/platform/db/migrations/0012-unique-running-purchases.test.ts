import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Migrator } from 'kysely'
import { migrateUpTo, openUnmigratedTestDb, testDialects } from '../../../../test/helpers/dialects.ts'
import { migrateToLatest, migrations } from '../migrate.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: a post bought twice before this release keeps its first purchase; the later one is ended and its order flagged for a refund`, async () => {
    const { db, schema, dispose } = await openUnmigratedTestDb(dialect)
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(schema ? { migrationTableSchema: schema } : {}) })
      await migrateUpTo(migrator, '0011-mark-search-index-format')
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
        price: 500,
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
        .insertInto('members')
        .values({ id: 7, username: 'reader', username_key: 'reader', email: null, password_hash: 'x', role: 'member', created_at: at, updated_at: at, password_changed_at: at })
        .execute()
      const order = (id: number, memberId: number | null, guestKey: string | null, postId: number) => ({
        id,
        order_no: String(id).padStart(24, '0'),
        kind: 'post',
        member_id: memberId,
        guest_key: guestKey,
        post_id: postId,
        plan_id: null,
        title: '第篇',
        amount: 500,
        state: 'paid',
        paid_attempt_id: null,
        flag: null,
        created_at: at,
        expires_at: at,
        paid_at: at,
        closed_at: null,
        updated_at: at,
      })
      await db
        .insertInto('orders')
        .values([order(1, 7, null, 1), order(2, 7, null, 1), order(3, null, 'guestkey-aaaaaaaaaaaa', 1), order(4, null, 'guestkey-aaaaaaaaaaaa', 1), order(5, 7, null, 2)])
        .execute()
      const purchase = (id: number, memberId: number | null, guestKey: string | null, postId: number, orderId: number | null) => ({
        id,
        post_id: postId,
        member_id: memberId,
        guest_key: guestKey,
        order_id: orderId,
        granted_by: orderId ? null : 'admin',
        created_at: at,
        revoked_at: null,
        revoked_reason: null,
      })
      await db
        .insertInto('purchases')
        .values([
          purchase(1, 7, null, 1, 1),
          purchase(2, 7, null, 1, 2),
          purchase(3, null, 'guestkey-aaaaaaaaaaaa', 1, 3),
          purchase(4, null, 'guestkey-aaaaaaaaaaaa', 1, 4),
          purchase(5, 7, null, 2, 5),
          purchase(6, 7, null, 2, null),
        ])
        .execute()

      await migrateToLatest(db, dialect, schema)
      const rows = await db.selectFrom('purchases').select(['id', 'revoked_at']).orderBy('id').execute()
      assert.deepEqual(
        rows.map((r) => [r.id, r.revoked_at !== null]),
        [
          [1, false],
          [2, true],
          [3, false],
          [4, true],
          [5, false],
          [6, true],
        ],
      )
      const flags = await db.selectFrom('orders').select(['id', 'flag', 'state']).orderBy('id').execute()
      assert.deepEqual(
        flags.map((o) => [o.id, o.flag, o.state]),
        [
          [1, null, 'paid'],
          [2, 'bought_twice', 'paid'],
          [3, null, 'paid'],
          [4, 'bought_twice', 'paid'],
          [5, null, 'paid'],
        ],
        'money is never moved by a migration',
      )
      const events = await db.selectFrom('order_events').select(['order_id', 'action']).orderBy('order_id').execute()
      assert.deepEqual(
        events.map((e) => [e.order_id, e.action]),
        [
          [2, 'bought_twice'],
          [4, 'bought_twice'],
        ],
      )
      // from now on the database refuses a second running purchase
      await assert.rejects(
        db
          .insertInto('purchases')
          .values(purchase(7, 7, null, 1, null))
          .execute(),
      )
      await assert.rejects(
        db
          .insertInto('purchases')
          .values(purchase(8, null, 'guestkey-aaaaaaaaaaaa', 1, null))
          .execute(),
      )
      await db
        .insertInto('purchases')
        .values({ ...purchase(9, 7, null, 1, null), revoked_at: at })
        .execute()
    } finally {
      await dispose()
    }
  })
}
