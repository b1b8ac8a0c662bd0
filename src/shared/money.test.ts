import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatYuan, parseYuan } from './money.ts'

test('yuan text becomes exact 分', () => {
  assert.equal(parseYuan('9.90'), 990)
  assert.equal(parseYuan('9.9'), 990)
  assert.equal(parseYuan('12'), 1200)
  assert.equal(parseYuan('0.01'), 1)
  assert.equal(parseYuan('0.1'), 10)
  assert.equal(parseYuan('-1'), undefined)
  assert.equal(parseYuan('1.234'), undefined)
  assert.equal(parseYuan('abc'), undefined)
})

test('分 are shown as ¥ with two decimals and thousands separators', () => {
  assert.equal(formatYuan(1200), '¥12.00')
  assert.equal(formatYuan(5), '¥0.05')
  assert.equal(formatYuan(123456789), '¥1,234,567.89')
})
