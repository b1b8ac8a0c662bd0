import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { buildTestApp } from '../helpers/build-test-app.ts'
import { client, multipartForm } from '../helpers/client.ts'
import { testDialects } from '../helpers/dialects.ts'
import { signedIn } from '../helpers/staff.ts'

const WXR = readFileSync(new URL('../fixtures/wordpress/export.xml', import.meta.url))
const GHOST = readFileSync(new URL('../fixtures/ghost/export.json', import.meta.url))
const MEMBERS = readFileSync(new URL('../fixtures/ghost/members.csv', import.meta.url))

for (const dialect of testDialects()) {
  test(`${dialect}: an admin moves a WordPress or Ghost site in from the console: a dry run's report, then the run, its progress and the index built after`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    const admin = await signedIn(app, 'migrate_admin', 'admin')
    const editor = await signedIn(app, 'migrate_editor', 'editor')
    const form = (fields: Record<string, string>, files: Parameters<typeof multipartForm>[1] = {}) => multipartForm(fields, files)

    // admins only, before a byte is read
    assert.equal((await editor.c.get('/api/admin/migrations/current')).statusCode, 403)
    assert.equal((await editor.c.postBody('/api/admin/migrations', form({ engine: 'wordpress', dryRun: 'true' }, { export: { name: 'export.xml', bytes: WXR } }))).statusCode, 403)
    assert.deepEqual((await admin.c.get('/api/admin/migrations/current')).json(), { run: null })

    // a dry run: the report, nothing written
    const dry = await admin.c.postBody('/api/admin/migrations', form({ engine: 'wordpress', dryRun: 'true' }, { export: { name: 'export.xml', bytes: WXR, type: 'text/xml' } }))
    assert.equal(dry.statusCode, 202, dry.body)
    assert.equal(dry.json().run.state, 'running')
    await app.services.migrations.idle()
    const dryRun = (await admin.c.get('/api/admin/migrations/current')).json().run
    assert.equal(dryRun.state, 'done')
    assert.equal(dryRun.dryRun, true)
    assert.match(dryRun.lines.join('\n'), /试运行（没有写入任何内容）：wordpress[\s\S]*文章：新建 8，更新 0，跳过 0/)
    assert.equal((await app.services.handle.db.selectFrom('posts').select('id').execute()).length, 0)

    // the run: posts in, then the search index built in the background, the old permalinks answering
    assert.equal((await admin.c.postBody('/api/admin/migrations', form({ engine: 'wordpress', dryRun: 'false' }, { export: { name: 'export.xml', bytes: WXR } }))).statusCode, 202)
    await app.services.migrations.idle()
    const done = (await admin.c.get('/api/admin/migrations/current')).json().run
    assert.equal(done.state, 'done', done.error)
    assert.equal(done.done, 8)
    assert.match(done.lines.join('\n'), /迁移完成（wordpress）/)
    await app.services.searchAdmin.idle()
    await app.services.contentChanged()
    assert.match((await client(app).get(`/search?q=${encodeURIComponent('作风建设')}`)).body, /href="\/p\/zuofeng-talk"/, 'the search index was built after the run')
    assert.equal((await client(app).get('/2024/03/zuofeng-talk/')).statusCode, 301)
    const audit = await app.services.handle.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'site.migrate').execute()
    assert.deepEqual(audit, [{ action: 'site.migrate', target: 'wordpress' }])

    // Ghost with its members
    assert.equal(
      (
        await admin.c.postBody(
          '/api/admin/migrations',
          form({ engine: 'ghost', dryRun: 'false', url: 'https://ghost.example' }, { export: { name: 'ghost.json', bytes: GHOST }, members: { name: 'members.csv', bytes: MEMBERS } }),
        )
      ).statusCode,
      202,
    )
    await app.services.migrations.idle()
    assert.match((await admin.c.get('/api/admin/migrations/current')).json().run.lines.join('\n'), /会员：新建 4，更新 0，跳过 0；VIP 3 人/)
    await app.services.searchAdmin.idle()

    // what is not an export is refused at once, with why
    const notWxr = await admin.c.postBody('/api/admin/migrations', form({ engine: 'wordpress', dryRun: 'true' }, { export: { name: 'x.xml', bytes: '<html><body>hello</body></html>' } }))
    assert.equal(notWxr.statusCode, 400)
    assert.match(notWxr.json().error.message, /不是 WordPress 导出文件/)
    const noFile = await admin.c.postBody('/api/admin/migrations', form({ engine: 'ghost', dryRun: 'true' }))
    assert.equal(noFile.statusCode, 400)
    assert.match(noFile.json().error.message, /请选择导出文件/)
    const badUrl = await admin.c.postBody('/api/admin/migrations', form({ engine: 'fastadmin', dryRun: 'true', from: 'http://example.com' }))
    assert.equal(badUrl.statusCode, 400)
    assert.match(badUrl.json().error.message, /mysql:\/\//)
    assert.equal((await admin.c.postBody('/api/admin/migrations', form({ engine: 'joomla', dryRun: 'true' }))).statusCode, 400)
  })
}
