import { Type } from 'typebox'

/** An uploaded file; `url` is where the site serves it (/media/<key>.<ext>). */
export const MediaView = Type.Object({
  key: Type.String(),
  ext: Type.String(),
  kind: Type.Union([Type.Literal('image'), Type.Literal('file')]),
  mime: Type.String(),
  size: Type.Integer({ description: 'bytes' }),
  name: Type.String(),
  url: Type.String(),
  createdAt: Type.String(),
})
export const MediaKindParam = Type.Union([Type.Literal('image'), Type.Literal('file')], { description: 'image: shown in a page (10 MB); file: an attachment (50 MB)' })
/**
 * The upload's body, for the API's description: one file in field `file`. The
 * multipart parser reads it as a stream (it is never a parsed body), so the shape
 * is a description only: a type would be checked against a body that is not there.
 */
export const MediaUploadBody = {
  content: {
    'multipart/form-data': {
      schema: { description: 'one file, in the field named "file" (its type is read from its bytes)' },
    },
  },
}
export const MediaUploadQuery = Type.Object({ kind: MediaKindParam })
export const MediaUploadResponse = Type.Object({ media: MediaView })
export const MediaListQuery = Type.Object({
  kind: Type.Optional(MediaKindParam),
  before: Type.Optional(Type.String({ maxLength: 40, description: 'the createdAt of the last file of the page before' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  q: Type.Optional(Type.String({ maxLength: 60, description: 'part of the name it was uploaded under' })),
})
export const MediaListItem = Type.Object({
  ...MediaView.properties,
  usedBy: Type.Integer({ description: 'saved posts that use it (body or cover), the site logo counting one' }),
  paid: Type.Boolean({ description: 'a paid region uses it: only entitled readers get it' }),
  uploadedBy: Type.Union([Type.Integer(), Type.Null()]),
})
export const MediaListResponse = Type.Object({ items: Type.Array(MediaListItem) })
export const MediaKeyParams = Type.Object({ key: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) })
export const MediaDeletedResponse = Type.Object({ deleted: Type.Boolean() })
