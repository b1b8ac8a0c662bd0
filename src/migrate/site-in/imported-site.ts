import type { PostAccess } from '../../content/index.ts'

/**
 * A site read from another engine's export (WordPress's WXR, Ghost's JSON), in
 * our words, before anything is written: what `writeImportedSite` brings in.
 * Each row keeps its `ref` in the old site, so a second run updates it.
 */
export interface ImportedSite {
  source: 'wordpress' | 'ghost'
  /** parents before their children */
  channels: InChannel[]
  authors: InAuthor[]
  posts: InPost[]
  members: InMember[]
  /** the old addresses of each tag's page, by tag name */
  tagPaths: Array<{ name: string; paths: string[] }>
  /** the site's other old addresses (its home, its feeds) and where they go now */
  otherPaths: Array<{ path: string; target: string }>
  /** what the export holds that Inkgate does not bring, counted */
  notBrought: Record<string, number>
  /** rows read and left out, with why */
  skipped: Array<{ kind: string; id: string; reason: string }>
}

export interface InChannel {
  ref: string
  name: string
  /** the old slug; a Chinese or unusable one is made into pinyin */
  slug: string
  parentRef?: string
  description?: string
  paths: string[]
}

/** A writer of the old site: staff (an author) here, without a password until they set one. */
export interface InAuthor {
  ref: string
  username: string
  email: string | null
}

export interface InPost {
  ref: string
  title: string
  slug: string
  channelRef: string
  tags: string[]
  status: 'published' | 'draft' | 'hidden'
  trash: boolean
  publishedAt?: string
  /** HTML with our paid markers where the old site's paywall was */
  html: string
  /** for a price-0 post with paid regions: who reads them (members, or VIP) */
  access?: PostAccess
  /** the author's description of the post, public on the old site (never cut from the body's paid part) */
  description?: string
  coverUrl?: string
  authorRef?: string
  paths: string[]
}

/** A reader of the old site, with the subscription they held (as free-reading VIP ending when it ended). */
export interface InMember {
  ref: string
  email: string
  name: string
  createdAt: string
  vip?: { planName: string; endsAt: string }
}
