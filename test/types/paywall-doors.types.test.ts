import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import type { Entitlement, IndexTextGrant, PaidReader } from '../../src/paywall/index.ts'
import { readIndexText } from '../../src/paywall/index.ts'
import type { Db, Trx } from '../../src/platform/db/database.ts'

/*
 * The doors to paid text, proven by the compiler: every line marked
 * @ts-expect-error must fail to type-check (tsc reports an unused directive when a
 * door opens), and `npm test` runs tsc. The function is never called: its body
 * is only there to be compiled.
 */
export function doorsThatDoNotCompile(db: Db, trx: Trx, reader: PaidReader, anything: any, app: App, grant: IndexTextGrant, entitlement: Entitlement) {
  // @ts-expect-error the paid segments are not in the public handle
  void db.selectFrom('post_paid_segments')
  // @ts-expect-error nor the source bodies, which hold the paid text too
  void db.selectFrom('post_sources')
  // @ts-expect-error nor their earlier versions
  void db.selectFrom('post_revisions')
  // @ts-expect-error nor in a transaction on it
  void trx.selectFrom('post_paid_segments')
  // @ts-expect-error nor as a join
  void db.selectFrom('posts').innerJoin('post_paid_segments', 'post_paid_segments.post_id', 'posts.id')
  // @ts-expect-error a plain object is not an Entitlement
  void reader.readPaidSegments({ postId: 1, reason: 'staff' })
  // @ts-expect-error nor is `any`
  void reader.readPaidSegments(anything)
  // @ts-expect-error nor for the byte form
  void reader.readPaidSegmentBytes(anything, 1)
  // @ts-expect-error the app holds the public handle only: no full handle on the Fastify instance
  void app.services.handle.full
  // @ts-expect-error the index-text reader needs its capability
  void readIndexText({}, [1])
  // @ts-expect-error … which `any` is not
  void readIndexText(anything as unknown as { readonly grant: true }, [1])
  // the doors open with what the rules give
  void reader.readPaidSegments(entitlement)
  void readIndexText(grant, [1])
}

test('the type-level doors are checked by tsc (npm test runs it first)', () => {
  assert.equal(typeof doorsThatDoNotCompile, 'function')
})
