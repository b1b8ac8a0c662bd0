import type { Db } from '../../platform/db/database.ts'
import type { Cents } from '../../shared/money.ts'
import { insertChannel } from '../channel.repository.ts'
import { parseImportFile } from '../import/parse-import-file.ts'
import type { PostFlag } from '../post.ts'
import type { PostService } from '../post.service.ts'
import { writeSetting } from '../setting.repository.ts'
import { composePost, seededRandom } from './demo-text.ts'
import type { Actor } from '../../platform/access/actor.ts'

const DEMO: Actor = { kind: 'system', job: 'demo-seed' }

const CHANNELS = [
  { slug: 'jianghua', name: '讲话稿', description: '各类会议讲话、研讨发言范文' },
  { slug: 'xinde', name: '心得体会', description: '学习心得、培训体会、读书感悟' },
  { slug: 'zongjie', name: '工作总结', description: '年度总结、半年总结、专项工作汇报' },
] as const

/** Loads the demo site into an empty database: 4 list channels (one under a section) and 32 posts. */
export async function seedDemo(db: Db, posts: PostService, now: Date): Promise<{ channels: number; posts: number }> {
  const existing = await db.selectFrom('channels').select('id').limit(1).executeTakeFirst()
  if (existing) return { channels: 0, posts: 0 }
  const at = now.toISOString()
  const base = { seo_title: '', seo_keywords: '', page_size: 10, vip_level: 0, created_at: at, updated_at: at, link_url: null }
  let weight = 100
  for (const c of CHANNELS) {
    await insertChannel(db, { ...base, parent_id: null, kind: 'list', name: c.name, slug: c.slug, seo_description: c.description, weight: weight-- })
  }
  const section = await insertChannel(db, { ...base, parent_id: null, kind: 'section', name: '党建材料', slug: 'dangjian', seo_description: '党建工作相关材料', weight: weight-- })
  await insertChannel(db, { ...base, parent_id: section, kind: 'list', name: '党课讲稿', slug: 'dangke', seo_description: '专题党课讲稿范文', weight: weight-- })
  await insertChannel(db, { ...base, parent_id: null, kind: 'link', name: '写作指南', slug: 'guide', seo_description: '', weight: weight--, link_url: '/p/demo-guide' })
  await writeSetting(db, 'icp', '京ICP备00000000号-1')

  const rng = seededRandom(20261127)
  const slugs = ['jianghua', 'xinde', 'zongjie', 'dangke']
  const count = 32
  for (let i = 0; i < count; i++) {
    const kind = i % 4 // 0 paid with markers, 1 free, 2 paid without markers (automatic preview), 3 paid, paginated
    const composed = composePost(rng, {
      paid: kind === 0 || kind === 3,
      pages: kind === 3 ? 3 : 1,
      chars: 900 + Math.floor(rng() * 2400),
      dollarMarkers: i % 8 === 0,
      twoRegions: i % 6 === 0,
      countLine: i % 5 === 0,
    })
    const flags: PostFlag[] = []
    if (i % 3 === 0) flags.push('recommend')
    if (i % 4 === 1) flags.push('hot')
    if (i < 4) flags.push('new')
    if (i === 5) flags.push('top')
    const input = parseImportFile(`demo-${String(i + 1).padStart(3, '0')}.txt`, composed.text, {
      channelSlug: slugs[i % slugs.length] as string,
      price: (kind === 1 ? 0 : [290, 590, 990, 1990][i % 4]) as Cents,
    })
    await posts.savePost(DEMO, { ...input, flags, tags: composed.tags, publishedAt: new Date(now.getTime() - (count - i) * 3_600_000 * 7).toISOString() })
  }
  await posts.savePost(DEMO, {
    slug: 'demo-guide',
    title: '如何在墨门发布付费范文',
    channelSlug: 'xinde',
    price: 0 as Cents,
    tags: ['写作指南'],
    publishedAt: new Date(now.getTime() - 3_600_000).toISOString(),
    body: {
      format: 'markdown',
      source: [
        '把正文写成纯文本、Markdown 或 HTML，在需要收费的段落前后加上标记：',
        '',
        '- 付费内容用“开始标记”和“结束标记”包起来：英文单词 paidbegin 与 paidend，两边各加两个井号（或两个美元符号）。',
        '- 一篇文档可以有多个付费区域；分页标记是 pagebreak，写法相同。',
        '- 设置了价格却没有标记的文档，开头约三成自动作为试读。',
        '',
        '导入命令：`npx inkgate import 文件或文件夹 --channel 栏目别名 --price 9.90`。',
      ].join('\n'),
    },
  })
  return { channels: CHANNELS.length + 3, posts: count + 1 }
}
