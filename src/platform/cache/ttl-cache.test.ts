import assert from 'node:assert/strict'
import { test } from 'node:test'
import { TtlCache } from './ttl-cache.ts'

test('a value is kept for its time to live, then treated as absent', () => {
  let now = 0
  const cache = new TtlCache<string>(10, 1000, () => new Date(now))
  cache.set('a', 'A')
  now = 999
  assert.equal(cache.get('a'), 'A')
  now = 1000
  assert.equal(cache.get('a'), undefined)
  cache.set('a', 'B')
  assert.equal(cache.get('a'), 'B')
})

test('the least recently used entry goes first, and clear drops everything', () => {
  const cache = new TtlCache<number>(2, 60_000, () => new Date(0))
  cache.set('a', 1)
  cache.set('b', 2)
  cache.get('a')
  cache.set('c', 3)
  assert.equal(cache.get('b'), undefined)
  assert.equal(cache.get('a'), 1)
  cache.clear()
  assert.equal(cache.size, 0)
  assert.equal(cache.get('c'), undefined)
})
