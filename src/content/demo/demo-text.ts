import { CLOSINGS, OPENINGS, POINTS, SENTENCES, TITLE_PATTERNS, TOPICS } from './demo-corpus.ts'

/** mulberry32: a small seeded PRNG, so the demo and the benchmark are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface ComposeOptions {
  /** wrap part of the body in paid markers */
  paid: boolean
  /** how many ##pagebreak## pages (1 = none) */
  pages: number
  /** rough body length in characters */
  chars: number
  /** "$$" instead of "##" markers */
  dollarMarkers?: boolean
  /** two paid regions instead of one */
  twoRegions?: boolean
  /** add a "（2篇）" line under the title */
  countLine?: boolean
  /** the title patterns to pick from ({topic}, {year}): a channel's own kinds of writing; all of them when unset */
  titles?: readonly string[]
}

export interface ComposedPost {
  title: string
  topic: string
  tags: string[]
  /** the whole file in the sample's format: title line(s), then 　　-indented paragraphs */
  text: string
}

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T

export function composePost(rng: () => number, options: ComposeOptions): ComposedPost {
  const topic = pick(rng, TOPICS)
  const year = 2022 + Math.floor(rng() * 4)
  const title = pick(rng, options.titles ?? TITLE_PATTERNS)
    .replace('{topic}', topic.key)
    .replace('{year}', String(year))
  const paragraphs: string[] = [pick(rng, OPENINGS).replace('{topic}', topic.key)]
  let size = paragraphs[0]?.length ?? 0
  while (size < options.chars) {
    const parts = [pick(rng, POINTS).replace('{word}', pick(rng, topic.words))]
    const n = 2 + Math.floor(rng() * 4)
    for (let i = 0; i < n; i++) parts.push(pick(rng, SENTENCES))
    const p = parts.join('')
    paragraphs.push(p)
    size += p.length
  }
  paragraphs.push(pick(rng, CLOSINGS))
  const lines = paragraphs.map((p) => `　　${p}`)
  if (options.pages > 1) {
    const step = Math.max(1, Math.floor(lines.length / options.pages))
    for (let k = options.pages - 1; k >= 1; k--) lines.splice(k * step, 0, '##pagebreak##')
  }
  if (options.paid) {
    const [b, e] = options.dollarMarkers ? ['$$paidbegin$$', '$$paidend$$'] : ['##paidbegin##', '##paidend##']
    const contentLines = lines.map((l, i) => (l.startsWith('　　') ? i : -1)).filter((i) => i >= 0)
    const startAt = contentLines[Math.max(1, Math.floor(contentLines.length * 0.35))] ?? lines.length - 1
    if (options.twoRegions) {
      const mid = contentLines[Math.floor(contentLines.length * 0.6)] ?? startAt
      const resume = contentLines[Math.floor(contentLines.length * 0.75)] ?? mid
      lines[resume] = `${b}${(lines[resume] ?? '').replace(/^　　/, '')}`
      lines.splice(mid, 0, e)
    }
    // the sample's way: the marker opens a text line, the end marker stands alone on the last line
    lines[startAt] = `${b}${(lines[startAt] ?? '').replace(/^　　/, '')}`
    lines.push(e)
  }
  const head = options.countLine ? [title, '（2篇）'] : [title]
  const tags = [topic.key, pick(rng, topic.words.slice(1))]
  return { title: options.countLine ? `${title}（2篇）` : title, topic: topic.key, tags: [...new Set(tags)], text: [...head, ...lines].join('\n') + '\n' }
}
