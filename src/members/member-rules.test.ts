import { test } from 'node:test'
import assert from 'node:assert/strict'
import { AppError } from '../platform/http/app-error.ts'
import { checkEmail, checkPassword, checkUsername } from './member-rules.ts'

const code = (f: () => unknown) => {
  try {
    f()
    return 'ok'
  } catch (e) {
    return e instanceof AppError ? e.code : String(e)
  }
}

test('usernames: 2 to 20 Chinese characters, letters, digits or _, not all digits', () => {
  assert.equal(checkUsername(' 墨门读者_01 '), '墨门读者_01')
  assert.equal(checkUsername('ＡＢｃ'), 'ABc', 'full-width letters are folded')
  assert.equal(
    code(() => checkUsername('a')),
    'MEMBER_USERNAME_LENGTH',
  )
  assert.equal(
    code(() => checkUsername('字'.repeat(21))),
    'MEMBER_USERNAME_LENGTH',
  )
  assert.equal(
    code(() => checkUsername('a b')),
    'MEMBER_USERNAME_CHARS',
  )
  assert.equal(
    code(() => checkUsername('<script>')),
    'MEMBER_USERNAME_CHARS',
  )
  assert.equal(
    code(() => checkUsername('13800138000')),
    'MEMBER_USERNAME_DIGITS',
  )
})

test('emails are optional, lower-cased and checked', () => {
  assert.equal(checkEmail(''), null)
  assert.equal(checkEmail(' Reader@Example.COM '), 'reader@example.com')
  for (const bad of ['reader', 'a@b', 'a b@c.d', '@x.cn'])
    assert.equal(
      code(() => checkEmail(bad)),
      'MEMBER_EMAIL_INVALID',
      bad,
    )
})

test('passwords: 8 to 64 characters of two kinds, not the username', () => {
  assert.equal(
    code(() => checkPassword('abc12345', 'reader')),
    'ok',
  )
  assert.equal(
    code(() => checkPassword('学习强国学习强国2', 'reader')),
    'ok',
  )
  assert.equal(
    code(() => checkPassword('abc1234', 'reader')),
    'MEMBER_PASSWORD_LENGTH',
  )
  assert.equal(
    code(() => checkPassword('abcdefghij', 'reader')),
    'MEMBER_PASSWORD_WEAK',
  )
  assert.equal(
    code(() => checkPassword('1234567890', 'reader')),
    'MEMBER_PASSWORD_WEAK',
  )
  assert.equal(
    code(() => checkPassword('Reader2026', 'reader2026')),
    'MEMBER_PASSWORD_IS_USERNAME',
  )
})
