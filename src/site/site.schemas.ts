import { Type } from 'typebox'

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  /** the order a buyer comes back from: a URL their browser has never cached (the post page ignores it otherwise) */
  order: Type.Optional(Type.String({ pattern: '^\\d{24}$' })),
})

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })

export const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 100_000 }) })
