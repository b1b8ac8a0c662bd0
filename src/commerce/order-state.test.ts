import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { OrderState } from './order.ts'
import { nextState, ORDER_TRANSITIONS, sourcesOf, type OrderEvent } from './order-state.ts'

const STATES: OrderState[] = ['created', 'paid', 'closed', 'refunded']
const EVENTS = Object.keys(ORDER_TRANSITIONS) as OrderEvent[]

test('the order state machine, every state against every event', () => {
  const table = Object.fromEntries(STATES.map((s) => [s, Object.fromEntries(EVENTS.map((e) => [e, nextState(s, e) ?? '—']))]))
  assert.deepEqual(table, {
    created: { pay: 'paid', expire: 'closed', refund_part: '—', refund_full: '—', bought_twice: '—' },
    paid: { pay: '—', expire: '—', refund_part: 'paid', refund_full: 'refunded', bought_twice: 'refunded' },
    closed: { pay: 'paid', expire: '—', refund_part: '—', refund_full: '—', bought_twice: '—' },
    refunded: { pay: '—', expire: '—', refund_part: '—', refund_full: '—', bought_twice: '—' },
  })
})

test('refunded is final, and nothing returns an order to created', () => {
  for (const e of EVENTS) assert.equal(nextState('refunded', e), undefined)
  for (const s of STATES) for (const e of EVENTS) assert.notEqual(nextState(s, e), 'created')
  assert.deepEqual(sourcesOf('pay'), ['created', 'closed'])
})
