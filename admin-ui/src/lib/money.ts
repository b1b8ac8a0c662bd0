/** 分 as ¥12.00, with thousands grouped. */
export function yuan(fen: number): string {
  const whole = Math.floor(Math.abs(fen) / 100)
  const rest = String(Math.abs(fen) % 100).padStart(2, '0')
  return `${fen < 0 ? '-' : ''}¥${whole.toLocaleString('en-US')}.${rest}`
}

/** A yuan amount the server accepts: digits with at most two decimals. */
export const YUAN_PATTERN = /^\d{1,9}(\.\d{1,2})?$/
