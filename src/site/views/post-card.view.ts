import { isPaidPost, type ChannelTree, type Post, type SiteSettings } from '../../content/index.ts'
import { formatYuan } from '../../shared/money.ts'
import { urls } from '../urls.ts'
import { formatCount, formatDate, isoDay } from './format.ts'

export interface PostCardView {
  title: string
  url: string
  description: string
  channel_name: string
  channel_url: string
  date: string
  date_iso: string
  views: string
  view_count: number
  /** the count is shown from the owner's threshold on (站点设置): "0 次阅读" everywhere looks abandoned */
  show_views: boolean
  is_paid: boolean
  price_text: string
  word_count: number
  is_top: boolean
  is_hot: boolean
  is_recommend: boolean
  is_new: boolean
  cover_url: string
}

/** What a list shows of a post: title, free description, channel, date, price. */
export function toPostCard(post: Post, tree: ChannelTree, settings: Pick<SiteSettings, 'locale' | 'viewsShownFrom'>): PostCardView {
  const { locale } = settings
  const channel = tree.byId.get(post.channelId)
  return {
    title: post.title,
    url: urls.post(post.slug),
    description: post.description,
    channel_name: channel?.name ?? '',
    channel_url: channel ? urls.channel(channel.slug) : '',
    date: formatDate(post.publishedAt, locale),
    date_iso: isoDay(post.publishedAt),
    views: formatCount(post.viewCount, locale),
    view_count: post.viewCount,
    show_views: post.viewCount >= settings.viewsShownFrom,
    is_paid: isPaidPost(post),
    price_text: post.price > 0 ? formatYuan(post.price) : '',
    word_count: post.wordCount,
    is_top: post.flags.includes('top'),
    is_hot: post.flags.includes('hot'),
    is_recommend: post.flags.includes('recommend'),
    is_new: post.flags.includes('new'),
    cover_url: post.coverUrl ?? '',
  }
}
