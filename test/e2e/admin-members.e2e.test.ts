import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost, TEST_ACTOR } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

for (const dialect of testDialects()) {
  test(`${dialect}: admins find members and act on their accounts: balance, VIP, disable, password, role — each audited, editors refused`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'vip-post', title: 'VIP 文档', price: 800 as Cents, vipLevel: 1, source: '<p>开头</p><p>##paidbegin##</p><p>VIPONLYTEXT</p>' })
    const admin = await signedIn(app, 'boss', 'admin')
    const editor = await signedIn(app, 'bianji', 'editor')
    const reader = await signedIn(app, 'duzhe', 'member')
    await signedIn(app, 'other_reader', 'member')
    const plan = await app.services.commerce.vip.createPlan(TEST_ACTOR, { name: '月度会员', level: 1, days: 30, price: 3000 as Cents, benefit: 'free', discountPercent: 0 })

    const found = (await admin.c.get('/api/admin/members?q=DUZ')).json()
    assert.deepEqual(
      found.items.map((m: { username: string }) => m.username),
      ['duzhe'],
    )
    assert.equal((await admin.c.get('/api/admin/members?role=member')).json().total, 2)

    // the balance: up, down, never below zero
    const up = await admin.c.json('POST', `/api/admin/members/${reader.id}/balance`, { amount: '12.50', reason: '活动奖励' })
    assert.equal(up.statusCode, 200, up.body)
    assert.equal(up.json().balance, 1250)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${reader.id}/balance`, { amount: '-2.50', reason: '扣回多发' })).json().balance, 1000)
    const below = await admin.c.json('POST', `/api/admin/members/${reader.id}/balance`, { amount: '-20.00', reason: '太多了' })
    assert.equal(below.statusCode, 409)
    assert.match(below.json().error.message, /¥10\.00/)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${reader.id}/balance`, { amount: '0', reason: '零' })).statusCode, 400)
    assert.match((await reader.c.get('/user')).body, /10\.00/)

    // VIP: the reader reads the VIP post at once
    assert.doesNotMatch((await reader.c.get('/p/vip-post')).body, /VIPONLYTEXT/)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${reader.id}/vip`, { plan: plan.id, reason: '补偿' })).statusCode, 200)
    assert.match((await reader.c.get('/p/vip-post')).body, /VIPONLYTEXT/)

    const detail = (await admin.c.get(`/api/admin/members/${reader.id}`)).json()
    assert.equal(detail.balance, 1000)
    assert.equal(detail.vip.planName, '月度会员')
    assert.deepEqual(
      detail.ledger.map((l: { kind: string; delta: number; note: string }) => [l.kind, l.delta, l.note]),
      [
        ['adjust', -250, '扣回多发'],
        ['adjust', 1250, '活动奖励'],
      ],
    )

    // disabling ends the sessions and refuses the login; enabling lets them back
    assert.equal((await admin.c.json('PATCH', `/api/admin/members/${reader.id}`, { disabled: true })).statusCode, 422, 'a reason is needed')
    assert.equal((await admin.c.json('PATCH', `/api/admin/members/${reader.id}`, { disabled: true, reason: '违规传播' })).statusCode, 200)
    assert.equal((await reader.c.get('/user')).statusCode, 303, 'signed out')
    const again = client(app)
    const refused = await again.form('/login', { login: 'duzhe', password: 'duzhe-pass-1' })
    assert.notEqual(refused.statusCode, 303)
    assert.match(refused.body, /停用/)
    assert.equal((await admin.c.get('/api/admin/members?q=duzhe')).json().items[0].disabled, true)
    assert.equal((await admin.c.json('PATCH', `/api/admin/members/${admin.id}`, { disabled: true, reason: '自己' })).statusCode, 409, 'never oneself')
    assert.equal((await admin.c.json('PATCH', `/api/admin/members/${reader.id}`, { disabled: false, reason: '申诉通过' })).statusCode, 200)
    assert.equal((await again.form('/login', { login: 'duzhe', password: 'duzhe-pass-1' })).statusCode, 303)

    // a new password: the old one and its sessions are gone
    const weak = await admin.c.json('POST', `/api/admin/members/${reader.id}/password`, { password: '123' })
    assert.equal(weak.statusCode, 422)
    assert.equal((await admin.c.json('POST', `/api/admin/members/${reader.id}/password`, { password: 'brand-new-pass-2026' })).statusCode, 200)
    assert.equal((await again.get('/user')).statusCode, 303)
    assert.notEqual((await client(app).form('/login', { login: 'duzhe', password: 'duzhe-pass-1' })).statusCode, 303)
    assert.equal((await client(app).form('/login', { login: 'duzhe', password: 'brand-new-pass-2026' })).statusCode, 303)

    // a role
    assert.equal((await admin.c.json('PATCH', `/api/admin/members/${reader.id}`, { role: 'author' })).statusCode, 200)
    assert.equal((await admin.c.get(`/api/admin/members/${reader.id}`)).json().member.role, 'author')

    // editors: none of it
    for (const [method, url, body] of [
      ['GET', '/api/admin/members', undefined],
      ['GET', `/api/admin/members/${reader.id}`, undefined],
      ['POST', `/api/admin/members/${reader.id}/balance`, { amount: '1.00', reason: '编辑' }],
      ['PATCH', `/api/admin/members/${reader.id}`, { disabled: true, reason: '编辑' }],
    ] as const) {
      const res = method === 'GET' ? await editor.c.get(url) : await editor.c.json(method, url, body)
      assert.equal(res.statusCode, 403, `${method} ${url}`)
    }
    const actions = (await app.services.handle.db.selectFrom('audit_log').select('action').where('action', 'like', 'member.%').orderBy('id').execute()).map((r) => r.action)
    assert.deepEqual(actions, ['member.adjust-balance', 'member.adjust-balance', 'member.extend-vip', 'member.disable', 'member.enable', 'member.set-password', 'member.set-role'])
  })
}
