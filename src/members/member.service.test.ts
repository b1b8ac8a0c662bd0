import { test } from 'node:test'
import assert from 'node:assert/strict'
import { openTestDb, testDialects } from '../../test/helpers/dialects.ts'
import { AppError } from '../platform/http/app-error.ts'
import { createMemoryCounter } from '../platform/rate-limit/counter.ts'
import { createLoginThrottle, REGISTER_LIMIT } from './login-throttle.ts'
import { createMemberService } from './member.service.ts'
import { createSessionService, SESSION_DAYS } from './session.service.ts'
import { createDbSessionStore } from './session-store.ts'

const CHEAP = { logN: 10, r: 8, p: 1 }
const rejectsWith = (p: Promise<unknown>, code: string) => assert.rejects(p, (e) => e instanceof AppError && e.code === code)

for (const dialect of testDialects()) {
  test(`${dialect}: register, log in, change password, log out`, async (t) => {
    const { handle, dispose } = await openTestDb(dialect)
    t.after(dispose)
    let now = new Date('2026-11-27T08:00:00Z')
    const sessions = createSessionService({ db: handle.db, store: createDbSessionStore(handle.db), now: () => now })
    const members = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now: () => now, passwordCost: CHEAP })

    const reader = await members.register({ username: '墨门读者', email: 'Reader@Example.com', password: 'xuexi2026' })
    assert.equal(reader.role, 'member')
    assert.equal(reader.email, 'reader@example.com')
    await rejectsWith(members.register({ username: '墨门读者', password: 'another123' }), 'MEMBER_USERNAME_TAKEN')
    await rejectsWith(members.register({ username: 'reader2', email: 'READER@example.com', password: 'another123' }), 'MEMBER_EMAIL_TAKEN')
    await rejectsWith(members.register({ username: 'ab', password: 'short' }), 'MEMBER_PASSWORD_LENGTH')
    const stored = await handle.db.selectFrom('members').select('password_hash').executeTakeFirstOrThrow()
    assert.doesNotMatch(stored.password_hash, /xuexi2026/)

    // by username (any case) or email; a wrong password and an unknown name get the same answer
    const login = await members.logIn('reader@example.com', 'xuexi2026')
    assert.equal(login.member.id, reader.id)
    await rejectsWith(members.logIn('墨门读者', 'wrong-password1'), 'MEMBER_LOGIN_FAILED')
    await rejectsWith(members.logIn('nobody', 'xuexi2026'), 'MEMBER_LOGIN_FAILED')
    assert.equal((await sessions.resolve(login.token))?.username, '墨门读者')
    const row = await handle.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow()
    assert.notEqual(row.id, login.token, 'only a hash of the token is stored')
    assert.equal(await sessions.resolve(row.id), undefined, 'the stored hash is not a token')
    assert.equal(await sessions.resolve('forged'), undefined)

    // two browsers; a password change ends the other one
    const other = await members.logIn('墨门读者', 'xuexi2026')
    await rejectsWith(members.changePassword(reader, 'not-it-123', 'newpass2027'), 'MEMBER_PASSWORD_WRONG')
    await rejectsWith(members.changePassword(reader, 'xuexi2026', 'weakweakweak'), 'MEMBER_PASSWORD_WEAK')
    await members.changePassword(reader, 'xuexi2026', 'newpass2027', login.token)
    assert.ok(await sessions.resolve(login.token))
    assert.equal(await sessions.resolve(other.token), undefined)
    await rejectsWith(members.logIn('墨门读者', 'xuexi2026'), 'MEMBER_LOGIN_FAILED')
    assert.ok(await members.logIn('墨门读者', 'newpass2027'))

    // sessions slide while used and expire when not
    now = new Date(now.getTime() + (SESSION_DAYS - 1) * 86_400_000)
    assert.ok(await sessions.resolve(login.token), 'used on day 29: extended')
    now = new Date(now.getTime() + (SESSION_DAYS - 1) * 86_400_000)
    assert.ok(await sessions.resolve(login.token), 'still alive 58 days after login')
    now = new Date(now.getTime() + (SESSION_DAYS + 1) * 86_400_000)
    assert.equal(await sessions.resolve(login.token), undefined)
    assert.ok((await sessions.sweep()) >= 1)

    await sessions.end(login.token)
    assert.equal(await sessions.resolve(login.token), undefined)
  })

  test(`${dialect}: a password hashed at an old cost is rehashed at the next login`, async (t) => {
    const { handle, dispose } = await openTestDb(dialect)
    t.after(dispose)
    const now = () => new Date('2026-11-27T08:00:00Z')
    const sessions = createSessionService({ db: handle.db, store: createDbSessionStore(handle.db), now })
    const old = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now, passwordCost: { logN: 10, r: 8, p: 1 } })
    await old.register({ username: 'editor_wang', password: 'bianji2026', role: 'editor' })
    const current = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now, passwordCost: { logN: 11, r: 8, p: 1 } })
    const m = await current.authenticate('EDITOR_WANG', 'bianji2026')
    assert.equal(m.role, 'editor')
    const stored = await handle.db.selectFrom('members').select('password_hash').executeTakeFirstOrThrow()
    assert.match(stored.password_hash, /^\$scrypt\$ln=11,/)
    assert.ok(await current.authenticate('editor_wang', 'bianji2026'))
  })

  test(`${dialect}: failed logins count per account whatever name is typed; common passwords and sign-up floods are refused`, async (t) => {
    const { handle, dispose } = await openTestDb(dialect)
    t.after(dispose)
    const now = () => new Date('2026-11-27T08:00:00Z')
    const sessions = createSessionService({ db: handle.db, store: createDbSessionStore(handle.db), now })
    const members = createMemberService({ db: handle.db, throttle: createLoginThrottle(createMemoryCounter()), sessions, now, passwordCost: CHEAP })
    await members.register({ username: '站长', email: 'owner@example.com', password: 'zhanzhang-2026' }, { address: '203.0.113.7' })
    await members.logIn('站长', 'zhanzhang-2026', { address: '203.0.113.7' })
    // five guesses from strangers, by name and by e-mail: one account, so the sixth is refused
    for (const [i, login] of ['站长', 'owner@example.com', 'OWNER@example.com', '站长', 'owner@example.com'].entries()) {
      await rejectsWith(members.logIn(login, `guess-${i}-pass`, { address: `198.51.100.${i}` }), 'MEMBER_LOGIN_FAILED')
    }
    await rejectsWith(members.logIn('站长', 'zhanzhang-2026', { address: '198.51.100.50' }), 'MEMBER_LOGIN_THROTTLED')
    assert.ok(await members.logIn('owner@example.com', 'zhanzhang-2026', { address: '203.0.113.7' }), 'the owner at a known address gets in')
    // the command line and tests are not throttled
    assert.ok(await members.logIn('站长', 'zhanzhang-2026'))

    for (const common of ['password1', 'Password1', 'qwerty123', 'woaini1314', '1qaz2wsx', 'abc12345']) {
      await rejectsWith(members.register({ username: 'reader_c', password: common }), 'MEMBER_PASSWORD_COMMON')
    }
    const owner = (await members.logIn('站长', 'zhanzhang-2026')).member
    await rejectsWith(members.changePassword(owner, 'zhanzhang-2026', 'iloveyou1'), 'MEMBER_PASSWORD_COMMON')

    for (let i = 0; i < REGISTER_LIMIT.max; i++) await members.register({ username: `flood_${i}`, password: 'flood-pass-2026' }, { address: '192.0.2.9' })
    await rejectsWith(members.register({ username: 'flood_x', password: 'flood-pass-2026' }, { address: '192.0.2.9' }), 'MEMBER_REGISTER_THROTTLED')
    assert.ok(await members.register({ username: 'elsewhere', password: 'flood-pass-2026' }, { address: '192.0.2.10' }))
  })
}
