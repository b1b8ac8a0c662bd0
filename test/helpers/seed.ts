import type { App } from '../../src/app.ts'
import type { SavePostInput } from '../../src/content/index.ts'
import type { Cents } from '../../src/shared/money.ts'

/** Saves a post through the real post service (compiler included). */
export async function seedPost(app: App, input: Partial<SavePostInput> & { slug: string; source: string; format?: 'html' | 'text' | 'markdown' }) {
  const { source, format, ...rest } = input
  return app.services.posts.savePost({
    title: `标题 ${input.slug}`,
    channelSlug: 'speeches',
    price: 0 as Cents,
    publishedAt: '2026-11-01T00:00:00.000Z',
    ...rest,
    body: { source, format: format ?? 'html' },
  })
}
