export type ChannelKind = 'list' | 'link' | 'section'

export interface Channel {
  id: number
  parentId: number | null
  kind: ChannelKind
  name: string
  slug: string
  linkUrl: string | null
  seoTitle: string
  seoKeywords: string
  seoDescription: string
  weight: number
  pageSize: number
  vipLevel: number
}

/** The whole channel tree, small enough to keep in memory and rebuild on change. */
export interface ChannelTree {
  all: Channel[]
  byId: Map<number, Channel>
  bySlug: Map<string, Channel>
  children(id: number | null): Channel[]
  /** the channel and every channel below it */
  descendantIds(id: number): number[]
  /** root first, the channel itself last */
  ancestry(id: number): Channel[]
}

export function buildChannelTree(channels: Channel[]): ChannelTree {
  const sorted = [...channels].sort((a, b) => b.weight - a.weight || a.id - b.id)
  const byId = new Map(sorted.map((c) => [c.id, c]))
  const bySlug = new Map(sorted.map((c) => [c.slug, c]))
  const kids = new Map<number | null, Channel[]>()
  for (const c of sorted) {
    const parent = c.parentId !== null && byId.has(c.parentId) ? c.parentId : null
    kids.set(parent, [...(kids.get(parent) ?? []), c])
  }
  const children = (id: number | null) => kids.get(id) ?? []
  const descendantIds = (id: number): number[] => {
    const out: number[] = []
    const walk = (cid: number, depth: number) => {
      if (depth > 32) return
      out.push(cid)
      for (const k of children(cid)) walk(k.id, depth + 1)
    }
    walk(id, 0)
    return out
  }
  const ancestry = (id: number): Channel[] => {
    const out: Channel[] = []
    let c = byId.get(id)
    while (c && out.length < 32) {
      out.unshift(c)
      c = c.parentId !== null ? byId.get(c.parentId) : undefined
    }
    return out
  }
  return { all: sorted, byId, bySlug, children, descendantIds, ancestry }
}
