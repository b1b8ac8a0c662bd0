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

test('raw output only from an _html field with no other filter: every filter chain is checked', () => {
  for (const bad of [
    '{{ post.description | newline_to_br | raw }}',
    '{{ x | raw | upcase }}',
    '{% echo x | raw %}',
    '{% if a %}{% for i in l %}{{ i.title | raw }}{% endfor %}{% endif %}',
    '{{ a_html | truncate: 5 | raw }}',
    '{% liquid\n echo y | raw\n %}',
    '{{ "<b>" | raw }}',
  ]) {
    assert.throws(() => loadTheme(themeWith(bad), 'zh-CN'), /"\| raw" may only print a field ending in _html/, bad)
  }
  const ok = loadTheme(themeWith('{{ a_html | raw }}{{ post.body_html | raw }}{{ x | escape }}'), 'zh-CN')
  assert.equal(ok.render('probe', { a_html: '<i>', post: { body_html: '<b>' }, x: '<' }), '<i><b>&amp;lt;')
})

test('a template whose compiled form differs from LiquidJS is rendered by LiquidJS from then on, with a warning', () => {
  const warnings: string[] = []
  // printing forloop itself: LiquidJS writes it as JSON, the compiled subset does not
  const theme = loadTheme(themeWith('{% for x in xs %}{{ forloop }}{% endfor %}'), 'zh-CN', { warn: (m) => warnings.push(m) })
  const expected = '{&#34;i&#34;:0,&#34;length&#34;:1,&#34;name&#34;:&#34;x-xs&#34;}'
  for (let i = 0; i < 60; i++) assert.equal(theme.render('probe', { xs: [1] }), expected)
  assert.equal(warnings.length, 1)
  assert.match(warnings[0] ?? '', /theme template probe: its compiled form differs from LiquidJS/)
})
