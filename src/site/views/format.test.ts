import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatClock, formatCount, formatDate, formatDiscount, isoDay } from './format.ts'

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

test('a VIP discount reads as 折 in Chinese and % off in English', () => {
  assert.equal(formatDiscount(20, 'zh-CN'), '8折')
  assert.equal(formatDiscount(15, 'zh-CN'), '8.5折')
  assert.equal(formatDiscount(5, 'zh-CN'), '9.5折')
  assert.equal(formatDiscount(50, 'zh-CN'), '5折')
  assert.equal(formatDiscount(20, 'en'), '20% off')
})

test('an order expires at a China-time clock time', () => {
  assert.equal(formatClock('2026-12-07T23:30:00.000Z'), '07:30')
  assert.equal(formatClock('2026-12-07T01:05:59.000Z'), '09:05')
})
