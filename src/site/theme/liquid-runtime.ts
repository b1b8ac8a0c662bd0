/**
 * What compiled templates call at run time. Each helper mirrors LiquidJS with the
 * options theme-engine.ts sets (escaped output, own properties only, Liquid truthiness).
 */
const BLANK = Symbol('blank')
const EMPTY = Symbol('empty')
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' }

function read(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'object' && Object.hasOwn(value, key)) return (value as Record<string, unknown>)[key]
  if (key === 'size') {
    if (typeof value === 'string' || Array.isArray(value)) return value.length
    if (typeof value === 'object') return Object.keys(value).length
    return undefined
  }
  if (Array.isArray(value)) {
    if (key === 'first') return value[0]
    if (key === 'last') return value[value.length - 1]
  }
  return undefined
}

function isBlank(v: unknown): boolean {
  if (v === false || v === null || v === undefined) return true
  if (typeof v === 'string') return v.trim() === ''
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return Object.keys(v).length === 0
  return false
}

function isEmpty(v: unknown): boolean {
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0
  if (v !== null && typeof v === 'object') return Object.keys(v).length === 0
  return false
}

function equals(a: unknown, b: unknown): boolean {
  if (a === BLANK) return isBlank(b)
  if (b === BLANK) return isBlank(a)
  if (a === EMPTY) return isEmpty(b)
  if (b === EMPTY) return isEmpty(a)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]))
  return a === b
}

function str(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (Array.isArray(v)) return v.map(str).join('')
  return String(v)
}

export const runtime = {
  BLANK,
  EMPTY,
  /** LiquidJS's forloop: the same fields (own properties, so templates read them), the same name "var-collection" */
  forloop: (i: number, length: number, name: string) => ({ length, name, index: i + 1, index0: i, first: i === 0, last: i === length - 1, rindex: length - i, rindex0: length - i - 1 }),
  prop(value: unknown, path: string[]): unknown {
    let v = value
    for (const key of path) v = read(v, key)
    return v
  },
  truthy: (v: unknown) => v !== false && v !== null && v !== undefined,
  cmp(op: string, a: unknown, b: unknown): boolean {
    switch (op) {
      case '==':
        return equals(a, b)
      case '!=':
      case '<>':
        return !equals(a, b)
      case 'contains':
        return typeof a === 'string' ? a.includes(str(b)) : Array.isArray(a) ? a.some((x) => equals(x, b)) : false
    }
    if (a === null || a === undefined || b === null || b === undefined || typeof a === 'symbol' || typeof b === 'symbol') return false
    const [x, y] = [a as number, b as number]
    return op === '>' ? x > y : op === '<' ? x < y : op === '>=' ? x >= y : x <= y
  },
  str,
  esc: (v: unknown) => str(v).replace(/[&<>"']/g, (c) => ESCAPES[c] as string),
  list: (v: unknown): unknown[] => (Array.isArray(v) ? v : v === null || v === undefined || v === false ? [] : typeof v === 'object' ? Object.entries(v) : [v]),
}
export type Runtime = typeof runtime

/** Variables: for-loop frames first, then assigns, then the model (own properties only). */
export class Scope {
  private readonly frames: Array<Record<string, unknown>> = []
  private readonly assigns: Record<string, unknown> = {}
  constructor(private readonly model: Record<string, unknown>) {}

  get(name: string): unknown {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i] as Record<string, unknown>
      if (Object.hasOwn(f, name)) return f[name]
    }
    if (Object.hasOwn(this.assigns, name)) return this.assigns[name]
    return Object.hasOwn(this.model, name) ? this.model[name] : undefined
  }
  assign(name: string, value: unknown): void {
    this.assigns[name] = value
  }
  push(frame: Record<string, unknown>): void {
    this.frames.push(frame)
  }
  pop(): void {
    this.frames.pop()
  }
}
