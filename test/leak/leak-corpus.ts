import type { Cents } from '../../src/shared/money.ts'

/** A sentinel that must never leave the paid table for a viewer without an entitlement. */
export const sentinel = (n: number) => `ZQXPAID${n}QZ密文${n}号`
export const ALL_SENTINELS = Array.from({ length: 40 }, (_, i) => sentinel(i))

const filler = (n: number) => Array.from({ length: n }, (_, i) => `<p>公开段落${i}，讲述调查研究的方法与体会。</p>`).join('')

/** Posts written in every markup variant the compiler accepts, and broken ones; each hides sentinels. */
export const LEAK_POSTS: Array<{ slug: string; price: number; format: 'html' | 'text' | 'markdown'; source: string; description?: string; channelSlug?: string }> = [
  { slug: 'leak-text-sample', price: 990, format: 'text', source: `标题行\n（2篇）\n　　公开的开头。\n##paidbegin##${sentinel(0)}付费开头。\n　　${sentinel(1)}继续付费。\n##paidend##\n` },
  { slug: 'leak-inline', price: 500, format: 'html', source: `<p>公开<strong>开头 ##paidbegin## ${sentinel(2)}</strong>${sentinel(3)}</p><p>${sentinel(4)} ##paidend## 又公开</p>` },
  { slug: 'leak-dollar', price: 500, format: 'html', source: `<p>公开</p><p>$$PAIDBEGIN$$</p><p>${sentinel(5)}</p><p>$$paidend$$</p><p>公开结尾</p>` },
  {
    slug: 'leak-multi',
    price: 800,
    format: 'html',
    source: `<p>甲</p><p>##paidbegin##</p><p>${sentinel(6)}</p><p>##paidend##</p><p>乙</p><div>&nbsp;##paidbegin##&nbsp;</div><p>${sentinel(7)}</p><p>##paidend##</p>`,
  },
  {
    slug: 'leak-paged',
    price: 300,
    format: 'html',
    source: `<p>第一页公开</p><p>##paidbegin##${sentinel(8)}</p>##pagebreak##<p>${sentinel(9)}</p><p>##paidend##</p><p>第二页公开</p>##pagebreak##<p>第三页公开 ##paidbegin## ${sentinel(10)}</p>`,
  },
  { slug: 'leak-auto', price: 1200, format: 'html', source: `${filler(6)}<p>${sentinel(11)}</p><p>${sentinel(12)}</p>` },
  { slug: 'leak-unclosed', price: 100, format: 'html', source: `<p>公开</p><p>##paidbegin##</p><p>${sentinel(13)}</p>##pagebreak##<p>${sentinel(14)}</p>` },
  { slug: 'leak-nested', price: 100, format: 'html', source: `<p>##paidend##公开</p><p>##paidbegin##${sentinel(15)}</p><p>##paidbegin##${sentinel(16)}</p><p>##paidend##</p>` },
  { slug: 'leak-near-miss', price: 100, format: 'html', source: `<p>公开 #paidbegin# ${sentinel(17)}</p><p>##paid end## ${sentinel(18)}</p>` },
  { slug: 'leak-split-marker', price: 100, format: 'html', source: `<p>公开</p><p>前 ##paid<b>begin</b>## ${sentinel(19)}</p><p>${sentinel(20)}</p>` },
  { slug: 'leak-markdown', price: 100, format: 'markdown', source: `公开段落\n\n##paidbegin##\n\n**${sentinel(21)}**\n\n##paidend##\n` },
  { slug: 'leak-free-members', price: 0, format: 'html', source: `<p>公开</p><p>##paidbegin##</p><p>${sentinel(22)}</p>` },
  {
    slug: 'leak-description',
    price: 100,
    format: 'html',
    description: `作者写的摘要引用了付费内容 ${sentinel(23)} 这一句`,
    source: `<p>公开</p><p>##paidbegin##</p><p>作者写的摘要引用了付费内容 ${sentinel(23)} 这一句</p>`,
  },
  { slug: 'leak-all-paid', price: 100, format: 'html', source: `<p>${sentinel(24)}</p>` },
  { slug: 'leak-other-channel', price: 100, format: 'text', channelSlug: 'lessons', source: `公开\n##paidbegin##\n${sentinel(25)}\n` },
]

export type LeakPost = (typeof LEAK_POSTS)[number] & { price: Cents }
