import { test } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadTheme } from './theme-engine.ts'

const DEFAULT = join(import.meta.dirname, '..', '..', '..', 'themes', 'default')

function themeWith(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'inkgate-theme-'))
  cpSync(DEFAULT, dir, { recursive: true })
  writeFileSync(join(dir, 'templates', 'probe.liquid'), template)
  return dir
}

test('the t filter picks English plural forms by the last argument', () => {
  const theme = loadTheme(themeWith("{{ 'post.views' | t: '1', 1 }}|{{ 'post.views' | t: '2', 2 }}|{{ 'nav.home' | t }}"), 'en')
  assert.equal(theme.render('probe', {}), '1 view|2 views|Home')
  const zh = loadTheme(themeWith("{{ 'post.views' | t: '1', 1 }}"), 'zh-CN')
  assert.equal(zh.render('probe', {}), '1 次阅读')
})

test('output is escaped and only own properties are read', () => {
  const theme = loadTheme(themeWith('{{ x }}|{{ y.constructor }}|{{ body_html | raw }}'), 'zh-CN')
  assert.equal(theme.render('probe', { x: '<script>"&', y: {}, body_html: '<p>ok</p>' }), '&lt;script&gt;&#34;&amp;||<p>ok</p>')
})

test('assets get a content hash in their URL', () => {
  const theme = loadTheme(DEFAULT, 'zh-CN')
  assert.match(theme.assetUrl('site.css'), /^\/assets\/site\.[0-9a-f]{10}\.css$/)
})
