/**
 * Builds the output segments while the splitter walks the HTML tree. It keeps the
 * stack of open elements, so that at a boundary every open element is closed and
 * then reopened in the next segment: both sides stay well-formed. An element that
 * received nothing but white space in a segment is dropped from that segment.
 */
export type SegmentKind = 'free' | 'paid'

export interface RawSegment {
  kind: SegmentKind
  page: number
  html: string
  /** the segment's text, as a reader sees it */
  text: string
}

interface Frame {
  tag: string
  openTag: string
  /** index in `parts` where this element was opened in the current segment */
  openedAt: number
  hasContent: boolean
}

export class SegmentBuilder {
  readonly segments: RawSegment[] = []
  private parts: string[] = []
  private texts: string[] = []
  private readonly stack: Frame[] = []
  private kind: SegmentKind = 'free'
  private page = 1

  get state(): { kind: SegmentKind; page: number } {
    return { kind: this.kind, page: this.page }
  }

  open(tag: string, openTag: string): void {
    this.stack.push({ tag, openTag, openedAt: this.parts.length, hasContent: false })
    this.parts.push(openTag)
  }

  close(): void {
    const frame = this.stack.pop()
    if (!frame) throw new Error('segment builder: close without open')
    this.closeFrame(frame, this.stack[this.stack.length - 1])
  }

  /** A void element (img, br, hr): `solid` ones count as content on their own. */
  void(html: string, solid: boolean): void {
    this.parts.push(html)
    if (solid) this.markContent()
  }

  text(escaped: string, raw: string, blank: boolean): void {
    if (escaped === '') return
    this.parts.push(escaped)
    this.texts.push(raw)
    if (!blank) this.markContent()
  }

  /** Moves to another kind and/or page: closes every open element here and reopens it there. */
  boundary(kind: SegmentKind, page: number): void {
    if (kind === this.kind && page === this.page) return
    for (let i = this.stack.length - 1; i >= 0; i--) this.closeFrame(this.stack[i] as Frame, this.stack[i - 1])
    this.flush()
    this.kind = kind
    this.page = page
    for (const frame of this.stack) {
      frame.openedAt = this.parts.length
      frame.hasContent = false
      this.parts.push(frame.openTag)
    }
  }

  finish(): RawSegment[] {
    if (this.stack.length) throw new Error('segment builder: unclosed elements at finish')
    this.flush()
    return this.segments
  }

  private markContent(): void {
    const top = this.stack[this.stack.length - 1]
    if (top) top.hasContent = true
  }

  private closeFrame(frame: Frame, parent: Frame | undefined): void {
    if (!frame.hasContent) {
      this.parts.length = frame.openedAt
      return
    }
    this.parts.push(`</${frame.tag}>`)
    if (parent) parent.hasContent = true
  }

  private flush(): void {
    const html = this.parts.join('')
    const text = this.texts.join('')
    this.parts = []
    this.texts = []
    if (html.trim() === '') return
    const last = this.segments[this.segments.length - 1]
    if (last && last.kind === this.kind && last.page === this.page) {
      last.html += html
      last.text += text
    } else this.segments.push({ kind: this.kind, page: this.page, html, text })
  }
}
