import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'

const THEME = join(import.meta.dirname, '..', '..', 'themes', 'default')

for (const dialect of testDialects()) {
  test(`${dialect}: an internal failure is a 500 without its message, on pages and in the API`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    await seedPost(app, { slug: 'a-post', source: '<p>正文</p>' })
    await sql`DROP TABLE post_segments`.execute(app.services.handle.db)
    const page = await app.inject('/p/a-post')
    assert.equal(page.statusCode, 500)
    assert.match(page.body, /服务器暂时出错了/)
    assert.doesNotMatch(page.body, /post_segments|no such table|does not exist|at .*\.ts/)
    assert.equal(page.headers['cache-control'], 'private, no-store')
    const api = await app.inject('/api/v1/posts/a-post')
    assert.equal(api.statusCode, 500)
    assert.deepEqual(Object.keys(api.json().error).sort(), ['code', 'message', 'requestId'])
    assert.equal(api.json().error.code, 'INTERNAL')
    assert.doesNotMatch(api.body, /post_segments/)
  })
}

test('a template that fails to render gives the generic error page, not its message', async (t) => {
  const theme = mkdtempSync(join(tmpdir(), 'inkgate-theme-'))
  cpSync(THEME, theme, { recursive: true })
  writeFileSync(join(theme, 'templates', 'home.liquid'), "{% layout 'base' %}{% block content %}{{ 'x' | no_such_filter }}{% endblock %}")
  const app = await buildTestApp(t, { dialect: 'sqlite', env: { INKGATE_THEME_DIR: theme } })
  const res = await app.inject('/')
  assert.equal(res.statusCode, 500)
  assert.doesNotMatch(res.body, /no_such_filter|undefined filter/)
  assert.match(res.body, /<h1>500<\/h1>/)
})

test('a theme that prints a non-_html field raw does not load', async () => {
  const theme = mkdtempSync(join(tmpdir(), 'inkgate-theme-'))
  cpSync(THEME, theme, { recursive: true })
  writeFileSync(join(theme, 'templates', 'home.liquid'), '{{ post.description | raw }}')
  await assert.rejects(buildTestApp(undefined, { dialect: 'sqlite', env: { INKGATE_THEME_DIR: theme } }), /may only print a field ending in _html/)
})

test('requests the site does not handle get clean 4xx answers', async (t) => {
  const app = await buildTestApp(t, { dialect: 'sqlite' })
  const post = await app.inject({ method: 'POST', url: '/p/x', payload: { a: 1 } })
  assert.equal(post.statusCode, 404)
  const long = await app.inject(`/p/${'x'.repeat(5000)}`)
  assert.ok(long.statusCode === 404 || long.statusCode === 414, String(long.statusCode))
  const badEncoding = await app.inject('/t/%E0%A4%A')
  assert.ok(badEncoding.statusCode >= 400 && badEncoding.statusCode < 500, String(badEncoding.statusCode))
  assert.doesNotMatch(badEncoding.body, /URIError|at /)
})
