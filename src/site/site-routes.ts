import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { rssRoutes } from './feeds/rss.route.ts'
import { sitemapRoutes } from './feeds/sitemap.route.ts'
import { accountPageRoutes } from './pages/account-pages.route.ts'
import { cashierPageRoutes } from './pages/cashier-pages.route.ts'
import { homePageRoute } from './pages/home-page.route.ts'
import { listPageRoutes } from './pages/list-page.route.ts'
import { passwordPageRoutes } from './pages/password-pages.route.ts'
import { postPageRoute } from './pages/post-page.route.ts'
import { policyPageRoutes } from './pages/policy-pages.route.ts'
import { searchPageRoute } from './pages/search-page.route.ts'
import { mediaRoute } from './files/media.route.ts'
import { downloadRoute } from './files/download.route.ts'
import type { SiteDeps } from './site-deps.ts'

/** Every public HTML and feed route. A route added here must join test/leak. */
export const feedsAndPages: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  await app.register(homePageRoute, deps)
  await app.register(listPageRoutes, deps)
  await app.register(postPageRoute, deps)
  await app.register(searchPageRoute, deps)
  await app.register(rssRoutes, deps)
  await app.register(sitemapRoutes, deps)
  await app.register(accountPageRoutes, deps)
  await app.register(cashierPageRoutes, deps)
  await app.register(policyPageRoutes, deps)
  await app.register(mediaRoute, deps)
  await app.register(downloadRoute, deps)
  // 找回密码 only where mail goes out
  if (deps.passwordResets) await app.register(passwordPageRoutes(deps.passwordResets), deps)
}
