import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createViewCounter, type PostService, type ViewCounter } from './content/index.ts'
import { adminPlugin } from './admin/admin.plugin.ts'
import { consolePlugin, defaultConsoleDir } from './admin/console.plugin.ts'
import { findVipStatus, holdsPurchase, listBuyerCounts, type Commerce } from './commerce/index.ts'
import { notifyPlugin } from './commerce/notify.plugin.ts'
import { createWechatOauth, type MemberService, type SessionService } from './members/index.ts'
import { createMemoryCounter, createRedisCounter } from './platform/rate-limit/counter.ts'
import type { ScryptCost } from './members/password.ts'
import {
  createDrafts,
  createEntitlementService,
  createMediaAccess,
  createPaidReader,
  createPostReader,
  createPreviewRecompiler,
  grantCustomFieldsWriter,
  grantIndexText,
  type PreviewRecompiler,
} from './paywall/index.ts'
import { findPdfFonts } from './site/files/pdf-font.ts'
import { createPdfMaker } from './site/files/pdf-maker.ts'
import { createLocalFileStore, createMediaService, createMediaSigner, mediaKeysIn, type MediaService } from './media/index.ts'
import { verifyCsrf } from './platform/http/csrf.ts'
import { createChangeFeed } from './platform/changes/change-feed.ts'
import { createSearchService, type SearchAdmin, type SearchService } from './search/index.ts'
import { createWriteStack, type WriteStack } from './write-stack.ts'
import type { MigrationRunner } from './migrate/migration-runner.ts'
import { LruCache } from './platform/cache/lru-cache.ts'
import { Doorkeeper } from './platform/cache/doorkeeper.ts'
import type { AppConfig } from './platform/config/load-config.ts'
import { createDb, type DbHandle } from './platform/db/create-db.ts'
import { addSecurityHeaders } from './platform/http/security-headers.ts'
import type { Locale } from './platform/i18n/t.ts'
import { apiV1Plugin } from './site/api/v1.plugin.ts'
import { PostPartsCache } from './site/post-parts-cache.ts'
import { BuyerCounts } from './site/buyer-counts.ts'
import { createSiteCatalog } from './site/site-catalog.ts'
import type { SiteDeps } from './site/site-deps.ts'
import { sitePlugin } from './site/site.plugin.ts'
import type { CachedPage } from './site/page-response.ts'
import { failClosedCaching } from './platform/http/cache-control.ts'
import { registerCompression } from './platform/http/compression.ts'
import { loadTheme, type ThemeEngine } from './site/theme/theme-engine.ts'
import { composeAccounts } from './compose/accounts.ts'
import { createHttp } from './compose/http.ts'
import { composeAdmin } from './compose/admin.ts'
import { startJobs } from './compose/jobs.ts'
import { composePayments, testPause } from './compose/payments.ts'

export interface AppServices {
  /** the public handle only: no route or plugin can reach the paid tables through the app */
  handle: Pick<DbHandle, 'db' | 'dialect'>
  posts: PostService
  views: ViewCounter
  search: SearchService
  /** the post service, search engine and segmenter as wired (the CLI builds the same) */
  writers: WriteStack
  /** drops cached pages and reloads settings and channels after a change made outside the post service */
  contentChanged: () => Promise<void>
  members: MemberService
  sessions: SessionService
  commerce: Commerce
  /** runs the order jobs once now (tests call it instead of waiting for the interval) */
  runJobs: () => Promise<void>
  /** the console's search index controls (tests wait for a reindex with `idle`) */
  searchAdmin: SearchAdmin
  /** migrations started from the console */
  migrations: MigrationRunner
  /** applies a new site preview share to stored posts (tests run its batches instead of waiting) */
  previewRecompiler: PreviewRecompiler
  /** uploads (tests look at the stored bytes) */
  media: MediaService
  /** every route registered, with its schema: the leak test's coverage check and the fuzz test */
  routes: Array<{ method: string; url: string; schema: unknown }>
}

export type App = FastifyInstance & { services: AppServices }

/** The composition root: builds services and registers the HTTP contexts. Never listens. */
export async function buildApp(deps: {
  config: AppConfig
  db?: DbHandle
  now?: () => Date
  logger?: boolean
  passwordCost?: ScryptCost
  jobs?: boolean
  logStream?: { write: (line: string) => void }
  /** the built console (tests give one of their own); .build/admin by default */
  consoleDir?: string
}): Promise<App> {
  const { config } = deps
  const now = deps.now ?? (() => new Date())
  const handle = deps.db ?? (await createDb(config.database, { backgroundCheckpoints: true }))
  const { app, routes } = createHttp(config, { ...(deps.logger !== undefined ? { logger: deps.logger } : {}), ...(deps.logStream ? { logStream: deps.logStream } : {}) })

  // loaded only with REDIS_URL (memory on sites without it)
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : undefined
  const counter = redis ? createRedisCounter(redis, `${config.redisPrefix}t:`) : createMemoryCounter(() => now().getTime())
  const pdfFonts = findPdfFonts(config.pdfFont)
  if (config.pdfFont && !pdfFonts) app.log.warn(`INKGATE_PDF_FONT: ${config.pdfFont} is not a file: PDF downloads are off`)
  const pdf = pdfFonts ? createPdfMaker(pdfFonts) : undefined
  app.addHook('onClose', async () => pdf?.close())
  const catalog = await createSiteCatalog(handle.db)
  const pageCache = new LruCache<CachedPage>(config.pageCacheEntries)
  // remembers about as many pages as the cache holds: a page asked for again within that many others is popular
  const pageDoor = new Doorkeeper(Math.max(100, Math.floor(config.pageCacheEntries / 2)))
  const listCache = new LruCache<unknown>(1000)
  // ~2 KB a post with its card: a 10,000-post site's at the default page cache, ~20 MB
  const parts = new PostPartsCache(config.pageCacheEntries * 10, now)
  const buyers = new BuyerCounts((min) => listBuyerCounts(handle.db, min), now)
  const views = createViewCounter(handle.db, config.viewFlushMs, { writeInBackground: handle.writeInBackground, onError: (err) => app.log.error({ err }, 'view counts could not be written') })
  // what this process holds that a change anywhere makes stale
  const dropStale = async () => {
    pageCache.clear()
    pageDoor.clear()
    listCache.clear()
    parts.clear()
    buyers.clear()
    search.indexChanged()
    await catalog.reload()
  }
  const changes = createChangeFeed({ db: handle.db, ...(redis ? { redis } : {}), redisPrefix: config.redisPrefix, log: app.log })
  /** a write here changed what the public sees: drop our stale copies and tell every other process */
  const contentChanged = async () => {
    await dropStale()
    await changes.publish()
  }
  const writers = createWriteStack({
    handle,
    previewShare: () => catalog.get().settings.previewShare,
    siteTerms: () => catalog.get().settings.searchTerms,
    now,
    onChange: contentChanged,
  })
  const posts = writers.posts
  const search = createSearchService({
    db: handle.db,
    engine: writers.engine,
    segmenter: writers.segmenter,
    now,
    logFlushMs: config.viewFlushMs,
    paidText: () => catalog.get().settings.searchPaidText,
    counter,
    perMinute: config.searchPerMinute,
  })
  const themes = new Map<Locale, ThemeEngine>()
  const theme = (locale: Locale): ThemeEngine => {
    let engine = themes.get(locale)
    if (!engine) themes.set(locale, (engine = loadTheme(config.themeDir, locale, { verify: config.env === 'test', warn: (message) => app.log.warn(message) })))
    return engine
  }
  theme(catalog.get().settings.locale)

  const { sessions, cookieSecret, twoFactor, members, mail, mailTransport, passwordResets } = await composeAccounts({
    handle,
    config,
    redis,
    counter,
    catalog,
    now,
    log: app.log,
    ...(deps.passwordCost ? { passwordCost: deps.passwordCost } : {}),
  })
  // test builds only: a pause before a notification's answer, for the crash test
  const pauseBeforeReply = testPause(config, 'reply')
  const { commerce, credentials, reloadPayments } = await composePayments({ handle, config, cookieSecret, catalog, now, log: app.log, announce: contentChanged })
  const entitlements = createEntitlementService({
    // the facts the access rules need, read fresh on every check
    facts: { holdsPurchase: (who, postId) => holdsPurchase(handle.db, who, postId), vipStatus: (memberId) => findVipStatus(handle.db, memberId, now().toISOString()) },
    channelVipLevel: (id) => catalog.get().tree.byId.get(id)?.vipLevel ?? 0,
  })
  const reader = createPostReader({ db: handle.db, paid: createPaidReader(handle.full), entitlements })
  const mediaFiles = createMediaService({
    db: handle.db,
    store: createLocalFileStore(join(config.dataDir, 'media')),
    limits: { image: config.uploads.imageBytes, file: config.uploads.fileBytes },
    now,
    siteUses: (key) => mediaKeysIn(catalog.get().settings.logoUrl).includes(key),
  })
  const media = {
    files: mediaFiles,
    // the site's own pictures (the logo) are public wherever else they are used
    access: createMediaAccess({ db: handle.db, entitlements, now, siteKeys: () => new Set(mediaKeysIn(catalog.get().settings.logoUrl)) }),
    // a paid file's link works 10 minutes: long enough to start a download, too short to pass around
    signer: createMediaSigner(cookieSecret, 600, now),
  }

  const siteDeps: SiteDeps = {
    db: handle.db,
    config,
    catalog,
    theme,
    reader,
    views,
    search,
    pageCache,
    pageDoor,
    listCache,
    parts,
    buyers,
    counter,
    pdf,
    now,
    accounts: { members, sessions },
    passwordResets,
    posts,
    commerce,
    cookieSecret,
    secureCookies: config.siteUrl.startsWith('https://'),
    media,
    wechatOauth: config.payments.wechat?.oauth ? createWechatOauth({ appId: config.payments.wechat.appid, ...config.payments.wechat.oauth }) : undefined,
  }

  addSecurityHeaders(app)
  failClosedCaching(app)
  await registerCompression(app)
  await app.register(cookie, { secret: cookieSecret, parseOptions: {} })
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  // every state-changing request carries this browser's CSRF token (provider notifications excepted: they are signed)
  app.addHook('preValidation', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return
    if (!request.routeOptions.url || request.url.startsWith('/pay/notify/')) return
    verifyCsrf(request, cookieSecret, config.siteUrl)
  })
  await app.register(apiV1Plugin, { ...siteDeps, prefix: '/api/v1' })
  // the capability to read stored text for the search index (tag changes, the console's reindex)
  const indexText = grantIndexText(handle.full)
  const adminDeps = composeAdmin({
    db: handle.db,
    now,
    log: app.log,
    catalog,
    writers,
    indexText,
    contentChanged,
    keepFields: grantCustomFieldsWriter(handle.full),
    bulkPosts: createWriteStack({ handle, previewShare: () => catalog.get().settings.previewShare, siteTerms: () => catalog.get().settings.searchTerms, now, onChange: contentChanged, index: false })
      .posts,
    given: {
      db: handle.db,
      commerce,
      posts,
      payments: credentials,
      media: { files: mediaFiles, limits: { image: config.uploads.imageBytes, file: config.uploads.fileBytes } },
      sources: reader,
      drafts: createDrafts({ db: handle.full, now, canEdit: posts.openForEditing }),
      accounts: { sessions, members, twoFactor },
      cookieSecret,
      secureCookies: siteDeps.secureCookies,
    },
  })
  const { searchAdmin, migrationRunner } = adminDeps
  await app.register(adminPlugin, { ...adminDeps, prefix: '/api/admin' })
  await app.register(consolePlugin, { dir: deps.consoleDir ?? defaultConsoleDir() })
  await app.register(notifyPlugin, { providers: commerce.providers, orders: commerce.orders, ...(pauseBeforeReply ? { pauseBeforeReply } : {}) })
  await app.register(sitePlugin, siteDeps)

  const runJobs = async () => {
    await commerce.orders.closeExpired()
    await commerce.orders.compensate()
    await commerce.orders.followRefunds()
    await sessions.sweep()
    // the trash empties itself of posts older than the owner's setting (bought ones stay)
    await posts.purgeOldTrash({ kind: 'system', job: 'trash' }, catalog.get().settings.trashDays)
    // mail whose process died before sending it, and retries
    await mail?.sendDue()
    await mail?.sweep()
    await passwordResets?.sweep()
  }
  // a new site preview share, applied to the posts that follow it (a batch every 2 s: 100,000 such posts in ~35 min)
  const previewRecompiler = createPreviewRecompiler({ db: handle.db, writeBody: writers.writeBody, now, onChange: contentChanged })
  const background = deps.jobs !== false
  // every process follows the others' changes: its pages, settings and payment providers
  if (background)
    changes.follow(async () => {
      await dropStale()
      await reloadPayments()
    })
  const jobs = startJobs({
    handle,
    config,
    redis,
    log: app.log,
    background,
    jobs: [
      { name: 'orders', everyMs: config.jobIntervalMs, run: runJobs },
      // related posts ranked ahead of time, never-ranked first: 25 every 2 s re-ranks a 100,000-post site in ~2 h
      { name: 'related posts', everyMs: 2000, run: () => search.refreshRelated(25) },
      { name: 'preview share', everyMs: 2000, run: previewRecompiler.runBatch },
    ],
  })

  app.addHook('onClose', async () => {
    // a migration, then a reindex running here are waited for (killed instead, each would resume from what it saved)
    await migrationRunner.idle()
    await searchAdmin.idle()
    await jobs.stop()
    await changes.close()
    await views.close()
    await passwordResets?.idle()
    await mail?.idle()
    mailTransport?.close()
    await search.close()
    if (!deps.db) await handle.close()
    redis?.disconnect()
  })
  await app.ready()
  return Object.assign(app, {
    services: {
      handle: { db: handle.db, dialect: handle.dialect },
      posts,
      views,
      search,
      writers,
      routes,
      contentChanged,
      members,
      sessions,
      commerce,
      runJobs,
      searchAdmin,
      migrations: migrationRunner,
      previewRecompiler,
      media: mediaFiles,
    },
  }) as unknown as App
}
