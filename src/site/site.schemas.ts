import { Type } from 'typebox'

export const PageQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
})

export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 200 }) })

export const SitemapParams = Type.Object({ n: Type.Integer({ minimum: 1, maximum: 100_000 }) })
