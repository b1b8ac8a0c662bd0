import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openTestDb, testDialects } from '../../test/helpers/dialects.ts'
import { insertChannel } from './channel.repository.ts'
import { findPostBySlug, insertPost } from './post.repository.ts'
import { findTagBySlug, setPostTags, tagSlug } from './tag.repository.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: a post lists its tags as they are set, and changing them changes the list and the counts`, async () => {
    const { handle, dispose } = await openTestDb(dialect)
    try {
      const db = handle.db
      const at = new Date('2026-11-01T00:00:00Z').toISOString()
      const channelId = await insertChannel(db, {
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
      const postId = await insertPost(db, {
        channel_id: channelId,
        title: '一篇讲话',
        slug: 'a-post',
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
      const tags = async () => (await findPostBySlug(db, 'a-post'))?.tags
      const set = (names: string[]) => db.transaction().execute((trx) => setPostTags(trx, postId, names))
      assert.deepEqual(await tags(), [])

      await set(['讲话', '总结', '讲话'])
      // in the dialect's name order, as the tag pages sort names
      const ordered = await db.selectFrom('tags').select(['name', 'slug']).where('name', 'in', ['总结', '讲话']).orderBy('name').execute()
      assert.deepEqual(await tags(), ordered)
      assert.deepEqual(
        (await tags())?.find((t) => t.name === '总结'),
        { name: '总结', slug: tagSlug('总结') },
      )

      await set(['讲话', '心得体会'])
      assert.deepEqual((await tags())?.map((t) => t.name).sort(), ['心得体会', '讲话'])
      assert.equal((await findTagBySlug(db, tagSlug('总结')))?.postCount, 0)
      assert.equal((await findTagBySlug(db, tagSlug('讲话')))?.postCount, 1)

      await set([])
      assert.deepEqual(await tags(), [])
    } finally {
      await dispose()
    }
  })
}
