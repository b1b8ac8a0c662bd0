import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createSealer } from './sealed-box.ts'

const MASTER = 'a master secret of at least thirty-two characters'

test('a sealed secret opens to itself and does not show in the sealed text', () => {
  const box = createSealer(MASTER, 'totp')
  const sealed = box.seal('JBSWY3DPEHPK3PXP 密钥')
  assert.equal(box.open(sealed), 'JBSWY3DPEHPK3PXP 密钥')
  assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'))
  assert.notEqual(box.seal('same'), box.seal('same'), 'a fresh IV each time')
})

test('a changed byte, another purpose or another master key cannot open it', () => {
  const sealed = createSealer(MASTER, 'totp').seal('secret')
  const [v, iv, tag, body] = sealed.split('.') as [string, string, string, string]
  const flipped = Buffer.from(body, 'base64url')
  flipped[0] = (flipped[0] ?? 0) ^ 1
  assert.throws(() => createSealer(MASTER, 'totp').open([v, iv, tag, flipped.toString('base64url')].join('.')))
  assert.throws(() => createSealer(MASTER, 'payments').open(sealed))
  assert.throws(() => createSealer(`${MASTER}!`, 'totp').open(sealed))
  assert.throws(() => createSealer(MASTER, 'totp').open('plain text'))
})
