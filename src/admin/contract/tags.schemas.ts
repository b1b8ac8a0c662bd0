import { Type } from 'typebox'

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 })
export const TagIdParams = Type.Object({ id: Id })
export const TagListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 40, description: 'part of the name' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
})
export const TagView = Type.Object({ id: Type.Integer(), name: Type.String(), slug: Type.String(), postCount: Type.Integer() })
export const TagListResponse = Type.Object({ items: Type.Array(TagView), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() })
export const TagResponse = Type.Object({ tag: TagView })
export const TagRenameBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 40 }) })
export const TagMergeBody = Type.Object({
  from: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'the tags to merge away' }),
  into: Id,
})
