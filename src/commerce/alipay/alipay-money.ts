/** 1234 → "12.34": Alipay amounts are yuan strings with two decimals; we keep integer 分. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`bad amount ${fen}`)
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** "12.34" → 1234; anything but a plain decimal with at most two places (12.345, 1e3, " 12", -1) is undefined. */
export function yuanToFen(text: unknown): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(String(text))
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined
}

/** Beijing wall-clock time "yyyy-MM-dd HH:mm:ss", whatever the server's time zone (the SDK uses local time). */
export function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}
