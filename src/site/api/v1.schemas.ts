import { Type, type Static } from 'typebox'

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ path: Type.String(), rule: Type.String() }))),
  }),
})

export const PostSummary = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  url: Type.String(),
  description: Type.String(),
  channel: Type.Object({ slug: Type.String(), name: Type.String() }),
  tags: Type.Optional(Type.Array(Type.Object({ slug: Type.String(), name: Type.String() }))),
  flags: Type.Array(Type.String()),
  coverUrl: Type.Union([Type.String(), Type.Null()]),
  price: Type.Integer({ description: 'price in 分 (cents)' }),
  priceText: Type.String(),
  isPaid: Type.Boolean(),
  wordCount: Type.Integer(),
  paidCharCount: Type.Integer(),
  pageCount: Type.Integer(),
  viewCount: Type.Integer(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
})
export type PostSummary = Static<typeof PostSummary>

export const Segment = Type.Union([
  Type.Object({ kind: Type.Literal('free'), html: Type.String(), charCount: Type.Integer() }),
  Type.Object({ kind: Type.Literal('locked'), charCount: Type.Integer(), priceText: Type.String() }),
  // only for a viewer with an entitlement; the response is then private, no-store
  Type.Object({ kind: Type.Literal('paid'), html: Type.String(), charCount: Type.Integer() }),
])

export const PostDetailResponse = Type.Object({
  post: PostSummary,
  page: Type.Object({ number: Type.Integer(), count: Type.Integer(), segments: Type.Array(Segment) }),
  paywall: Type.Object({
    isPaid: Type.Boolean(),
    price: Type.Integer(),
    priceText: Type.String(),
    paidCharCount: Type.Integer(),
    regionCount: Type.Integer(),
    canRead: Type.Boolean(),
  }),
})

export const PostListQuery = Type.Object({
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
})

export const PostListResponse = Type.Object({
  items: Type.Array(PostSummary),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  pages: Type.Integer(),
})

export const ChannelItem = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  url: Type.String(),
  description: Type.String(),
})
export const ChannelListResponse = Type.Object({ items: Type.Array(ChannelItem) })

export const PostParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })
export const PostPageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })

/** The OpenAPI document itself: passed through as generated. */
export const OpenApiDocument = Type.Object({ openapi: Type.String() }, { additionalProperties: true })

export const SearchQuery = Type.Object({
  q: Type.String({ maxLength: 400, description: 'words to find; "quoted phrase", -excluded, a OR b' }),
  channel: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  price: Type.Optional(Type.Union([Type.Literal('free'), Type.Literal('paid')])),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest'), Type.Literal('views')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})

export const SearchResponse = Type.Object({
  query: Type.String({ description: 'the query as understood' }),
  total: Type.Integer(),
  totalIsLowerBound: Type.Boolean({ description: 'true when more than `total` posts matched (totals are counted up to 1000)' }),
  page: Type.Integer(),
  pages: Type.Integer(),
  results: Type.Array(
    Type.Object({
      post: PostSummary,
      titleHtml: Type.String({ description: 'escaped title, matches in <mark>' }),
      snippetHtml: Type.String({ description: 'escaped free text around the matches, matches in <mark>' }),
      matchedPaidContent: Type.Boolean({ description: 'matched by paid text only: snippetHtml is the free description' }),
    }),
  ),
  facets: Type.Object({
    channels: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() })),
    tags: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() })),
    sampled: Type.Boolean(),
  }),
  alternatives: Type.Array(Type.String(), { description: 'when nothing matched: parts of the query that find posts alone' }),
})

export const SuggestQuery = Type.Object({ q: Type.String({ maxLength: 100 }) })
export const SuggestResponse = Type.Object({
  titles: Type.Array(Type.Object({ title: Type.String(), titleHtml: Type.String(), url: Type.String() })),
  tags: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
})
export const HotResponse = Type.Object({ queries: Type.Array(Type.Object({ query: Type.String(), url: Type.String() })) })
