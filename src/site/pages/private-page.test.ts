import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { safeNext } from './private-page.ts'

test('next: local paths come back as they are; everything else falls back', () => {
  for (const ok of ['/', '/user', '/p/zhuti-fayan?page=2', '/buy/essay#pay', '/search?q=%E5%AD%A6%E4%B9%A0']) assert.equal(safeNext(ok), ok)
  for (const bad of [
    '//evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/\t/evil.example',
    '/%09/evil.example'.replace('%09', '\t'),
    '/\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    '/\r\nSet-Cookie: x=1',
    '/\n/evil.example',
    ' /user',
    '',
    'user',
    '/'.repeat(600),
    '/\u0000',
  ]) {
    assert.equal(safeNext(bad), '/user', JSON.stringify(bad))
  }
})

test('whatever next is, the browser reading the answer stays on this site (property)', () => {
  const piece = fc.constantFrom('/', '\\', '\t', '\n', '\r', '%09', '%2F', '@', ':', '.', 'evil.example', 'user', '?', '#', ' ', '\u0000', 'http:', '//')
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
      const out = safeNext(parts.join(''))
      // the Location header's value, resolved as a browser resolves it
      assert.equal(new URL(out, 'https://fanwen.example/login').origin, 'https://fanwen.example', out)
      assert.doesNotMatch(out, /[\u0000-\u001f]/)
    }),
    { numRuns: 2000 },
  )
})
