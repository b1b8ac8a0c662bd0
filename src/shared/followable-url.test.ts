import { test } from 'node:test'
import assert from 'node:assert/strict'
import { followableUrl } from './followable-url.ts'

test('covers, logos and links: http(s) and site paths only', () => {
  for (const ok of ['https://cdn.example/a.png', 'http://example.com/', '/uploads/2026/a.png', '  /logo.svg ']) assert.ok(followableUrl(ok), ok)
  assert.equal(followableUrl('HTTPS://CDN.example/a.png'), 'https://cdn.example/a.png')
  for (const bad of [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'vbscript:x',
    '//evil.example/a.png',
    '/\\evil.example',
    'uploads/a.png',
    'java\tscript:alert(1)',
    'https://',
    'file:///etc/passwd',
    '',
    null,
    undefined,
  ]) {
    assert.equal(followableUrl(bad), undefined, String(bad))
  }
})
