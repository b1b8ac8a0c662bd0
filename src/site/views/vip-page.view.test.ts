import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { VipPlan } from '../../commerce/index.ts'
import { buildChannelTree, type Channel } from '../../content/index.ts'
import type { Cents } from '../../shared/money.ts'
import { buildVipPlans } from './vip-page.view.ts'

const channel = (id: number, vipLevel: number): Channel =>
  ({ id, parentId: null, kind: 'list', name: `c${id}`, slug: `c${id}`, linkUrl: null, seoTitle: '', seoKeywords: '', seoDescription: '', weight: 0, pageSize: 20, vipLevel }) as Channel
const plan = (over: Partial<VipPlan>): VipPlan => ({
  id: 1,
  name: '月度会员',
  level: 1,
  days: 30,
  price: 3000 as Cents,
  benefit: 'free',
  discountPercent: 0,
  active: true,
  recommended: false,
  ...over,
})

test('a free-reading plan counts the posts its level opens, its own level or its channel’s, and what it saves', () => {
  const tree = buildChannelTree([channel(1, 0), channel(2, 2)])
  const priced = [
    { channelId: 1, vipLevel: 0, count: 3, total: 3000 },
    { channelId: 1, vipLevel: 2, count: 1, total: 5000 },
    { channelId: 2, vipLevel: 0, count: 2, total: 4000 },
  ]
  const [basic, gold] = buildVipPlans([plan({ id: 1, level: 1, price: 2000 as Cents }), plan({ id: 2, level: 2, price: 20000 as Cents })], priced, tree, 'zh-CN')
  assert.equal(basic?.opens_count, 3, 'level 1 opens only the posts no level guards')
  assert.equal(basic?.one_by_one, '¥30.00')
  assert.equal(basic?.saves, '¥10.00')
  assert.equal(gold?.opens_count, 6, 'level 2 opens the post of level 2 and the channel of level 2')
  assert.equal(gold?.saves, '', 'nothing saved is not said')
})

test('a discount plan says 8折; a day costs its share of the price', () => {
  const [p] = buildVipPlans([plan({ benefit: 'discount', discountPercent: 20, price: 3650 as Cents, days: 365 })], [], buildChannelTree([]), 'zh-CN')
  assert.equal(p?.discount_words, '8折')
  assert.equal(p?.per_day, '¥0.10')
  assert.equal(p?.opens_count, 0)
})
