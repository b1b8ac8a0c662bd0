import { isPaidPost, type Channel, type Post } from '../../content/index.ts'
import type { ReadablePage } from '../../paywall/index.ts'
import type { Locale } from '../../platform/i18n/t.ts'
import { formatYuan } from '../../shared/money.ts'
import { absolute, urls } from '../urls.ts'
import { buildMeta, type MetaView } from './chrome.view.ts'
import { formatCount, formatDate, isoDay } from './format.ts'
import { buildPager, type PagerView } from './pager.view.ts'

export const PAYWALL_CARD_CLASS = 'paywall-card'

export interface PostPageView {
  meta: MetaView
  breadcrumbs: Array<{ name: string; url: string }>
  post: {
    title: string
    url: string
    channel_name: string
    channel_url: string
    date: string
    date_iso: string
    views: string
    view_count: number
    /** the view count is shown from the owner's threshold on */
    show_views: boolean
    /** 已有 N 人购买: real buyers, shown from the owner's threshold on ('' below it) */
    buyers: string
    buyer_count: number
    word_count: string
    word_total: number
    is_paid: boolean
    price_text: string
    paid_chars: string
    paid_char_count: number
    /** where the paywall card's button leads: buy the post, VIP plans, or log in */
    buy_url: string
    /** the VIP plans, remembering this post and page so a buyer comes back here */
    vip_url: string
    /** 'post' (buy), 'vip' (VIP only), 'members' (log in) */
    buy_kind: string
    /** set when this viewer reads the paid regions: why (purchase, vip, staff, author, access) */
    unlocked_by: string
    /** the locale key naming that reason */
    unlocked_key: string
    /** the Word file of the post, for a viewer who reads it whole ('' otherwise, or when the owner offers none) */
    download_url: string
    pdf_url: string
    tags: Array<{ name: string; url: string }>
  }
  /** `position` marks each paywall card's place, so a buyer's page can be the anonymous page with the cards replaced */
  /** `first_paid` marks this page's first paid region, locked or not: a buyer comes back to it (#paid) */
  segments: Array<{ body_html: string; locked: boolean; char_count: string; chars: number; position: number; first_card: boolean; first_paid: boolean; part_of_post: boolean }>
  /** this page shows a paywall card: the banner and the bottom buy bar lead to it */
  has_card: boolean
  page_pager: PagerView | null
  related: Array<{ card_html: string }>
}

export interface PostPageInput {
  post: Post
  page: number
  readable: ReadablePage
  ancestry: Channel[]
  related: Array<{ card_html: string }>
  siteName: string
  siteUrl: string
  locale: Locale
  pendingViews: number
  /** people holding a purchase of this post (paid orders), and the owner's thresholds for showing counts */
  buyers: number
  viewsShownFrom: number
  purchasesShownFrom: number
  /** the formats the site offers a reader of the whole post (download.route.ts: offered) */
  downloads: { docx: boolean; pdf: boolean }
}

/** The post page: free segments as they are, each locked region as a card. Nothing here reads paid text. */
export function buildPostPage(input: PostPageInput): PostPageView {
  const { post, page, readable, locale } = input
  const firstCard = readable.segments.find((s) => s.kind === 'locked')
  const firstPaid = readable.segments.find((s) => s.kind !== 'free')
  const channel = input.ancestry[input.ancestry.length - 1]
  const canonical = absolute(input.siteUrl, urls.post(post.slug, page))
  const isPaid = isPaidPost(post)
  const jsonLd: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: post.title,
    description: post.description,
    datePublished: post.publishedAt,
    dateModified: post.updatedAt,
    mainEntityOfPage: canonical,
    wordCount: post.wordCount,
    isAccessibleForFree: !isPaid,
  }
  if (isPaid) jsonLd.hasPart = { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: `.${PAYWALL_CARD_CLASS}` }
  return {
    meta: buildMeta({
      title: page > 1 ? `${post.title} (${page}/${post.pageCount})` : post.title,
      siteName: input.siteName,
      description: post.description,
      keywords: post.tags.map((t) => t.name).join(','),
      canonical,
      ogType: 'article',
      ogImage: post.coverUrl ?? '',
      jsonLd,
    }),
    breadcrumbs: input.ancestry.map((c) => ({ name: c.name, url: urls.channel(c.slug) })),
    post: {
      title: post.title,
      url: urls.post(post.slug),
      channel_name: channel?.name ?? '',
      channel_url: channel ? urls.channel(channel.slug) : '',
      date: formatDate(post.publishedAt, locale),
      date_iso: isoDay(post.publishedAt),
      views: formatCount(post.viewCount + input.pendingViews, locale),
      view_count: post.viewCount + input.pendingViews,
      show_views: post.viewCount + input.pendingViews >= input.viewsShownFrom,
      buyers: input.purchasesShownFrom > 0 && input.buyers >= input.purchasesShownFrom ? formatCount(input.buyers, locale) : '',
      buyer_count: input.buyers,
      word_count: formatCount(post.wordCount, locale),
      word_total: post.wordCount,
      is_paid: isPaid,
      price_text: post.price > 0 ? formatYuan(post.price) : '',
      paid_chars: formatCount(post.paidCharCount, locale),
      paid_char_count: post.paidCharCount,
      buy_url: post.price > 0 ? urls.buy(post.slug, page) : post.access === 'vip' ? urls.vip({ post: post.slug, page }) : urls.login(urls.post(post.slug, page)),
      vip_url: urls.vip({ post: post.slug, page }),
      buy_kind: post.price > 0 ? 'post' : post.access === 'vip' ? 'vip' : 'members',
      unlocked_by: readable.reason ?? '',
      unlocked_key: readable.reason ? `post.unlocked_by.${readable.reason}` : '',
      download_url: readable.reason && input.downloads.docx ? urls.download(post.slug) : '',
      pdf_url: readable.reason && input.downloads.pdf ? urls.downloadPdf(post.slug) : '',
      tags: post.tags.map((t) => ({ name: t.name, url: urls.tag(t.slug) })),
    },
    segments: readable.segments.map((s) => {
      const base = { char_count: formatCount(s.charCount, locale), chars: s.charCount, position: s.position, first_paid: s === firstPaid }
      return s.kind === 'locked'
        ? // a card says whether its count is the whole post's paid text or a part of it (several regions, or pages)
          { ...base, body_html: '', locked: true, first_card: s === firstCard, part_of_post: s.charCount !== post.paidCharCount }
        : { ...base, body_html: s.html, locked: false, first_card: false, part_of_post: false }
    }),
    has_card: firstCard !== undefined,
    page_pager: buildPager(page, post.pageCount, (n) => urls.post(post.slug, n)),
    related: input.related,
  }
}
