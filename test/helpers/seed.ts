import type { App } from '../../src/app.ts'
import type { SavePostInput } from '../../src/content/index.ts'
import type { Cents } from '../../src/shared/money.ts'
import type { Actor } from '../../src/platform/access/actor.ts'

/** Tests write their fixtures as a job of the server would: with every right. */
export const TEST_ACTOR: Actor = { kind: 'system', job: 'test' }

/** Saves a post through the real post service (compiler included). */
export async function seedPost(app: App, input: Partial<SavePostInput> & { slug: string; source: string; format?: 'html' | 'text' | 'markdown' }) {
  const { source, format, ...rest } = input
  return app.services.posts.savePost(TEST_ACTOR, {
    title: `标题 ${input.slug}`,
    channelSlug: 'speeches',
    price: 0 as Cents,
    publishedAt: '2026-11-01T00:00:00.000Z',
    ...rest,
    body: { source, format: format ?? 'html' },
  })
}
