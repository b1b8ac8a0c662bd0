import type { Cents } from '../shared/money.ts'

/** `trashed`: in the trash (回收站), off the site, restorable to the status it had */
export type PostStatus = 'draft' | 'published' | 'hidden' | 'trashed'
export type PostAccess = 'members' | 'vip'
export const POST_FLAGS = ['top', 'hot', 'recommend', 'new'] as const
export type PostFlag = (typeof POST_FLAGS)[number]

/** A post as the public sees it: no body, only what was derived from free text. */
export interface Post {
  id: number
  channelId: number
  title: string
  slug: string
  coverUrl: string | null
  description: string
  price: Cents
  access: PostAccess
  vipLevel: number
  status: PostStatus
  flags: PostFlag[]
  weight: number
  authorId: number | null
  publishedAt: string | null
  createdAt: string
  updatedAt: string
  viewCount: number
  wordCount: number
  freeCharCount: number
  paidCharCount: number
  pageCount: number
  paidRegionCount: number
  /** this post's own automatic-preview share (priced posts without markers); null: the site's */
  previewShare: number | null
  /** in name order */
  tags: PostTagRef[]
}

/** A tag as a post lists it: its name, and the slug its page is found by. */
export interface PostTagRef {
  name: string
  slug: string
}

/** One piece of a page, in order: free HTML (text, or UTF-8 bytes for a response), or the place of a paid region. */
export type PostSegment<H extends string | Uint8Array = string> =
  { kind: 'free'; position: number; page: number; html: H; charCount: number } | { kind: 'paid'; position: number; page: number; charCount: number }

export function isPaidPost(post: Pick<Post, 'paidRegionCount'>): boolean {
  return post.paidRegionCount > 0
}
