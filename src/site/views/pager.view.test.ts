import { test } from 'node:test'
import assert from 'node:assert/strict'
import { buildPager } from './pager.view.ts'

test('a pager shows the first, last and neighbouring pages with gaps', () => {
  const pager = buildPager(6, 20, (n) => `/x?page=${n}`)
  assert.ok(pager)
  assert.deepEqual(
    pager.pages.map((p) => (p.gap ? '…' : String(p.number))),
    ['1', '…', '4', '5', '6', '7', '8', '…', '20'],
  )
  assert.equal(pager.prev_url, '/x?page=5')
  assert.equal(pager.next_url, '/x?page=7')
})

test('one page needs no pager', () => {
  assert.equal(buildPager(1, 1, String), null)
})
