import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { client, multipartForm, type Client } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { signedIn } from '../helpers/staff.ts'

const PAID = 'ADMINPAID-丁戊'

const login = signedIn

async function setUp(t: Parameters<typeof buildTestApp>[0], dialect: 'sqlite' | 'postgres') {
  const app = await buildTestApp(t, { dialect })
  await seedChannels(app)
  const admin = await login(app, 'boss', 'admin')
  const editor = await login(app, 'bianji', 'editor')
  const author = await login(app, 'zuozhe', 'author')
  const reader = await login(app, 'duzhe', 'member')
  await seedPost(app, { slug: 'essay', price: 990 as Cents, source: `<p>开头。</p><p>##paidbegin##</p><p>${PAID}</p><p>##paidend##</p>` })
  await seedPost(app, { slug: 'by-author', authorId: author.id, price: 500 as Cents, source: '<p>作者自己的文档。</p><p>##paidbegin##</p><p>付费。</p>' })
  await seedPost(app, { slug: 'by-other', source: '<p>别人的文档，第一版。</p>' })
  // saved again: its first source is revision 1
  await seedPost(app, { slug: 'by-other', source: '<p>别人的文档。</p>' })
  return { app, admin, editor, author, reader, visitor: client(app) }
}

/** A request for every /api/admin route, well-formed, so that only who asks decides the answer. */
type AdminRequest = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; body?: object; upload?: { name: string; bytes: Buffer }; form?: { body: Buffer; contentType: string } }
/** the smallest WordPress export: a dry run of it reads and writes nothing */
const WXR = '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss>'
/** a real 1×1 PNG */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

function requestsFor(orderNo: string): Record<string, AdminRequest> {
  return {
    'GET /api/admin/me': { method: 'GET', url: '/api/admin/me' },
    'GET /api/admin/session': { method: 'GET', url: '/api/admin/session' },
    'GET /api/admin/posts': { method: 'GET', url: '/api/admin/posts?status=published&sort=updated' },
    'GET /api/admin/plans': { method: 'GET', url: '/api/admin/plans' },
    'POST /api/admin/plans': { method: 'POST', url: '/api/admin/plans', body: { name: '月度会员', level: 1, days: 30, price: '30.00', benefit: 'free' } },
    'PATCH /api/admin/plans/:id': { method: 'PATCH', url: '/api/admin/plans/1', body: { active: false } },
    'GET /api/admin/orders/flagged': { method: 'GET', url: '/api/admin/orders/flagged' },
    'GET /api/admin/orders': { method: 'GET', url: '/api/admin/orders?state=paid&member=duzhe' },
    'GET /api/admin/orders.csv': { method: 'GET', url: '/api/admin/orders.csv?kind=post' },
    'GET /api/admin/orders/:no': { method: 'GET', url: `/api/admin/orders/${orderNo}` },
    'POST /api/admin/orders/:no/refund': { method: 'POST', url: `/api/admin/orders/${orderNo}/refund`, body: { amount: '0.01', reason: '测试' } },
    'PATCH /api/admin/posts/:slug': { method: 'PATCH', url: '/api/admin/posts/by-other', body: { status: 'hidden' } },
    'POST /api/admin/purchases': { method: 'POST', url: '/api/admin/purchases', body: { member: 'duzhe', post: 'essay', reason: '赠送' } },
    'POST /api/admin/purchases/revoke': { method: 'POST', url: '/api/admin/purchases/revoke', body: { member: 'duzhe', post: 'essay', reason: '收回' } },
    'GET /api/admin/audit': { method: 'GET', url: '/api/admin/audit' },
    'GET /api/admin/posts/:slug': { method: 'GET', url: '/api/admin/posts/by-other' },
    'GET /api/admin/dashboard': { method: 'GET', url: '/api/admin/dashboard' },
    'GET /api/admin/posts/:slug/revisions': { method: 'GET', url: '/api/admin/posts/by-other/revisions' },
    'GET /api/admin/posts/:slug/revisions/:id': { method: 'GET', url: '/api/admin/posts/by-other/revisions/1' },
    'GET /api/admin/settings': { method: 'GET', url: '/api/admin/settings' },
    'GET /api/admin/members': { method: 'GET', url: '/api/admin/members?q=du' },
    'GET /api/admin/members/:id': { method: 'GET', url: '/api/admin/members/4' },
    'PATCH /api/admin/members/:id': { method: 'PATCH', url: '/api/admin/members/4', body: { role: 'member' } },
    'POST /api/admin/members/:id/balance': { method: 'POST', url: '/api/admin/members/4/balance', body: { amount: '1.00', reason: '测试' } },
    'POST /api/admin/members/:id/vip': { method: 'POST', url: '/api/admin/members/4/vip', body: { plan: 1, reason: '测试' } },
    'POST /api/admin/members/:id/password': { method: 'POST', url: '/api/admin/members/4/password', body: { password: 'reader-new-pass-2026' } },
    'PUT /api/admin/settings': { method: 'PUT', url: '/api/admin/settings', body: { icp: '京ICP备12345678号' } },
    'GET /api/admin/channels': { method: 'GET', url: '/api/admin/channels' },
    // made, changed and deleted again by each who may
    'POST /api/admin/channels': { method: 'POST', url: '/api/admin/channels', body: { name: '新栏目', slug: 'made-here', kind: 'list' } },
    'PUT /api/admin/channels/:slug': { method: 'PUT', url: '/api/admin/channels/made-here', body: { name: '改名栏目', slug: 'made-here', kind: 'list', vipLevel: 1 } },
    'POST /api/admin/channels/order': { method: 'POST', url: '/api/admin/channels/order', body: { slugs: ['speeches', 'made-here'] } },
    'DELETE /api/admin/channels/:slug': { method: 'DELETE', url: '/api/admin/channels/made-here' },
    // made and deleted again by each who may (an author may make a draft of their own)
    'PUT /api/admin/posts/:slug': { method: 'PUT', url: '/api/admin/posts/made-here', body: { title: '新文档', channel: 'speeches', price: '0.00', status: 'draft', source: '<p>正文</p>' } },
    // restored (it is not in the trash: nothing to do), trashed, then purged from the trash
    'POST /api/admin/posts/:slug/restore': { method: 'POST', url: '/api/admin/posts/made-here/restore', body: {} },
    'POST /api/admin/posts/:slug/trash': { method: 'POST', url: '/api/admin/posts/made-here/trash', body: {} },
    'DELETE /api/admin/posts/:slug': { method: 'DELETE', url: '/api/admin/posts/made-here' },
    'POST /api/admin/preview': { method: 'POST', url: '/api/admin/preview', body: { source: '<p>开头</p><p>##paidbegin##</p><p>付费</p>', price: '1.00' } },
    'GET /api/admin/slug': { method: 'GET', url: '/api/admin/slug?title=%E5%B7%A5%E4%BD%9C%E6%80%BB%E7%BB%93' },
    'GET /api/admin/editor-choices': { method: 'GET', url: '/api/admin/editor-choices?tag=%E6%80%BB' },
    'GET /api/admin/openapi.json': { method: 'GET', url: '/api/admin/openapi.json' },
    'POST /api/admin/media': { method: 'POST', url: '/api/admin/media?kind=image', upload: { name: 'tu.png', bytes: PNG } },
    'GET /api/admin/media': { method: 'GET', url: '/api/admin/media' },
    'GET /api/admin/search/index': { method: 'GET', url: '/api/admin/search/index' },
    'PUT /api/admin/search/terms': { method: 'PUT', url: '/api/admin/search/terms', body: { terms: '两学一做' } },
    'POST /api/admin/search/reindex': { method: 'POST', url: '/api/admin/search/reindex', body: {} },
    'GET /api/admin/tags': { method: 'GET', url: '/api/admin/tags?q=%E6%80%BB' },
    // each writer's own autosaved draft of a new post: saved, read back, dropped
    'PUT /api/admin/drafts': { method: 'PUT', url: '/api/admin/drafts', body: { post: '', fields: { title: '草稿' }, format: 'html', source: '<p>草稿</p>' } },
    'GET /api/admin/drafts': { method: 'GET', url: '/api/admin/drafts' },
    'DELETE /api/admin/drafts': { method: 'DELETE', url: '/api/admin/drafts' },
    // payment credentials: set (checked, not used: no order is made here) and forgotten again
    'GET /api/admin/payments': { method: 'GET', url: '/api/admin/payments' },
    'PUT /api/admin/payments/:provider': {
      method: 'PUT',
      url: '/api/admin/payments/stripe',
      body: { values: { INKGATE_STRIPE_SECRET_KEY: 'sk_test_matrix', INKGATE_STRIPE_WEBHOOK_SECRET: 'whsec_matrix' } },
    },
    'DELETE /api/admin/payments/:provider': { method: 'DELETE', url: '/api/admin/payments/stripe' },
    'GET /api/admin/me/two-factor': { method: 'GET', url: '/api/admin/me/two-factor' },
    'GET /api/admin/migrations/current': { method: 'GET', url: '/api/admin/migrations/current' },
    'POST /api/admin/migrations': { method: 'POST', url: '/api/admin/migrations', form: multipartForm({ engine: 'wordpress', dryRun: 'true' }, { export: { name: 'export.xml', bytes: WXR } }) },
    'POST /api/admin/me/two-factor/setup': { method: 'POST', url: '/api/admin/me/two-factor/setup', body: {} },
  }
}

/** what anyone who writes posts may call (the made-here post is their own) */
const WRITER = [
  'PUT /api/admin/drafts',
  'GET /api/admin/drafts',
  'DELETE /api/admin/drafts',
  // every staff member's own two-factor sign-in
  'GET /api/admin/me/two-factor',
  'POST /api/admin/me/two-factor/setup',
  'POST /api/admin/media',
  'GET /api/admin/media',
  'PUT /api/admin/posts/:slug',
  'POST /api/admin/posts/:slug/restore',
  'POST /api/admin/posts/:slug/trash',
  'DELETE /api/admin/posts/:slug',
  'POST /api/admin/preview',
  'GET /api/admin/slug',
  'GET /api/admin/editor-choices',
  'GET /api/admin/channels',
]
/** content beyond one's own posts: the channel tree, tags */
const CONTENT = ['GET /api/admin/tags', 'POST /api/admin/channels', 'PUT /api/admin/channels/:slug', 'POST /api/admin/channels/order', 'DELETE /api/admin/channels/:slug']

/** signing in, out, the owner set-up and the steps of two-factor sign-in that need a code are tried by tests of their own (two-factor.e2e) */
const SEPARATELY = new Set([
  'POST /api/admin/session',
  'DELETE /api/admin/session',
  'POST /api/admin/setup',
  'POST /api/admin/me/two-factor',
  'POST /api/admin/me/two-factor/disable',
  'POST /api/admin/me/two-factor/recovery-codes',
  'POST /api/admin/members/:id/two-factor/reset',
  // changing a tag needs one to exist at each turn (admin-tags.e2e, with the refusals)
  'PUT /api/admin/tags/:id',
  'POST /api/admin/tags/merge',
  'DELETE /api/admin/tags/:id',
  // deleting an upload needs one nothing uses, of the right uploader (media.e2e, with the refusals)
  'DELETE /api/admin/media/:key',
])

const send = (c: Client, r: AdminRequest) => (r.upload ? c.upload(r.url, r.upload) : r.form ? c.postBody(r.url, r.form) : r.method === 'GET' ? c.get(r.url) : c.json(r.method, r.url, r.body ?? {}))

/** A paid order of the reader's, paid from a balance topped up in the sandbox. */
async function paidOrder(app: App, reader: Client): Promise<string> {
  const topup = await reader.form('/orders', { kind: 'topup', amount: '20.00', method: 'sandbox.sandbox' })
  const payer = String(topup.headers.location)
  await reader.get(payer)
  assert.equal((await reader.form(payer, { decision: 'pay' })).statusCode, 303)
  assert.equal((await reader.form('/orders', { kind: 'post', slug: 'essay', method: 'balance' })).statusCode, 303)
  const row = await app.services.handle.db.selectFrom('orders').select('order_no').where('kind', '=', 'post').executeTakeFirstOrThrow()
  return row.order_no
}

for (const dialect of testDialects()) {
  test(`${dialect}: every /api/admin route asks a visitor to log in and refuses a reader; editors and authors reach only what their role allows`, async (t) => {
    const { app, admin, editor, author, reader, visitor } = await setUp(t, dialect)
    const orderNo = await paidOrder(app, reader.c)
    const requests = requestsFor(orderNo)
    const adminRoutes = app.services.routes.filter((r) => r.url.startsWith('/api/admin')).map((r) => `${r.method} ${r.url}`)
    assert.deepEqual(
      adminRoutes.filter((k) => !(k in requests) && !SEPARATELY.has(k)),
      [],
      'every admin route is tried here',
    )

    const status = async (c: Client, key: string) => (await send(c, requests[key] as never)).statusCode
    const allowed: Record<string, string[]> = {
      visitor: ['GET /api/admin/openapi.json', 'GET /api/admin/session'],
      reader: ['GET /api/admin/openapi.json', 'GET /api/admin/session'],
      author: [...WRITER, 'GET /api/admin/openapi.json', 'GET /api/admin/session', 'GET /api/admin/me', 'GET /api/admin/posts'],
      editor: [
        ...WRITER,
        ...CONTENT,
        'GET /api/admin/openapi.json',
        'GET /api/admin/session',
        'GET /api/admin/me',
        'GET /api/admin/posts',
        'PATCH /api/admin/posts/:slug',
        'GET /api/admin/posts/:slug',
        'GET /api/admin/posts/:slug/revisions',
        'GET /api/admin/posts/:slug/revisions/:id',
      ],
    }
    for (const [name, c, refused] of [
      ['visitor', visitor, 401],
      ['reader', reader.c, 403],
      ['author', author.c, 403],
      ['editor', editor.c, 403],
    ] as const) {
      for (const key of Object.keys(requests)) {
        const got = await status(c, key)
        if ((allowed[name] as string[]).includes(key)) assert.ok(got < 300, `${name} ${key}: ${got}`)
        else assert.equal(got, refused, `${name} ${key}`)
      }
    }
    // a route that does not exist is no way around the guard
    assert.equal((await visitor.get('/api/admin/nope')).statusCode, 401)
    assert.equal((await admin.c.get('/api/admin/nope')).statusCode, 404)
    // the refused left no trace: the post is as it was, the order unrefunded, no purchase granted
    assert.equal((await app.services.handle.db.selectFrom('posts').select('status').where('slug', '=', 'by-other').executeTakeFirstOrThrow()).status, 'hidden', 'the editor hid it')
    assert.equal((await app.services.handle.db.selectFrom('orders').select('refunded_amount').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).refunded_amount, 0)
    assert.equal((await app.services.handle.db.selectFrom('vip_plans').selectAll().execute()).length, 0)

    // the admin reaches every route
    for (const key of Object.keys(requests)) assert.ok((await status(admin.c, key)) < 300, `admin ${key}`)
    const me = (await admin.c.get('/api/admin/me')).json()
    assert.equal(me.staff.role, 'admin')
    assert.ok(me.permissions.includes('order.refund'))
    assert.deepEqual((await editor.c.get('/api/admin/me')).json().permissions, ['console.enter', 'post.read-any', 'post.write-any', 'post.write-own', 'post.publish'])
  })

  test(`${dialect}: an author may hide their own post but not another's, and publishes only a free one`, async (t) => {
    const { app, author } = await setUp(t, dialect)
    // publishing through the status route follows the rule of saving: a free post of their own, yes
    await seedPost(app, { slug: 'by-author-free', authorId: author.id, status: 'draft', source: '<p>免费的。</p>' })
    assert.equal((await author.c.json('PATCH', '/api/admin/posts/by-author-free', { status: 'published' })).statusCode, 200)
    assert.equal((await author.c.json('PATCH', '/api/admin/posts/by-author', { status: 'hidden' })).statusCode, 200)
    assert.equal((await author.c.json('PATCH', '/api/admin/posts/by-other', { status: 'hidden' })).statusCode, 403)
    assert.equal((await author.c.json('PATCH', '/api/admin/posts/by-author', { status: 'published' })).statusCode, 403)
    // not found and not allowed look the same to someone who may not touch it
    assert.equal((await author.c.json('PATCH', '/api/admin/posts/nope', { status: 'hidden' })).statusCode, 403)
    const statuses = await app.services.handle.db.selectFrom('posts').select(['slug', 'status']).where('slug', 'in', ['by-author', 'by-other']).orderBy('slug').execute()
    assert.deepEqual(statuses, [
      { slug: 'by-author', status: 'hidden' },
      { slug: 'by-other', status: 'published' },
    ])
  })

  test(`${dialect}: staff actions are in the audit log with who, from where, and before/after for money`, async (t) => {
    const { app, admin, editor, reader } = await setUp(t, dialect)
    const orderNo = await paidOrder(app, reader.c)
    assert.equal((await admin.c.json('POST', `/api/admin/orders/${orderNo}/refund`, { amount: '1.00', reason: '部分退款' })).statusCode, 200)
    assert.equal((await admin.c.json('POST', '/api/admin/plans', { name: '年度会员', level: 1, days: 365, price: '198.00', benefit: 'free' })).statusCode, 201)
    assert.equal((await admin.c.json('POST', '/api/admin/purchases', { member: 'duzhe', post: 'by-other', reason: '赠送' })).statusCode, 200)
    assert.equal((await editor.c.json('PATCH', '/api/admin/posts/by-other', { status: 'draft' })).statusCode, 200)
    // a refused action leaves no row
    assert.equal((await editor.c.json('POST', `/api/admin/orders/${orderNo}/refund`, { reason: '越权' })).statusCode, 403)

    const log = (await admin.c.get('/api/admin/audit')).json()
    assert.deepEqual(
      log.items.map((r: { action: string; actor: string; via: string }) => `${r.action} ${r.actor} ${r.via}`),
      ['post.set-status editor:2:bianji admin', 'purchase.grant admin:1:boss admin', 'plan.create admin:1:boss admin', 'order.refund admin:1:boss admin'],
    )
    const refund = log.items.at(-1)
    assert.equal(refund.target, `order:${orderNo}`)
    assert.deepEqual(refund.detail.before, { state: 'paid', refundedAmount: 0 })
    assert.deepEqual(refund.detail.after, { state: 'paid', refundedAmount: 100 })
    assert.equal(refund.detail.reason, '部分退款')
    assert.match(refund.ip, /^10\./, 'the client address the request came from')
    assert.equal(log.next, null)
    // filters and pages
    assert.deepEqual((await admin.c.get('/api/admin/audit?action=order.')).json().items.length, 1)
    assert.deepEqual(
      (await admin.c.get('/api/admin/audit?member=2')).json().items.map((r: { action: string }) => r.action),
      ['post.set-status'],
    )
    const first = (await admin.c.get('/api/admin/audit?limit=2')).json()
    assert.equal(first.items.length, 2)
    const second = (await admin.c.get(`/api/admin/audit?limit=2&before=${first.next}`)).json()
    assert.deepEqual(
      second.items.map((r: { action: string }) => r.action),
      ['plan.create', 'order.refund'],
    )
    assert.equal((await admin.c.get('/api/admin/audit?from=not-a-date')).statusCode, 400)
  })
}

test('the admin API is described in an OpenAPI document: every route with its request and response shapes', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  const res = await client(app).get('/api/admin/openapi.json')
  assert.equal(res.statusCode, 200)
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown }>> }
  assert.match(doc.openapi, /^3\./)
  const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
  const routes = app.services.routes.filter((r) => r.url.startsWith('/api/admin') && r.url !== '/api/admin/openapi.json').map((r) => `${r.method} ${r.url}`)
  assert.deepEqual(described.sort(), routes.sort())
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      assert.ok(op.responses?.['200'] ?? op.responses?.['201'] ?? op.responses?.['202'], `${method} ${path} has a success shape`)
      assert.ok(op.responses?.['403'], `${method} ${path} has an error shape`)
      if (method === 'post' || method === 'patch') assert.ok(op.requestBody, `${method} ${path} has a body shape`)
    }
  }
  // the public API's document is its own
  const v1 = (await client(app).get('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> }
  assert.ok(Object.keys(v1.paths).length > 0)
  assert.deepEqual(
    Object.keys(v1.paths).filter((p) => !p.startsWith('/api/v1/')),
    [],
  )
})

for (const dialect of testDialects()) {
  test(`${dialect}: writing posts: an author writes and deletes only their own and publishes only free ones; readers and visitors write nothing; staff writes are audited`, async (t) => {
    const { app, author, editor, reader } = await setUp(t, dialect)
    const as = (id: number, username: string, role: 'admin' | 'editor' | 'author' | 'member') => ({ kind: 'member' as const, memberId: id, username, role, via: 'admin' as const })
    const authorActor = as(author.id, 'zuozhe', 'author')
    const posts = app.services.posts
    const input = (slug: string, price = 0, status: 'published' | 'draft' = 'published') => ({
      slug,
      title: `标题 ${slug}`,
      channelSlug: 'speeches',
      price: price as Cents,
      status,
      body: { format: 'html' as const, source: '<p>正文。</p>' },
    })
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      )

    // a new post of an author's is theirs, whatever the input says
    assert.equal(await code(posts.savePost(authorActor, { ...input('mine'), authorId: editor.id })), 'ok')
    const mine = await app.services.handle.db.selectFrom('posts').select('author_id').where('slug', '=', 'mine').executeTakeFirstOrThrow()
    assert.equal(mine.author_id, author.id)
    assert.equal(await code(posts.savePost(authorActor, input('mine-priced', 990))), 'ACCESS_FORBIDDEN', 'an author does not publish a priced post')
    assert.equal(await code(posts.savePost(authorActor, input('mine-priced', 990, 'draft'))), 'ok', 'but may write it as a draft')
    assert.equal(await code(posts.savePost(authorActor, input('by-other'))), 'ACCESS_FORBIDDEN', "nor touch another's")
    assert.equal(await code(posts.deletePost(authorActor, 'by-other')), 'ACCESS_FORBIDDEN')
    assert.equal(await code(posts.deletePost(authorActor, 'mine')), 'ok')
    assert.equal(await code(posts.savePost(as(reader.id, 'duzhe', 'member'), input('reader-post'))), 'ACCESS_FORBIDDEN')
    assert.equal(await code(posts.savePost({ kind: 'visitor' }, input('visitor-post'))), 'ACCESS_LOGIN_REQUIRED')
    assert.equal(await code(posts.savePost(as(editor.id, 'bianji', 'editor'), input('by-other', 1500))), 'ok', 'an editor writes and publishes any post')
    assert.equal((await app.services.handle.db.selectFrom('posts').select('slug').where('slug', 'in', ['reader-post', 'visitor-post', 'mine']).execute()).length, 0)

    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'target', 'actor']).orderBy('id').execute()
    assert.deepEqual(
      audit.map((r) => `${r.action} ${r.target} ${r.actor.split(':')[0]}`),
      ['post.create post:mine author', 'post.create post:mine-priced author', 'post.delete post:mine author', 'post.update post:by-other editor'],
    )
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: a fresh site offers the owner set-up once; staff sign in to the console and out; a reader's right password opens nothing`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const owner = client(app)
    const fresh = (await owner.get('/api/admin/session')).json()
    assert.deepEqual({ ...fresh, csrfToken: typeof fresh.csrfToken }, { csrfToken: 'string', setupNeeded: true, staff: null, permissions: [] })
    // a weak password is refused at the field, and nothing is made
    const weak = await owner.json('POST', '/api/admin/setup', { username: 'zhanzhang', password: '12345678' })
    assert.equal(weak.statusCode, 422)
    assert.equal((await owner.get('/api/admin/session')).json().setupNeeded, true)
    const made = await owner.json('POST', '/api/admin/setup', { username: 'zhanzhang', password: 'owner-pass-2026', email: 'owner@example.com' })
    assert.equal(made.statusCode, 201, made.body)
    assert.equal(made.json().staff.role, 'admin')
    assert.equal((await owner.get('/api/admin/me')).json().staff.username, 'zhanzhang', 'signed in by the set-up')
    assert.equal((await owner.get('/api/admin/session')).json().setupNeeded, false)
    // once there is an admin, nobody else sets up
    const late = await client(app).json('POST', '/api/admin/setup', { username: 'intruder', password: 'intruder-pass-1' })
    assert.equal(late.statusCode, 409)
    assert.equal(late.json().error.code, 'MEMBER_SETUP_DONE')
    assert.equal((await app.services.handle.db.selectFrom('members').select('username').where('role', '=', 'admin').execute()).length, 1)
    assert.deepEqual(
      (await app.services.handle.db.selectFrom('audit_log').select(['action', 'actor']).execute()).map((r) => `${r.action} ${r.actor}`),
      ['member.setup-owner admin:1:zhanzhang'],
    )

    // the console's own way: its token from GET /session, sent back as a header
    await app.services.members.register({ username: 'bianji', password: 'editor-pass-1', role: 'editor' })
    await app.services.members.register({ username: 'duzhe', password: 'reader-pass-1' })
    const hello = await app.inject({ method: 'GET', url: '/api/admin/session' })
    const seed = hello.cookies.find((c) => c.name === 'ig_csrf')?.value as string
    const signIn = (login: string, password: string, token?: string) =>
      app.inject({ method: 'POST', url: '/api/admin/session', payload: { login, password }, headers: { cookie: `ig_csrf=${seed}`, ...(token ? { 'x-csrf-token': token } : {}) } })
    assert.equal((await signIn('bianji', 'editor-pass-1')).json().error.code, 'CSRF_FAILED', 'a sign-in without the token is refused')
    const token = hello.json().csrfToken as string
    const wrong = await signIn('bianji', 'not-the-pass-1', token)
    assert.equal(wrong.statusCode, 401)
    const sessionsBefore = (await app.services.handle.db.selectFrom('sessions').select('member_id').execute()).length
    const reader = await signIn('duzhe', 'reader-pass-1', token)
    assert.equal(reader.statusCode, 403)
    assert.equal(
      reader.cookies.find((c) => c.name === 'ig_sid'),
      undefined,
    )
    assert.equal((await app.services.handle.db.selectFrom('sessions').select('member_id').execute()).length, sessionsBefore, 'no session left behind')
    const editor = await signIn('bianji', 'editor-pass-1', token)
    assert.equal(editor.statusCode, 200)
    assert.deepEqual(editor.json().permissions, ['console.enter', 'post.read-any', 'post.write-any', 'post.write-own', 'post.publish'])
    const sid = editor.cookies.find((c) => c.name === 'ig_sid')?.value as string
    const cookie = `ig_csrf=${seed}; ig_sid=${sid}`
    assert.equal((await app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie } })).json().staff.username, 'bianji')
    const out = await app.inject({ method: 'DELETE', url: '/api/admin/session', headers: { cookie, 'x-csrf-token': token } })
    assert.equal(out.statusCode, 200)
    assert.equal((await app.inject({ method: 'GET', url: '/api/admin/me', headers: { cookie } })).statusCode, 401, 'the session ended')
  })
}

for (const dialect of testDialects()) {
  test(`${dialect}: the console's post list: every status, filters, sorts and pages; an author sees only their own`, async (t) => {
    const { app, admin, author } = await setUp(t, dialect)
    const at = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString()
    for (let i = 1; i <= 25; i++) {
      await seedPost(app, {
        slug: `p-${i}`,
        title: i % 5 === 0 ? `工作总结 第${i}篇` : `讲话稿 第${i}篇`,
        price: (i % 2 ? 0 : 100 * i) as Cents,
        status: i % 10 === 0 ? 'draft' : 'published',
        flags: i % 4 === 0 ? ['hot'] : [],
        tags: i % 3 === 0 ? ['党课'] : [],
        publishedAt: at(i),
        source: '<p>正文。</p><p>##paidbegin##</p><p>付费。</p>',
      })
    }
    const list = async (query: string, c = admin.c) => {
      const res = await c.get(`/api/admin/posts${query}`)
      assert.equal(res.statusCode, 200, res.body)
      return res.json() as { items: Array<{ slug: string; status: string; price: number; priceText: string; flags: string[]; tags: string[] }>; total: number }
    }
    // every post, drafts and hidden ones included (the three of setUp and the 25)
    const all = await list('?pageSize=100')
    assert.equal(all.total, 28)
    assert.deepEqual(
      all.items.slice(0, 3).map((p) => p.slug),
      ['p-25', 'p-24', 'p-23'],
      'newest first',
    )
    // pages
    const page2 = await list('?pageSize=10&page=2')
    assert.deepEqual(
      page2.items.map((p) => p.slug),
      all.items.slice(10, 20).map((p) => p.slug),
    )
    assert.equal(page2.total, 28)
    // filters
    assert.deepEqual(
      (await list('?status=draft')).items.map((p) => p.slug),
      ['p-20', 'p-10'],
    )
    const priced = await list('?paid=true&pageSize=100')
    assert.ok(priced.items.every((p) => p.price > 0))
    assert.equal(priced.items.find((p) => p.slug === 'p-24')?.priceText, '¥24.00')
    assert.equal((await list('?paid=false&pageSize=100')).items.find((p) => p.slug === 'p-1')?.priceText, '免费')
    assert.deepEqual(
      (await list('?flag=hot')).items.map((p) => p.slug),
      ['p-24', 'p-20', 'p-16', 'p-12', 'p-8', 'p-4'],
    )
    assert.equal((await list(`?tag=${encodeURIComponent('党课')}`)).total, 8)
    assert.deepEqual(
      (await list('?title=工作总结&sort=price&order=asc')).items.map((p) => p.slug),
      ['p-5', 'p-15', 'p-25', 'p-10', 'p-20'],
    )
    assert.equal((await list('?title=100%25')).total, 0, 'LIKE wildcards are words, not patterns')
    // by views: the most read first, then the never-read, newest first; ascending the other way round; pages join up
    const db = app.services.handle.db
    for (const [slug, views] of [
      ['p-3', 50],
      ['p-7', 9],
      ['p-11', 120],
      ['p-20', 9],
    ] as const) {
      const { id } = await db.selectFrom('posts').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
      await db.insertInto('post_views').values({ post_id: id, views }).execute()
    }
    const byViews = await list('?sort=views&pageSize=6')
    assert.deepEqual(
      byViews.items.map((p) => p.slug),
      ['p-11', 'p-3', 'p-20', 'p-7', 'p-25', 'p-24'],
    )
    assert.equal(byViews.total, 28)
    const next = await list('?sort=views&pageSize=6&page=2')
    assert.deepEqual(
      next.items.map((p) => p.slug),
      ['p-23', 'p-22', 'p-21', 'p-19', 'p-18', 'p-17'],
    )
    const drafts = await list('?sort=views&status=draft')
    assert.deepEqual(
      drafts.items.map((p) => p.slug),
      ['p-20', 'p-10'],
      'filters apply to both parts',
    )
    const fewest = await list('?sort=views&order=asc&pageSize=100')
    assert.deepEqual(
      fewest.items.slice(-4).map((p) => p.slug),
      ['p-7', 'p-20', 'p-3', 'p-11'],
    )
    assert.equal(fewest.items.length, 28)
    // an author sees their own post only, whatever they ask for
    const mine = await list('?pageSize=100&author=1', author.c)
    assert.deepEqual(
      mine.items.map((p) => p.slug),
      ['by-author'],
    )
    // bad values are a 400 that names the field
    const bad = await admin.c.get('/api/admin/posts?pageSize=1000')
    assert.equal(bad.statusCode, 400)
  })
}
