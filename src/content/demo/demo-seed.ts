import type { Db } from '../../platform/db/database.ts'
import type { Cents } from '../../shared/money.ts'
import { insertChannel } from '../channel.repository.ts'
import { parseImportFile } from '../import/parse-import-file.ts'
import type { PostFlag } from '../post.ts'
import type { PostService } from '../post.service.ts'
import { composePost, seededRandom } from './demo-text.ts'
import type { Actor } from '../../platform/access/actor.ts'

const DEMO: Actor = { kind: 'system', job: 'demo-seed' }

const CHANNELS = [
  { slug: 'jianghua', name: '讲话稿', description: '各类会议讲话、研讨发言范文' },
  { slug: 'xinde', name: '心得体会', description: '学习心得、培训体会、读书感悟' },
  { slug: 'zongjie', name: '工作总结', description: '年度总结、半年总结、专项工作汇报' },
] as const

/** each channel's kinds of writing: a demo title says what its channel holds */
const TITLES: Record<'jianghua' | 'xinde' | 'zongjie' | 'dangke', readonly string[]> = {
  jianghua: ['关于{topic}的研讨交流发言', '在{topic}推进会上的讲话', '在{topic}动员部署会上的讲话', '{topic}座谈会发言提纲'],
  xinde: ['{topic}心得体会', '学习{topic}的体会与思考', '{topic}专题培训心得', '{topic}读书班学习感悟'],
  zongjie: ['{year}年{topic}工作总结', '{topic}情况汇报', '{year}年上半年{topic}工作总结', '{topic}调研报告'],
  dangke: ['{topic}专题党课讲稿', '以{topic}为主题的党课讲稿', '{topic}微党课讲稿'],
}

/** Loads the demo site into an empty database: 4 list channels (one under a section) and 32 posts, each titled for its channel. */
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
  // no ICP number: a made-up one would be a false claim on the owner's behalf (站点设置 fills it in)

  const rng = seededRandom(20261127)
  const slugs = ['jianghua', 'xinde', 'zongjie', 'dangke'] as const
  const count = 32
  const titles = new Set<string>()
  for (let i = 0; i < count; i++) {
    const kind = i % 4 // 0 paid with markers, 1 free, 2 paid without markers (automatic preview), 3 paid, paginated
    const channelSlug = slugs[i % slugs.length] as (typeof slugs)[number]
    let composed
    // a title once only: compose again (the seeded generator moves on) until it is new
    do {
      composed = composePost(rng, {
        paid: kind === 0 || kind === 3,
        pages: kind === 3 ? 3 : 1,
        chars: 900 + Math.floor(rng() * 2400),
        dollarMarkers: i % 8 === 0,
        twoRegions: i % 6 === 0,
        countLine: i % 5 === 0,
        titles: TITLES[channelSlug],
      })
    } while (titles.has(composed.title))
    titles.add(composed.title)
    const flags: PostFlag[] = []
    if (i % 3 === 0) flags.push('recommend')
    if (i % 4 === 1) flags.push('hot')
    if (i < 4) flags.push('new')
    if (i === 5) flags.push('top')
    const input = parseImportFile(`demo-${String(i + 1).padStart(3, '0')}.txt`, composed.text, {
      channelSlug,
      price: (kind === 1 ? 0 : [290, 590, 990, 1990][i % 4]) as Cents,
    })
    await posts.savePost(DEMO, { ...input, flags, tags: composed.tags, publishedAt: new Date(now.getTime() - (count - i) * 3_600_000 * 7).toISOString() })
  }
  return { channels: CHANNELS.length + 2, posts: count }
}
