import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { policyBlocks, policyText, policyVersion, type PolicyKind } from '../../content/index.ts'
import { t } from '../../platform/i18n/t.ts'
import { servePage } from '../page-response.ts'
import type { SiteDeps } from '../site-deps.ts'
import { absolute, urls } from '../urls.ts'
import { buildMeta } from '../views/chrome.view.ts'
import { buildChrome } from '../views/chrome-fragments.ts'

/** /terms (用户协议) and /privacy (隐私政策): the texts a sign-up agrees to, with their version. */
export const policyPageRoutes: FastifyPluginAsyncTypebox<SiteDeps> = async (app, deps) => {
  const page = (kind: PolicyKind, path: string) =>
    app.get(path, async (request, reply) =>
      servePage(deps, request, reply, async () => {
        const { settings } = deps.catalog.get()
        const title = t(settings.locale, kind === 'terms' ? 'POLICY_TERMS' : 'POLICY_PRIVACY')
        const html = deps.theme(settings.locale).render('policy', {
          ...buildChrome(deps),
          meta: buildMeta({ title, siteName: settings.name, description: title, keywords: '', canonical: absolute(deps.config.siteUrl, path) }),
          policy: { title, blocks: policyBlocks(policyText(kind, settings)), version: policyVersion(settings) },
        })
        return { html, shareable: true }
      }),
    )
  page('terms', urls.terms())
  page('privacy', urls.privacy())
}
