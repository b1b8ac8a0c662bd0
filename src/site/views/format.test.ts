import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatCount, formatDate, isoDay } from './format.ts'

test('dates are shown in China time in both locales', () => {
  // 2026-11-27 20:30 UTC is already the 28th in Beijing
  assert.equal(formatDate('2026-11-27T20:30:00.000Z', 'zh-CN'), '2026年11月28日')
  assert.equal(formatDate('2026-11-27T20:30:00.000Z', 'en'), 'Nov 28, 2026')
  assert.equal(isoDay('2026-11-27T20:30:00.000Z'), '2026-11-28')
  assert.equal(formatDate('2026-01-01T00:00:00.000Z', 'zh-CN'), '2026年1月1日')
  assert.equal(formatDate(null, 'zh-CN'), '')
})

test('counts are grouped by thousands', () => {
  assert.equal(formatCount(1234567, 'zh-CN'), '1,234,567')
  assert.equal(formatCount(999, 'en'), '999')
})
