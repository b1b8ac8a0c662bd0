import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Doorkeeper } from './doorkeeper.ts'

test('a key gets in on its second request, while it is remembered', () => {
  const door = new Doorkeeper(2)
  assert.equal(door.admit('/a'), false)
  assert.equal(door.admit('/a'), true)
  assert.equal(door.admit('/b'), false)
  assert.equal(door.admit('/c'), false) // a new generation: /a and /b are still remembered
  assert.equal(door.admit('/a'), true)
  assert.equal(door.admit('/d'), false)
  assert.equal(door.admit('/e'), false) // another: the oldest generation (/a, /b) is forgotten
  assert.equal(door.admit('/b'), false)
})
