import { test } from 'node:test'
import assert from 'node:assert/strict'
import { LruCache } from './lru-cache.ts'

test('the least recently used entry goes first', () => {
  const cache = new LruCache<number>(2)
  cache.set('a', 1)
  cache.set('b', 2)
  cache.get('a')
  cache.set('c', 3)
  assert.equal(cache.get('b'), undefined)
  assert.equal(cache.get('a'), 1)
  assert.equal(cache.get('c'), 3)
  cache.delete('a')
  assert.equal(cache.get('a'), undefined)
  cache.clear()
  assert.equal(cache.size, 0)
})

test('a cache of size 0 keeps nothing', () => {
  const cache = new LruCache<number>(0)
  cache.set('a', 1)
  assert.equal(cache.get('a'), undefined)
})
