import { api, query } from '../../../lib/api.ts'
import type { Choices, EditablePost, PostList, Preview, SavedPost, SavePost } from '../../../lib/contract.ts'

export interface PostFilters {
  page: number
  pageSize: number
  title?: string
  status?: 'published' | 'draft' | 'hidden'
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
  remove: (slug: string) => api.delete(`/posts/${encodeURIComponent(slug)}`),
  preview: (body: { source: string; price: string; format?: 'html' | 'text' | 'markdown' }) => api.post<Preview>('/preview', body),
  suggestSlug: (title: string) => api.get<{ slug: string }>(`/slug${query({ title })}`),
  choices: (tag?: string) => api.get<Choices>(`/editor-choices${query({ tag })}`),
}
