import { randomInt } from 'node:crypto'

/**
 * Order numbers: Beijing date and time (readers read them to support staff over
 * the phone, so digits only), then 10 random digits, so one cannot guess a
 * neighbour's order from one's own. 24 characters; the unique index settles
 * the one-in-ten-billion collision.
 */
export function newOrderNo(at: Date): string {
  const beijing = new Date(at.getTime() + 8 * 3600_000).toISOString()
  const stamp = beijing.slice(0, 19).replace(/\D/g, '')
  return stamp + String(randomInt(0, 100_000)).padStart(5, '0') + String(randomInt(0, 100_000)).padStart(5, '0')
}

/**
 * A provider-side number for the n-th payment attempt of an order (WeChat and
 * Alipay allow 6–32 of [A-Za-z0-9_-]): switching providers or re-creating an
 * expired link needs a fresh number, and the suffix keeps them apart.
 */
export function outTradeNo(orderNo: string, attempt: number): string {
  return `${orderNo}A${String(attempt).padStart(2, '0')}`
}

/** A refund's number: the order's and a sequence, unique and idempotent at the provider. */
export function refundNo(orderNo: string, sequence: number): string {
  return `${orderNo}R${String(sequence).padStart(2, '0')}`
}
