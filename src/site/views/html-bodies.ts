import { randomBytes } from 'node:crypto'
import type { ReadablePage } from '../../paywall/index.ts'

// A per-process nonce: no stored text or model value can hold a slot by chance or on purpose.
const NONCE = randomBytes(12).toString('base64url')
const SLOT = new RegExp(`\u0000${NONCE}:(\\d+)\u0000`, 'g')
const EMPTY = new Uint8Array(0)

/**
 * Pages whose long bodies (a post's segments) stay the UTF-8 bytes read from
 * the database: the template gets a slot string in each body's place, and the
 * rendered page is joined with the bodies as bytes. Decoding the bodies into
 * strings and encoding the page again cost more than the database read
 * (BENCHMARKS.md).
 */
export class PageBodies {
  readonly bodies: Uint8Array[] = []

  /** the string a template prints where this body goes */
  slot(body: Uint8Array): string {
    this.bodies.push(body)
    return `\u0000${NONCE}:${this.bodies.length - 1}\u0000`
  }

  /** a readable page whose HTML is slots, for the view model */
  slotted(readable: ReadablePage<Uint8Array>): ReadablePage {
    return { ...readable, segments: readable.segments.map((s) => (s.kind === 'locked' ? s : { ...s, html: this.slot(s.html) })) }
  }

  /** the rendered page as UTF-8 with every slot filled by its body: one buffer, written once */
  join(rendered: string): Buffer {
    const pieces: Array<string | Uint8Array> = []
    let size = 0
    let from = 0
    for (const match of rendered.matchAll(SLOT)) {
      const text = rendered.slice(from, match.index)
      const body = this.bodies[Number(match[1])] ?? EMPTY
      pieces.push(text, body)
      size += Buffer.byteLength(text) + body.byteLength
      from = match.index + match[0].length
    }
    const rest = rendered.slice(from)
    pieces.push(rest)
    size += Buffer.byteLength(rest)
    const out = Buffer.allocUnsafeSlow(size)
    let at = 0
    for (const piece of pieces) {
      if (typeof piece === 'string') at += out.write(piece, at)
      else {
        out.set(piece, at)
        at += piece.byteLength
      }
    }
    return out
  }
}
