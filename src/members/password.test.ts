import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hashPassword, needsRehash, verifyPassword } from './password.ts'

const CHEAP = { logN: 10, r: 8, p: 1 }

test('a password verifies against its hash and nothing else does', async () => {
  const hash = await hashPassword('长城-Great Wall 2026', CHEAP)
  assert.match(hash, /^\$scrypt\$ln=10,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/)
  assert.equal(await verifyPassword('长城-Great Wall 2026', hash), true)
  assert.equal(await verifyPassword('长城-Great Wall 2025', hash), false)
  assert.equal(await verifyPassword('', hash), false)
  assert.notEqual(await hashPassword('长城-Great Wall 2026', CHEAP), hash, 'salted')
})

test('full-width and half-width forms of a password are the same password', async () => {
  const hash = await hashPassword('Ｐａｓｓ１２３４', CHEAP)
  assert.equal(await verifyPassword('Pass1234', hash), true)
})

test('malformed or absurd stored hashes never match and ask for a rehash', async () => {
  for (const bad of ['', 'plain', '$scrypt$ln=99,r=8,p=1$abc$def', '$argon2id$v=19$m=1,t=1,p=1$abc$def']) {
    assert.equal(await verifyPassword('x', bad), false, bad)
    assert.equal(needsRehash(bad), true)
  }
  assert.equal(needsRehash(await hashPassword('x', CHEAP), CHEAP), false)
  assert.equal(needsRehash(await hashPassword('x', CHEAP)), true, 'below the default cost')
})
