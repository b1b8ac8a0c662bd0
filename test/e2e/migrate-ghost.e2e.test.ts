import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { App } from '../../src/app.ts'
import { GHOST_URL, readGhost, readGhostMembers } from '../../src/migrate/ghost/ghost-site.ts'
import { bringUploads } from '../../src/migrate/site-in/bring-uploads.ts'
import { writeImportedSite, type SiteReport } from '../../src/migrate/site-in/write-imported-site.ts'
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { TEST_PASSWORD_COST } from '../helpers/build-test-app.ts'

const JSON_EXPORT = readFileSync(new URL('../fixtures/ghost/export.json', import.meta.url), 'utf8')
const MEMBERS = readFileSync(new URL('../fixtures/ghost/members.csv', import.meta.url), 'utf8')
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
const OPERATOR = { kind: 'operator', name: 'test' } as const

async function migrate(app: App, folder: string): Promise<SiteReport & { skippedAll: string[] }> {
  const site = readGhost(JSON_EXPORT, { url: 'https://ghost.example' })
  const members = readGhostMembers(MEMBERS, TEST_NOW)
  site.members = members.members
  site.skipped.push(...members.skipped)
  await bringUploads({ db: app.services.handle.db, media: app.services.media, actor: OPERATOR }, site, {
    prefixes: [`${GHOST_URL}/content/images/`, 'https://ghost.example/content/images/'],
    folder,
    dryRun: false,
  })
  const report = await writeImportedSite({ db: app.services.handle.db, posts: app.services.posts, actor: OPERATOR, now: () => TEST_NOW }, site, { dryRun: false })
  await app.services.contentChanged()
  return { ...report, skippedAll: report.skipped.map((s) => `${s.kind}:${s.id}:${s.reason}`) }
}

test('Ghost’s paywall card starts the paid region; visibility says who reads it', async () => {
  const { ghostBody } = await import('../../src/migrate/ghost/ghost-site.ts')
  assert.deepEqual(ghostBody('<p>a</p><!--members-only--><p>b</p>', 'public'), { html: '<p>a</p><p>b</p>' })
  assert.deepEqual(ghostBody('<p>a</p><!--members-only--><p>b</p>', 'members'), { html: '<p>a</p>##paidbegin##<p>b</p>##paidend##', access: 'members' })
  assert.deepEqual(ghostBody('<p>a</p>', 'paid'), { html: '##paidbegin##<p>a</p>##paidend##', access: 'vip' }, 'no card: the whole post is for subscribers')
  assert.deepEqual(ghostBody('<p>a</p><!-- members-only --><p>b</p><!--members-only--><p>c</p>', 'tiers'), { html: '<p>a</p>##paidbegin##<p>b</p><p>c</p>##paidend##', access: 'vip' })
})

for (const dialect of testDialects()) {
  test(`${dialect}: a Ghost site moves in: posts and pages, tags, authors, who may read what, members with their subscriptions, old addresses`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const folder = mkdtempSync(join(tmpdir(), 'ghost-images-'))
    t.after(() => rmSync(folder, { recursive: true, force: true }))
    mkdirSync(join(folder, '2024', '05'), { recursive: true })
    writeFileSync(join(folder, '2024', '05', 'photo.png'), PNG)

    const report = await migrate(app, folder)
    assert.deepEqual(report.channels, { created: 2, updated: 0, skipped: 0 }, '文章 and 页面')
    assert.equal(report.posts.created, 6)
    assert.equal(report.posts.paid, 3)
    assert.equal(report.posts.drafts, 1)
    assert.deepEqual(report.members, { created: 4, updated: 0, skipped: 0, vip: 3 })
    assert.deepEqual(report.notBrought, { newsletters: 1, snippets: 1 })
    assert.deepEqual(report.skippedAll.sort(), ['member:m5:deleted', 'member:m6:email-invalid', 'post:6650a0000000000000000007:no-html'].sort())

    const stranger = client(app)
    const open = (await stranger.get('/p/public-notes')).body
    assert.match(open, /GHFREE 人人可读的笔记/)
    assert.match(open, /GHFREE 公开文章里卡片之后也是公开的/)
    const notes = await app.services.handle.db.selectFrom('posts').selectAll().where('slug', '=', 'public-notes').executeTakeFirstOrThrow()
    assert.match(String(notes.cover_url), /^\/media\/[A-Za-z0-9_-]{22}\.png$/, 'the feature image is ours now')
    assert.equal(notes.description, '一篇公开的笔记。')

    // members: the card's free part for everyone, the rest for any signed-in reader
    assert.doesNotMatch((await stranger.get('/p/members-talk')).body, /GHMEMBERS/)
    const reader = await registered(app, 'ghost_reader')
    assert.match((await reader.get('/p/members-talk')).body, /GHMEMBERS 登录会员才能读的部分/)
    // paid and tiers: subscribers only, never a plain member
    for (const slug of ['paid-essay', 'tier-only']) {
      assert.doesNotMatch((await stranger.get(`/p/${slug}`)).body, /GHPAID/)
      assert.doesNotMatch((await reader.get(`/p/${slug}`)).body, /GHPAID/)
    }
    assert.match((await stranger.get('/p/paid-essay')).body, /<img src="\/media\/[A-Za-z0-9_-]{22}\.png">/)

    // the paid member: free reading until their period ends; they set a password by a reset (Ghost mailed links)
    const db = app.services.handle.db
    const paid = await db.selectFrom('members').select(['id', 'password_hash', 'email']).where('email', '=', 'paid.reader@ghost.example').executeTakeFirstOrThrow()
    assert.equal(paid.password_hash, '!')
    const grants = await db
      .selectFrom('vip_grants')
      .innerJoin('members', 'members.id', 'vip_grants.member_id')
      .select(['members.email', 'vip_grants.ends_at', 'vip_grants.benefit'])
      .orderBy('members.email')
      .execute()
    assert.deepEqual(
      grants.map((g) => [g.email, g.ends_at, g.benefit]),
      [
        ['comped@ghost.example', '2099-12-31T00:00:00.000Z', 'free'],
        ['old.paid@ghost.example', new Date(TEST_NOW.getTime() + 31 * 86_400_000).toISOString(), 'free'],
        ['paid.reader@ghost.example', '2027-03-01T00:00:00.000Z', 'free'],
      ],
    )
    const plan = await db.selectFrom('vip_plans').select(['active', 'price']).executeTakeFirstOrThrow()
    assert.deepEqual(plan, { active: 0, price: 0 }, 'the old subscription’s plan is never offered for sale')
    const hash = await (await import('../../src/members/password.ts')).hashPassword('ghost-pass-1', TEST_PASSWORD_COST)
    await db.updateTable('members').set({ password_hash: hash }).where('id', '=', paid.id).execute()
    const subscriber = client(app)
    assert.equal((await subscriber.form('/login', { login: 'paid.reader@ghost.example', password: 'ghost-pass-1' })).statusCode, 303)
    assert.match((await subscriber.get('/p/paid-essay')).body, /GHPAID 订阅者才能读的正文[\s\S]*GHPAID 第二个卡片之后/)
    assert.match((await subscriber.get('/p/tier-only')).body, /GHPAID 没有付费卡片的整篇/)

    // authors, tags (internal ones left out), old addresses
    const author = await db.selectFrom('members').select(['id', 'role']).where('username', '=', 'Zhang Wei').executeTakeFirstOrThrow()
    assert.equal(author.role, 'author')
    const essay = await db.selectFrom('posts').select(['author_id', 'tag_list']).where('slug', '=', 'paid-essay').executeTakeFirstOrThrow()
    assert.equal(essay.author_id, author.id)
    assert.deepEqual(
      (JSON.parse(essay.tag_list) as Array<{ name: string }>).map((x) => x.name),
      ['作风建设'],
    )
    for (const [path, target] of [
      ['/public-notes/', '/p/public-notes'],
      ['/paid-essay', '/p/paid-essay'],
      ['/about/', '/p/about'],
    ]) {
      const res = await stranger.get(path as string)
      assert.equal(res.statusCode, 301, path)
      assert.equal(res.headers.location, target)
    }
    assert.match(String((await stranger.get('/tag/zuofeng/')).headers.location), /^\/t\//)

    // again: nothing doubles, grants move rather than pile up
    const again = await migrate(app, folder)
    assert.equal(again.posts.updated, 6)
    assert.equal(again.members.updated, 4)
    assert.equal((await db.selectFrom('vip_grants').select('id').execute()).length, 3)
    assert.equal((await db.selectFrom('media').select('key').execute()).length, 1)
  })
}
