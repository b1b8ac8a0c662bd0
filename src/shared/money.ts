/** Money is integer 分 (cents) everywhere; this brand keeps yuan floats out. */
export type Cents = number & { readonly __brand: 'Cents' }

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer amount of cents: ${value}`)
  return value as Cents
}

/** Parses a yuan amount written by a person ("9.9", "9.90", "12") into 分, without floating-point error. */
export function parseYuan(text: string): Cents | undefined {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return undefined
  const fraction = (m[2] ?? '').padEnd(2, '0')
  return cents(Number(m[1]) * 100 + Number(fraction))
}

/** ¥12.00 — the only way money is shown. */
export function formatYuan(amount: Cents | number): string {
  const whole = Math.floor(amount / 100)
  const fraction = String(amount % 100).padStart(2, '0')
  return `¥${groupThousands(whole)}.${fraction}`
}

/** 1234567 → "1,234,567" (toLocaleString is ~50x slower and this runs on every page). */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
