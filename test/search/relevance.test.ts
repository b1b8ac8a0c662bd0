import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { App } from '../../src/app.ts'
import { DOMAIN_TERMS } from '../../src/search/domain-terms.ts'
import { parseTerms } from '../../src/search/index.ts'
import type { Cents } from '../../src/shared/money.ts'
import { buildTestApp, seedChannels } from '../helpers/build-test-app.ts'
import { testDialects } from '../helpers/dialects.ts'
import { seedPost } from '../helpers/seed.ts'
import { RELEVANCE_POSTS, RELEVANCE_QUERIES } from '../fixtures/relevance-corpus.ts'

/*
 * Search quality, checked in CI: the relevance set must reach recall@5 ≥ 0.95,
 * and every term of the domain dictionary must find every post that contains it.
 */
const top = async (app: App, q: string, size = 5) =>
  (await app.inject(`/api/v1/search?q=${encodeURIComponent(q)}&pageSize=${size}`)).json() as { total: number; results: Array<{ post: { slug: string } }> }

for (const dialect of testDialects()) {
  test(`${dialect}: recall@5 of the relevance set is at least 0.95`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    for (const p of RELEVANCE_POSTS) {
      await seedPost(app, { slug: p.slug, title: p.title, tags: p.tags, channelSlug: p.channel, price: p.price as Cents, source: p.html })
    }
    assert.ok(RELEVANCE_QUERIES.length >= 50, `${RELEVANCE_QUERIES.length} queries`)
    let expected = 0
    let found = 0
    const misses: string[] = []
    for (const [q, want] of RELEVANCE_QUERIES) {
      const got = (await top(app, q)).results.map((r) => r.post.slug)
      for (const slug of want.slice(0, 5)) {
        expected++
        if (got.includes(slug)) found++
        else misses.push(`${q} → ${slug} (got ${got.join(', ')})`)
      }
    }
    const recall = found / expected
    t.diagnostic(`recall@5 = ${recall.toFixed(3)} over ${RELEVANCE_QUERIES.length} queries, ${expected} expected posts`)
    if (misses.length) t.diagnostic(`misses: ${misses.join(' | ')}`)
    assert.ok(recall >= 0.95, `recall@5 ${recall.toFixed(3)}; misses:\n${misses.join('\n')}`)
  })

  test(`${dialect}: every domain term finds every post that contains it (recall 1.0)`, async (t) => {
    const app = await buildTestApp(t, { dialect })
    await seedChannels(app)
    const terms = parseTerms(DOMAIN_TERMS)
    // each post uses 12 terms, in different sentence shapes, so jieba sees them in context
    const shapes = ['我们要把{t}作为重点。', '进一步深化{t}工作', '围绕{t}开展', '切实加强{t}，', '关于{t}的几点思考；', '推进{t}取得新成效。']
    const texts: string[] = []
    for (let i = 0; i < terms.length; i += 12) {
      const text = terms
        .slice(i, i + 12)
        .map((term, k) => (shapes[(i / 12 + k) % shapes.length] as string).replace('{t}', term))
        .join('')
      texts.push(text)
      await seedPost(app, { slug: `terms-${i / 12}`, title: `术语文档 ${i / 12}`, source: `<p>${text}</p>` })
    }
    const misses: string[] = []
    for (const term of terms) {
      const want = texts.flatMap((text, n) => (text.includes(term) ? [`terms-${n}`] : []))
      const got = new Set((await top(app, term, 50)).results.map((r) => r.post.slug))
      for (const slug of want) if (!got.has(slug)) misses.push(`${term} → ${slug}`)
    }
    assert.deepEqual(misses, [], `domain terms not found: ${misses.length} of ${terms.length}`)
  })
}
