import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, registered } from '../helpers/client.ts'
import type { Cents } from '../../src/shared/money.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: the owner changes the site's settings from the console; the site shows them at once; bad values are refused at their field`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const visitor = client(app)
    assert.doesNotMatch((await visitor.get('/')).body, /京ICP备20261207号/)

    const saved = await admin.c.json('PUT', '/api/admin/settings', { name: '新的站名', icp: '京ICP备20261207号', guestPurchase: false, previewShare: 0.25 })
    assert.equal(saved.statusCode, 200, saved.body)
    assert.equal(saved.json().settings.name, '新的站名')
    assert.equal(saved.json().settings.previewShare, 0.25)
    assert.equal('searchTerms' in saved.json().settings, false)
    const home = (await visitor.get('/')).body
    assert.match(home, /新的站名/)
    assert.match(home, /京ICP备20261207号/)
    assert.deepEqual((await admin.c.get('/api/admin/settings')).json().settings.guestPurchase, false)
    // guests can no longer buy (the checkout operation decides, whatever the page shows); a member still can
    await seedPost(app, { slug: 'priced', price: 300 as Cents, source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>' })
    const guestOrder = await visitor.form('/orders', { kind: 'post', slug: 'priced', method: 'sandbox.page' })
    assert.equal(guestOrder.statusCode, 401, guestOrder.body.slice(0, 200))
    assert.match(guestOrder.body, /登录/)
    assert.equal((await app.services.handle.db.selectFrom('orders').select('id').execute()).length, 0, 'no order made')
    const member = await registered(app, 'huiyuan')
    const memberOrder = await member.form('/orders', { kind: 'post', slug: 'priced', method: 'balance' })
    assert.notEqual(memberOrder.statusCode, 401)
    assert.equal((await app.services.handle.db.selectFrom('orders').select('id').execute()).length, 1)

    // refused at the field, nothing stored
    const logo = await admin.c.json('PUT', '/api/admin/settings', { name: '不该保存', logoUrl: 'javascript:alert(1)' })
    assert.equal(logo.statusCode, 422)
    assert.ok(logo.json().error.fields.logoUrl)
    const share = await admin.c.json('PUT', '/api/admin/settings', { previewShare: 2 })
    assert.equal(share.statusCode, 400)
    assert.ok(share.json().error.fields.previewShare)
    const empty = await admin.c.json('PUT', '/api/admin/settings', { name: '   ' })
    assert.equal(empty.statusCode, 422)
    assert.equal((await admin.c.get('/api/admin/settings')).json().settings.name, '新的站名')

    // money and the site's settings are the admin's
    assert.equal((await editor.c.get('/api/admin/settings')).statusCode, 403)
    assert.equal((await editor.c.json('PUT', '/api/admin/settings', { name: '编辑改的' })).statusCode, 403)

    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'settings.update').execute()
    assert.equal(audit.length, 1, 'one change, one row; refusals leave none')
    const detail = JSON.parse(audit[0]?.detail as string)
    assert.deepEqual(detail.before.icp, '')
    assert.deepEqual(detail.after.icp, '京ICP备20261207号')

    // the 用户协议 the owner writes is the one sign-ups agree to, under a new version
    const before = (await visitor.get('/terms')).body
    const version = (html: string) => /版本 ([0-9a-f]{16})/.exec(html)?.[1]
    const terms = await admin.c.json('PUT', '/api/admin/settings', { termsText: '# 第一条\n本站只卖自己写的范文。', viewsShownFrom: 0, purchasesShownFrom: 5 })
    assert.equal(terms.statusCode, 200, terms.body)
    const after = (await visitor.get('/terms')).body
    assert.match(after, /<h2>第一条<\/h2><p>本站只卖自己写的范文。<\/p>/)
    assert.notEqual(version(after), version(before))
    await registered(app, 'agrees_new')
    const consent = await app.services.handle.db
      .selectFrom('member_consents')
      .innerJoin('members', 'members.id', 'member_consents.member_id')
      .select('member_consents.version')
      .where('members.username', '=', 'agrees_new')
      .executeTakeFirstOrThrow()
    assert.equal(consent.version, version(after))
    const negative = await admin.c.json('PUT', '/api/admin/settings', { viewsShownFrom: -1 })
    assert.equal(negative.statusCode, 400)
    assert.ok(negative.json().error.fields.viewsShownFrom)
  })

  test(`${dialect}: editors run the channel tree: add, change, order and delete channels; a channel never loses its posts`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const editor = await signedIn(app, 'bianji', 'editor')
    const author = await signedIn(app, 'zuozhe', 'author')
    const visitor = client(app)
    await seedPost(app, { slug: 'in-speeches', title: '讲话稿里的', source: '<p>正文</p>' })

    const made = await editor.c.json('POST', '/api/admin/channels', { name: '心得体会', slug: 'xinde', kind: 'list', parent: 'party', seoTitle: '心得体会范文', vipLevel: 0 })
    assert.equal(made.statusCode, 201, made.body)
    assert.equal((await visitor.get('/c/xinde')).statusCode, 200, 'on the site at once')
    assert.match((await visitor.get('/c/xinde')).body, /心得体会/)
    // a VIP level on the channel
    assert.equal((await editor.c.json('PUT', '/api/admin/channels/xinde', { name: '心得体会', slug: 'xinde', kind: 'list', parent: 'party', vipLevel: 2 })).statusCode, 200)
    const listed = (await editor.c.get('/api/admin/channels')).json().items as Array<{ slug: string; vipLevel: number; postCount: number }>
    assert.equal(listed.find((c) => c.slug === 'xinde')?.vipLevel, 2)
    assert.equal(listed.find((c) => c.slug === 'speeches')?.postCount, 1)

    // the rules
    const code = async (p: Promise<{ statusCode: number; json: () => { error: { code: string } } }>) => {
      const r = await p
      return r.statusCode < 300 ? 'ok' : r.json().error.code
    }
    assert.equal(await code(editor.c.json('POST', '/api/admin/channels', { name: '重复', slug: 'xinde', kind: 'list' })), 'CHANNEL_SLUG_TAKEN')
    assert.equal(await code(editor.c.json('POST', '/api/admin/channels', { name: '挂在列表下', slug: 'under-list', kind: 'list', parent: 'speeches' })), 'CHANNEL_PARENT_NOT_SECTION')
    assert.equal(await code(editor.c.json('PUT', '/api/admin/channels/party', { name: '党建', slug: 'party', kind: 'section', parent: 'party' })), 'CHANNEL_PARENT_LOOP')
    assert.equal(await code(editor.c.json('POST', '/api/admin/channels', { name: '外链', slug: 'bad-link', kind: 'link', linkUrl: 'javascript:alert(1)' })), 'CHANNEL_LINK_INVALID')
    assert.equal(await code(editor.c.json('PUT', '/api/admin/channels/speeches', { name: '讲话稿', slug: 'speeches', kind: 'section' })), 'CHANNEL_HAS_POSTS')
    assert.equal(await code(editor.c.json('DELETE', '/api/admin/channels/speeches', {})), 'CHANNEL_HAS_POSTS')
    assert.equal(await code(editor.c.json('DELETE', '/api/admin/channels/party', {})), 'CHANNEL_HAS_CHILDREN')
    assert.equal((await visitor.get('/p/in-speeches')).statusCode, 200, 'its post is where it was')
    // an author may file posts in channels, not change them
    assert.equal((await author.c.get('/api/admin/channels')).statusCode, 200)
    assert.equal((await author.c.json('POST', '/api/admin/channels', { name: '作者的', slug: 'by-author', kind: 'list' })).statusCode, 403)

    // order: first given, first shown
    assert.equal((await editor.c.json('POST', '/api/admin/channels/order', { slugs: ['party', 'speeches'] })).statusCode, 200)
    const top = ((await editor.c.get('/api/admin/channels')).json().items as Array<{ slug: string; parentId: number | null }>).filter((c) => c.parentId === null).map((c) => c.slug)
    assert.ok(top.indexOf('party') < top.indexOf('speeches'), top.join(','))

    assert.equal(await code(editor.c.json('DELETE', '/api/admin/channels/xinde', {})), 'ok')
    assert.equal((await visitor.get('/c/xinde')).statusCode, 404)
    const actions = (await app.services.handle.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action)
    assert.deepEqual(actions, ['channel.create', 'channel.update', 'channel.reorder', 'channel.delete'])
  })
}
