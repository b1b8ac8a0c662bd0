import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { fastadminLegacyHash, isLegacyHash, verifyLegacy } from './legacy-password.ts'
import { verifyPassword } from './password.ts'

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex')

test('a FastAdmin hash, md5(md5(password) . salt), checks its own password and no other', async () => {
  for (const [password, salt] of [
    ['123456', 'aB3dE9'],
    ['中文密码-2026', 'x$y/z'],
    ['', 's'],
  ] as const) {
    const stored = fastadminLegacyHash(md5(md5(password) + salt), salt)
    assert.ok(isLegacyHash(stored))
    assert.equal(verifyLegacy(password, stored), true, password)
    assert.equal(verifyLegacy(`${password}x`, stored), false)
    assert.equal(await verifyPassword(password, stored), false, 'our scrypt check never accepts a legacy hash')
  }
  assert.equal(verifyLegacy('123456', '$fastadmin-md5$YWI$not-hex'), false)
  assert.equal(verifyLegacy('123456', '$scrypt$ln=15,r=8,p=3$abc$def'), false)
})
