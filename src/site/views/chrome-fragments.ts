import { shared } from '../shared-cache.ts'
import type { SiteDeps } from '../site-deps.ts'
import { buildChromeView, type ChromeFragments } from './chrome.view.ts'

/**
 * The chrome of a page with its header and footer already rendered: the theme's
 * partials decide the HTML, but they run once per channel, not once per request.
 */
export function buildChrome(deps: SiteDeps, activeChannelId?: number): ChromeFragments {
  const state = deps.catalog.get()
  const locale = state.settings.locale
  const theme = deps.theme(locale)
  const chrome = buildChromeView(state, theme, deps.config.siteUrl, deps.now(), activeChannelId)
  return {
    ...chrome,
    header_html: shared(deps, `header:${locale}:${activeChannelId ?? ''}`, () => theme.render('header', chrome)),
    footer_html: shared(deps, `footer:${locale}`, () => theme.render('footer', chrome)),
  }
}
