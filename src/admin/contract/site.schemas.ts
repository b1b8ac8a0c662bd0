import { Type, type Static } from 'typebox'

/** Site settings and channels, as the console edits them. */
const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])
const SearchPaidText = Type.Union([Type.Literal('words'), Type.Literal('off')])

export const SettingsView = Type.Object({
  name: Type.String(),
  tagline: Type.String(),
  logoUrl: Type.String(),
  description: Type.String(),
  keywords: Type.String(),
  icp: Type.String({ description: 'ICP 备案号' }),
  footerText: Type.String(),
  locale: Locale,
  previewShare: Type.Number({ description: 'share of an unmarked priced post shown free, 0.05..0.9' }),
  guestPurchase: Type.Boolean(),
  searchPaidText: SearchPaidText,
  paymentsOff: Type.Array(Type.String(), { description: 'ways to pay turned off: balance, wechat, alipay, stripe' }),
  trashDays: Type.Integer({ description: 'days a post stays in the trash before it is deleted for good (a bought one stays); 0: kept until purged by hand' }),
  viewsShownFrom: Type.Integer({ description: 'a view count is shown from this many views on; 0: always' }),
  purchasesShownFrom: Type.Integer({ description: '已有 N 人购买 is shown from this many buyers on; 0: never' }),
  termsText: Type.String({ description: '用户协议, plain text; empty: the default text' }),
  privacyText: Type.String({ description: '隐私政策, plain text; empty: the default text' }),
  downloadDocx: Type.Boolean({ description: 'readers of a post may download it as DOCX, marked with who took it' }),
  downloadPdf: Type.Boolean({ description: 'the same as PDF (offered when the server has a Chinese font: INKGATE_PDF_FONT or fonts-noto-cjk)' }),
})
export const PreviewRecompileView = Type.Object({
  share: Type.Number({ description: 'the share being applied' }),
  done: Type.Integer(),
  total: Type.Integer({ description: 'posts that follow the site share (priced, no paid markers, no share of their own)' }),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()], { description: 'null while the posts are being compiled again' }),
})
export const SettingsResponse = Type.Object({
  settings: SettingsView,
  previewRecompile: Type.Union([PreviewRecompileView, Type.Null()], { description: 'the last change of the preview share, applied to posts in the background' }),
})
export const SettingsBody = Type.Partial(
  Type.Object({
    name: Type.String({ maxLength: 60 }),
    tagline: Type.String({ maxLength: 120 }),
    logoUrl: Type.String({ maxLength: 500 }),
    description: Type.String({ maxLength: 300 }),
    keywords: Type.String({ maxLength: 200 }),
    icp: Type.String({ maxLength: 40 }),
    footerText: Type.String({ maxLength: 500 }),
    locale: Locale,
    previewShare: Type.Number({ minimum: 0.05, maximum: 0.9 }),
    guestPurchase: Type.Boolean(),
    searchPaidText: SearchPaidText,
    trashDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    viewsShownFrom: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    purchasesShownFrom: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    termsText: Type.String({ maxLength: 20_000 }),
    privacyText: Type.String({ maxLength: 20_000 }),
    downloadDocx: Type.Boolean(),
    downloadPdf: Type.Boolean(),
    paymentsOff: Type.Array(Type.Union([Type.Literal('balance'), Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('stripe')]), { maxItems: 4, uniqueItems: true }),
  }),
)

const Kind = Type.Union([Type.Literal('list'), Type.Literal('section'), Type.Literal('link')])
const ChannelSlug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,59}$' })
export const ChannelView = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  linkUrl: Type.Union([Type.String(), Type.Null()]),
  seoTitle: Type.String(),
  seoKeywords: Type.String(),
  seoDescription: Type.String(),
  weight: Type.Integer(),
  pageSize: Type.Integer(),
  vipLevel: Type.Integer(),
  postCount: Type.Integer(),
})
export const ChannelListResponse = Type.Object({ items: Type.Array(ChannelView) })
export const ChannelBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  slug: ChannelSlug,
  kind: Kind,
  parent: Type.Optional(Type.Union([ChannelSlug, Type.Null()])),
  linkUrl: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  seoTitle: Type.Optional(Type.String({ maxLength: 120 })),
  seoKeywords: Type.Optional(Type.String({ maxLength: 200 })),
  seoDescription: Type.Optional(Type.String({ maxLength: 300 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 5, maximum: 100 })),
  vipLevel: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
})
export const ChannelResponse = Type.Object({ channel: Type.Omit(ChannelView, ['postCount']) })
export const ChannelParams = Type.Object({ slug: ChannelSlug })
export const ChannelOrderBody = Type.Object({ slugs: Type.Array(ChannelSlug, { minItems: 1, maxItems: 500 }) })
export const DoneResponse = Type.Object({ done: Type.Boolean() })

export type SettingsViewT = Static<typeof SettingsView>
export type ChannelViewT = Static<typeof ChannelView>
