import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openTestDb, testDialects } from '../../../test/helpers/dialects.ts'
import { compiledRead, compiledWrite } from './compiled-read.ts'
import type { DbOrTrx } from './database.ts'

const tagBySlug = compiledRead((db: DbOrTrx, slug: string) => db.selectFrom('tags').select(['name', 'post_count']).where('slug', '=', slug), [''] as [string])
const renameTag = compiledWrite((db: DbOrTrx, name: string, slug: string) => db.updateTable('tags').set({ name }).where('slug', '=', slug), ['', ''] as [string, string])

for (const dialect of testDialects()) {
  test(`${dialect}: a compiled read and write run with new parameters each time`, async () => {
    const { handle, dispose } = await openTestDb(dialect)
    try {
      await handle.db
        .insertInto('tags')
        .values([
          { name: '讲话', slug: 'jianghua', post_count: 3 },
          { name: '总结', slug: 'zongjie', post_count: 1 },
        ])
        .execute()
      assert.deepEqual(await tagBySlug(handle.db, 'jianghua'), [{ name: '讲话', post_count: 3 }])
      assert.deepEqual(await tagBySlug(handle.db, 'zongjie'), [{ name: '总结', post_count: 1 }])
      assert.equal(await renameTag(handle.db, '工作总结', 'zongjie'), 1)
      assert.equal(await renameTag(handle.db, 'x', 'none'), 0)
      assert.deepEqual(await tagBySlug(handle.db, 'zongjie'), [{ name: '工作总结', post_count: 1 }])
      // inside a transaction, through it
      await handle.db.transaction().execute(async (trx) => {
        assert.equal(await renameTag(trx, '总结', 'zongjie'), 1)
        assert.deepEqual(await tagBySlug(trx, 'zongjie'), [{ name: '总结', post_count: 1 }])
      })
    } finally {
      await dispose()
    }
  })

  test(`${dialect}: a compiled read beside an open transaction never sees what it had not committed`, async () => {
    const { handle, dispose } = await openTestDb(dialect)
    try {
      let reading: Promise<unknown> | undefined
      await assert.rejects(
        handle.db.transaction().execute(async (trx) => {
          await trx.insertInto('tags').values({ name: '草稿', slug: 'caogao', post_count: 0 }).execute()
          // another request reads on the database while this transaction is open, then it rolls back
          reading = tagBySlug(handle.db, 'caogao')
          await new Promise((r) => setTimeout(r, 20))
          throw new Error('roll back')
        }),
        /roll back/,
      )
      assert.deepEqual(await reading, [])
    } finally {
      await dispose()
    }
  })
}

test('sqlite: a compiled write while rows are being streamed waits for the stream instead of failing', async () => {
  const { handle, dispose } = await openTestDb('sqlite')
  try {
    await handle.db
      .insertInto('tags')
      .values([
        { name: '甲', slug: 'a', post_count: 0 },
        { name: '乙', slug: 'b', post_count: 0 },
      ])
      .execute()
    let writing: Promise<number> | undefined
    const streamed: string[] = []
    for await (const row of handle.db.selectFrom('tags').select('slug').orderBy('slug').stream()) {
      streamed.push(row.slug)
      writing ??= renameTag(handle.db, '乙二', 'b')
    }
    assert.deepEqual(streamed, ['a', 'b'])
    assert.equal(await writing, 1)
    assert.deepEqual(await tagBySlug(handle.db, 'b'), [{ name: '乙二', post_count: 0 }])
  } finally {
    await dispose()
  }
})
