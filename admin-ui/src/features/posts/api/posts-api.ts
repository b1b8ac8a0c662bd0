import { api, query } from '../../../lib/api.ts'
import type { Choices, EditablePost, MediaItem, PostList, Preview, SavedPost, SavePost } from '../../../lib/contract.ts'

export interface PostFilters {
  page: number
  pageSize: number
  title?: string
  status?: 'published' | 'draft' | 'hidden' | 'trashed'
  paid?: boolean
  channel?: string
  sort?: 'published' | 'updated' | 'price' | 'title' | 'views'
  order?: 'asc' | 'desc'
}

export const postsApi = {
  list: (f: PostFilters) => api.get<PostList>(`/posts${query({ ...f })}`),
  open: (slug: string) => api.get<{ post: EditablePost }>(`/posts/${encodeURIComponent(slug)}`),
  save: (slug: string, body: SavePost) => api.put<SavedPost>(`/posts/${encodeURIComponent(slug)}`, body),
  setStatus: (slug: string, status: 'published' | 'draft' | 'hidden') => api.patch(`/posts/${encodeURIComponent(slug)}`, { status }),
  /** to the trash, or back from it */
  moveTrash: (slug: string, way: 'trash' | 'restore') => api.post(`/posts/${encodeURIComponent(slug)}/${way}`),
  /** deletes a post in the trash for good */
  remove: (slug: string) => api.delete(`/posts/${encodeURIComponent(slug)}`),
  preview: (body: { source: string; price: string; format?: 'html' | 'text' | 'markdown'; previewShare?: number | null }) => api.post<Preview>('/preview', body),
  suggestSlug: (title: string) => api.get<{ slug: string }>(`/slug${query({ title })}`),
  /** an image (shown in the page) or an attachment (downloaded); the server reads its type from its bytes */
  upload: (file: File, kind: 'image' | 'file') => api.upload<{ media: MediaItem }>(`/media${query({ kind })}`, file).then((r) => r.media),
  choices: (tag?: string) => api.get<Choices>(`/editor-choices${query({ tag })}`),
}
