import { featureWords } from '../../lib/feature-words.ts'

/** The plans screen's words, in its own chunk (the shared catalogue is in the first screen's JavaScript). */
export const plw = featureWords(
  {
    'plans.title': 'VIP 套餐',
    'plans.new': '新建套餐',
    'plans.col.name': '名称',
    'plans.col.level': '等级',
    'plans.col.days': '天数',
    'plans.col.price': '价格',
    'plans.col.benefit': '权益',
    'plans.col.active': '在售',
    'plans.benefit.free': '免费阅读',
    'plans.benefit.discount': '折扣购买',
    'plans.discount': '优惠（减 %）',
    'plans.col.recommended': '推荐',
    'plans.off': '{n}折',
  },
  {
    'plans.title': 'VIP plans',
    'plans.new': 'New plan',
    'plans.col.name': 'Name',
    'plans.col.level': 'Level',
    'plans.col.days': 'Days',
    'plans.col.price': 'Price',
    'plans.col.benefit': 'Benefit',
    'plans.col.active': 'On sale',
    'plans.benefit.free': 'Free reading',
    'plans.benefit.discount': 'Discount',
    'plans.discount': 'Discount (% off)',
    'plans.col.recommended': 'Recommended',
    'plans.off': '{p}% off',
  },
)
