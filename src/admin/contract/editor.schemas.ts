import { Type, type Static } from 'typebox'
import { Yuan } from './admin.schemas.ts'

/** The post editor's contract: open a post with its source, preview a body, save, delete. */
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const Status = Type.Union([Type.Literal('published'), Type.Literal('hidden'), Type.Literal('draft')])
const Flag = Type.Union([Type.Literal('top'), Type.Literal('hot'), Type.Literal('recommend'), Type.Literal('new')])
const Format = Type.Union([Type.Literal('html'), Type.Literal('markdown'), Type.Literal('text')])

export const EditablePost = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  channel: Type.String({ description: 'channel slug' }),
  price: Yuan,
  access: Type.Union([Type.Literal('members'), Type.Literal('vip')]),
  vipLevel: Type.Integer(),
  status: Type.Union([Status, Type.Literal('trashed')], { description: 'trashed: in the trash, restored before it is edited' }),
  flags: Type.Array(Flag),
  tags: Type.Array(Type.String()),
  coverUrl: Nullable(Type.String()),
  weight: Type.Integer(),
  publishedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  paidRegionCount: Type.Integer(),
  previewShare: Nullable(Type.Number({ description: "this post's automatic-preview share; null: the site's" })),
  format: Format,
  source: Type.String({ description: 'the body in the paywall markup, the format the importer reads' }),
  customFields: Type.Array(Type.Object({ name: Type.String(), value: Type.String() }), {
    description: "another engine's own columns of the post (a FastAdmin model's fields), as migrated: for its editors only, never shown on the site",
  }),
})
export const EditablePostResponse = Type.Object({ post: EditablePost })

export const SavePostBody = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  channel: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }),
  price: Yuan,
  access: Type.Optional(Type.Union([Type.Literal('members'), Type.Literal('vip')])),
  vipLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
  status: Status,
  flags: Type.Optional(Type.Array(Flag, { maxItems: 4 })),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
  coverUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  weight: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })),
  publishedAt: Type.Optional(Type.String({ format: 'date-time', description: 'a time to come schedules the post' })),
  previewShare: Type.Optional(Nullable(Type.Number({ minimum: 0.05, maximum: 0.9, description: "a priced post without paid markers shows this share free; null: the site's" }))),
  format: Type.Optional(Format),
  source: Type.String({ maxLength: 2_000_000 }),
})
export const Warning = Type.Object({ code: Type.String(), message: Type.String({ description: "in the request's language" }) })
export const SavePostResponse = Type.Object({ post: Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String() }), created: Type.Boolean(), warnings: Type.Array(Warning) })
export const DeletedResponse = Type.Object({ deleted: Type.Boolean() })

export const PreviewBody = Type.Object({
  source: Type.String({ maxLength: 2_000_000 }),
  format: Type.Optional(Format),
  price: Yuan,
  previewShare: Type.Optional(Nullable(Type.Number({ minimum: 0.05, maximum: 0.9 }))),
})
export const PreviewResponse = Type.Object({
  pageCount: Type.Integer(),
  segments: Type.Array(
    Type.Union([Type.Object({ page: Type.Integer(), kind: Type.Literal('free'), html: Type.String() }), Type.Object({ page: Type.Integer(), kind: Type.Literal('paid'), charCount: Type.Integer() })]),
  ),
  freeCharCount: Type.Integer(),
  paidCharCount: Type.Integer(),
  paidRegionCount: Type.Integer(),
  warnings: Type.Array(Warning),
})

export const SlugQuery = Type.Object({ title: Type.String({ maxLength: 200 }) })
export const SlugResponse = Type.Object({ slug: Type.String() })
export const ChoicesQuery = Type.Object({ tag: Type.Optional(Type.String({ maxLength: 40, description: 'part of a tag name' })) })
export const ChoicesResponse = Type.Object({
  channels: Type.Array(Type.Object({ id: Type.Integer(), parentId: Nullable(Type.Integer()), slug: Type.String(), name: Type.String(), kind: Type.String(), vipLevel: Type.Integer() })),
  tags: Type.Array(Type.String()),
})

const DraftPost = Type.String({ pattern: '^([a-z0-9][a-z0-9-]{0,99})?$', description: "the post's slug; empty for a post not saved yet" })
export const DraftQuery = Type.Object({ post: Type.Optional(DraftPost) })
export const DraftBody = Type.Object({
  post: Type.Optional(DraftPost),
  fields: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 40, description: "the editor's other fields, given back as sent" }),
  format: Format,
  source: Type.String({ maxLength: 2_000_000 }),
})
export const DraftResponse = Type.Object({ draft: Type.Object({ fields: Type.Record(Type.String(), Type.Unknown()), format: Format, source: Type.String(), savedAt: Type.String() }) })
export const DraftSavedResponse = Type.Object({ savedAt: Type.String() })

export type EditablePostT = Static<typeof EditablePost>
export type SavePostBodyT = Static<typeof SavePostBody>
export type PreviewResponseT = Static<typeof PreviewResponse>
export type ChoicesResponseT = Static<typeof ChoicesResponse>

export const RevisionParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,99}$' }), id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
export const RevisionListResponse = Type.Object({
  items: Type.Array(Type.Object({ id: Type.Integer(), savedAt: Type.String({ description: 'when this source was replaced' }), savedBy: Type.String(), format: Type.String(), length: Type.Integer() })),
})
export const RevisionResponse = Type.Object({ revision: Type.Object({ id: Type.Integer(), format: Format, source: Type.String(), savedAt: Type.String() }) })
export type RevisionListT = Static<typeof RevisionListResponse>
