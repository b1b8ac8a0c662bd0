import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AppError } from '../http/app-error.ts'
import { actorLabel, ROLES, type Actor, type Role } from './actor.ts'
import { authorize, can, PERMISSIONS, type Permission } from './permissions.ts'

const member = (role: Role): Actor => ({ kind: 'member', memberId: 7, username: 'zhang', role, via: 'admin' })
const ALL = Object.keys(PERMISSIONS) as Permission[]

test('admin may do everything; an editor runs content but never money, members, settings or the audit log; an author only their own posts', () => {
  assert.deepEqual(
    ALL.filter((p) => !can(member('admin'), p)),
    [],
  )
  assert.deepEqual(
    ALL.filter((p) => can(member('editor'), p)),
    ['console.enter', 'post.read-any', 'post.write-any', 'post.write-own', 'post.publish'],
  )
  assert.deepEqual(
    ALL.filter((p) => can(member('author'), p)),
    ['console.enter', 'post.write-own'],
  )
  assert.deepEqual(
    ALL.filter((p) => can(member('member'), p)),
    [],
  )
})

test('a visitor is asked to log in (401), a member without the right is refused (403); the shell and the server’s jobs may act', () => {
  const codeOf = (actor: Actor, p: Permission) => {
    try {
      authorize(actor, p)
      return 'allowed'
    } catch (error) {
      assert.ok(error instanceof AppError)
      return `${error.status} ${error.code}`
    }
  }
  assert.equal(codeOf({ kind: 'visitor' }, 'console.enter'), '401 ACCESS_LOGIN_REQUIRED')
  assert.equal(codeOf({ kind: 'visitor', guestKey: 'k'.repeat(20) }, 'order.read'), '401 ACCESS_LOGIN_REQUIRED')
  assert.equal(codeOf(member('member'), 'console.enter'), '403 ACCESS_FORBIDDEN')
  assert.equal(codeOf(member('editor'), 'order.refund'), '403 ACCESS_FORBIDDEN')
  assert.equal(codeOf(member('author'), 'post.publish'), '403 ACCESS_FORBIDDEN')
  for (const p of ALL) {
    assert.equal(codeOf({ kind: 'operator', name: 'root' }, p), 'allowed')
    assert.equal(codeOf({ kind: 'system', job: 'expire-orders' }, p), 'allowed')
  }
})

test('every role the accounts know is in the table, and every permission names only known roles', () => {
  for (const roles of Object.values(PERMISSIONS)) for (const r of roles) assert.ok((ROLES as readonly string[]).includes(r), r)
})

test('the journal names staff by role, id and name, a reader by id, and the shell and jobs by what they are', () => {
  assert.equal(actorLabel(member('admin')), 'admin:7:zhang')
  assert.equal(actorLabel(member('member')), 'member:7')
  assert.equal(actorLabel({ kind: 'visitor' }), 'guest')
  assert.equal(actorLabel({ kind: 'operator', name: 'root' }), 'operator:root')
  assert.equal(actorLabel({ kind: 'system', job: 'demo-seed' }), 'system:demo-seed')
})
