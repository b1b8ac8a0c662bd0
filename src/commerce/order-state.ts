import type { OrderState } from './order.ts'

/**
 * The order state machine as a table (DESIGN.md, payments/reference 5.3): for each
 * event, the states it may start from and the state it leads to. The services do
 * each transition as one compare-and-set UPDATE from a state listed here; nothing
 * else moves an order.
 *
 *   created ──pay──▶ paid ──refund_full / bought_twice──▶ refunded
 *      │               └──refund_part──▶ paid (less left to refund)
 *      └──expire──▶ closed ──pay (late, flagged)──▶ paid
 */
export const ORDER_TRANSITIONS = {
  /** a verified payment; from closed it is a late payment, fulfilled and flagged */
  pay: { created: 'paid', closed: 'paid' },
  /** the deadline passed with no payment */
  expire: { created: 'closed' },
  /** staff refund part of what was paid */
  refund_part: { paid: 'paid' },
  /** staff refund the rest */
  refund_full: { paid: 'refunded' },
  /** paid for a post the buyer already held: the money goes back at once */
  bought_twice: { paid: 'refunded' },
} as const satisfies Record<string, Partial<Record<OrderState, OrderState>>>

export type OrderEvent = keyof typeof ORDER_TRANSITIONS

/** Where `event` takes an order in `from`, or undefined when it may not happen there. */
export function nextState(from: OrderState, event: OrderEvent): OrderState | undefined {
  return (ORDER_TRANSITIONS[event] as Partial<Record<OrderState, OrderState>>)[from]
}

/** The states `event` may start from, in the table's order. */
export function sourcesOf(event: OrderEvent): OrderState[] {
  return Object.keys(ORDER_TRANSITIONS[event]) as OrderState[]
}
