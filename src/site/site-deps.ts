import type { Commerce } from '../commerce/index.ts'
import type { PostService, ViewCounter } from '../content/index.ts'
import type { MemberService, PasswordResets, SessionService, WechatOauth } from '../members/index.ts'
import type { MediaAccessService, PostReader } from '../paywall/index.ts'
import type { MediaService, MediaSigner } from '../media/index.ts'
import type { SearchService } from '../search/index.ts'
import type { LruCache } from '../platform/cache/lru-cache.ts'
import type { Doorkeeper } from '../platform/cache/doorkeeper.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import type { Db } from '../platform/db/database.ts'
import type { Locale } from '../platform/i18n/t.ts'
import type { SiteCatalog } from './site-catalog.ts'
import type { CachedPage } from './page-response.ts'
import type { PostPartsCache } from './post-parts-cache.ts'
import type { BuyerCounts } from './buyer-counts.ts'
import type { RateCounter } from '../platform/rate-limit/counter.ts'
import type { PdfMaker } from './files/pdf-maker.ts'
import type { ThemeEngine } from './theme/theme-engine.ts'

export interface SiteDeps {
  db: Db
  config: AppConfig
  catalog: SiteCatalog
  theme: (locale: Locale) => ThemeEngine
  reader: PostReader
  views: ViewCounter
  search: SearchService
  pageCache: LruCache<CachedPage>
  /** which anonymous pages are asked for often enough to keep */
  pageDoor: Doorkeeper
  /** small lists shared by many pages (a channel's latest posts), cleared with the page cache */
  listCache: LruCache<unknown>
  /** published posts, post cards and related cards between pages (post-parts-cache.ts) */
  parts: PostPartsCache
  /** makes PDF downloads off the event loop; undefined: no Chinese font on this server, so no PDFs */
  pdf: PdfMaker | undefined
  /** counts per key in fixed windows (memory, or Redis): download limits */
  counter: RateCounter
  /** 已有 N 人购买, for all posts at once, a minute at most (buyer-counts.ts) */
  buyers: BuyerCounts
  now: () => Date
  accounts: { members: MemberService; sessions: SessionService }
  /** password reset by mail, when the site sends mail (SMTP_URL) */
  passwordResets: PasswordResets | undefined
  /** the post service (saves publish the change to every process) */
  posts: PostService
  commerce: Commerce
  /** signs the guest cookie and CSRF tokens */
  cookieSecret: string
  /** cookies carry Secure when the site is served over https */
  secureCookies: boolean
  /** WeChat OAuth for the payer's openid (JSAPI), when the 公众号 secret is configured */
  wechatOauth: WechatOauth | undefined
  /** uploaded files: their records and bytes, who may have them (the paywall), and the signer of short-lived links */
  media: { files: Pick<MediaService, 'find' | 'store'>; access: MediaAccessService; signer: MediaSigner }
}
