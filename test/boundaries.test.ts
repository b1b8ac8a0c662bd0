import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

/*
 * The rules of STYLE.md that carry the paywall invariant, checked on the source
 * text so that breaking one fails the build (the lint of §3.11, kept as a test).
 */
const ROOT = join(import.meta.dirname, '..')
const SRC = join(ROOT, 'src')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}
const sources = files(SRC).map((path) => ({ path: relative(SRC, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }))
const outsidePaywall = sources.filter((f) => !f.path.startsWith('paywall/'))
const imports = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] as string)

test('no module outside paywall/ names the paid tables', () => {
  for (const f of outsidePaywall) {
    if (f.path === 'platform/db/database.ts' || f.path.startsWith('platform/db/migrations/')) continue
    assert.doesNotMatch(f.text, /post_paid_segments|post_sources/, f.path)
  }
})

test('other domains reach paywall only through its index', () => {
  for (const f of outsidePaywall) {
    for (const spec of imports(f.text)) {
      // database.ts aggregates every domain's table types (STYLE.md §3.1)
      if (f.path === 'platform/db/database.ts' && spec.endsWith('.table.ts')) continue
      if (spec.includes('/paywall/')) assert.match(spec, /\/paywall\/index\.ts$/, `${f.path} imports ${spec}`)
    }
  }
})

test('only the entitlement service mints entitlements, and nobody casts to one', () => {
  for (const f of sources) {
    if (f.path.endsWith('.test.ts')) continue
    if (f.path !== 'paywall/entitlement.ts' && f.path !== 'paywall/entitlement.service.ts') assert.doesNotMatch(f.text, /mintEntitlement/, f.path)
    if (f.path !== 'paywall/entitlement.ts') assert.doesNotMatch(f.text, /as Entitlement\b/, f.path)
  }
})

test('the paid-segment repository is imported only by the paid reader and the body writer', () => {
  for (const f of sources) {
    if (imports(f.text).some((s) => s.endsWith('paid-segment.repository.ts'))) {
      assert.ok(['paywall/paid-reader.ts', 'paywall/post-body.service.ts'].includes(f.path), f.path)
    }
  }
})

test('the full database handle is used only where the paywall is wired', () => {
  for (const f of outsidePaywall) {
    if (['app.ts', 'write-stack.ts', 'platform/db/create-db.ts', 'platform/db/database.ts'].includes(f.path)) continue
    assert.doesNotMatch(f.text, /\bFullDb\b|handle\.full|\.full\b/, f.path)
  }
})

test('paid text for the search index goes only to the indexer, which keeps tokens', () => {
  for (const f of outsidePaywall) {
    if (f.path.endsWith('.test.ts')) continue
    if (/createIndexTextReader|readIndexText/.test(f.text)) assert.ok(['write-stack.ts', 'search/reindex.ts', 'cli/search.command.ts'].includes(f.path), f.path)
    if (/\bIndexText\b/.test(f.text)) assert.ok(f.path.startsWith('search/') || f.path === 'write-stack.ts', f.path)
  }
  // search/ shows text only from what content gives everyone: it never reads paid tables or sources
  for (const f of sources.filter((x) => x.path.startsWith('search/'))) assert.doesNotMatch(f.text, /listPaidSegments|readPaidSegments|post_paid|post_sources/, f.path)
})

test('lower domains never import higher ones', () => {
  const order = ['platform', 'shared', 'content', 'members', 'commerce', 'paywall', 'search', 'site', 'admin', 'cli']
  const rank = (path: string) => order.indexOf(path.split('/')[0] as string)
  for (const f of sources) {
    const mine = rank(f.path)
    if (mine < 0) continue
    for (const spec of imports(f.text).filter((s) => s.startsWith('.') && !(f.path === 'platform/db/database.ts' && s.endsWith('.table.ts')))) {
      const target = join(SRC, f.path, '..', spec)
      const other = rank(relative(SRC, target).split(sep).join('/'))
      if (other < 0) continue
      const samePlatformShared = mine <= 1 && other <= 1
      assert.ok(other <= mine || samePlatformShared, `${f.path} (a lower layer) imports ${spec}`)
    }
  }
})

test('process.env is read only by the config loader and the entry points', () => {
  for (const f of sources) {
    if (['main.ts', 'cli/main.ts', 'platform/config/load-config.ts'].includes(f.path)) continue
    if (f.path.startsWith('cli/') && f.path.endsWith('.command.ts')) continue
    assert.doesNotMatch(f.text, /process\.env/, f.path)
  }
})

test('no default exports and kebab-case file names', () => {
  for (const f of sources) {
    assert.doesNotMatch(f.text, /^export default/m, f.path)
    assert.match(f.path.split('/').pop() as string, /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)*\.ts$/, f.path)
  }
})

test('theme templates print raw HTML only from *_html fields', () => {
  const dir = join(ROOT, 'themes', 'default')
  const liquid = ['layouts', 'templates', 'partials'].flatMap((d) => readdirSync(join(dir, d)).map((n) => readFileSync(join(dir, d, n), 'utf8')))
  for (const text of liquid) for (const m of text.matchAll(/\{\{-?\s*([^|}]+?)\s*\|\s*raw/g)) assert.match((m[1] as string).trim(), /_html$/)
})
