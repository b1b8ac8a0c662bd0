import { randomBytes } from 'node:crypto'
import type { ReadablePage } from '../../paywall/index.ts'

// A per-process nonce: no stored text or model value can hold a slot by chance or on purpose.
const NONCE = randomBytes(12).toString('base64url')
const SLOT = new RegExp(`\u0000${NONCE}:(\\d+)\u0000`, 'g')
const EMPTY = new Uint8Array(0)
// one per process: a page is joined synchronously, so no two joins share it at once
const scratch = Buffer.allocUnsafeSlow(256 * 1024)

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

  /**
   * The rendered page as UTF-8 with every slot filled by its body. Written once into
   * a scratch buffer large enough for any encoding (3 bytes per UTF-16 unit at most),
   * then copied into a buffer of the exact size: measuring each piece's UTF-8 length
   * first cost as much as encoding it.
   */
  join(rendered: string): Buffer {
    let bound = rendered.length * 3
    for (const body of this.bodies) bound += body.byteLength
    // a page too long for the scratch buffer gets one of its own (the scratch stays 256 KB)
    const into = bound <= scratch.byteLength ? scratch : Buffer.allocUnsafeSlow(bound)
    let at = 0
    let from = 0
    for (const match of rendered.matchAll(SLOT)) {
      at += into.write(rendered.slice(from, match.index), at)
      const body = this.bodies[Number(match[1])] ?? EMPTY
      into.set(body, at)
      at += body.byteLength
      from = match.index + match[0].length
    }
    at += into.write(rendered.slice(from), at)
    const out = Buffer.allocUnsafeSlow(at)
    into.copy(out, 0, 0, at)
    return out
  }
}
