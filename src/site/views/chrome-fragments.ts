import { shared } from '../shared-cache.ts'
import type { SiteDeps } from '../site-deps.ts'
import { buildChromeView, type ChromeFragments } from './chrome.view.ts'
import type { PageBodies } from './html-bodies.ts'

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

/**
 * The same for a page sent as bytes (views/html-bodies.ts): the header and
 * footer go in as slots holding their UTF-8. Chrome and bytes are made together
 * once per channel and shared like the fragments (nothing here is per viewer).
 */
export function buildChromeInto(deps: SiteDeps, bodies: PageBodies, activeChannelId?: number): ChromeFragments {
  const locale = deps.catalog.get().settings.locale
  const made = shared(deps, `chrome-utf8:${locale}:${activeChannelId ?? ''}`, () => {
    const chrome = buildChrome(deps, activeChannelId)
    return { chrome, header: Buffer.from(chrome.header_html), footer: Buffer.from(chrome.footer_html) }
  })
  return { ...made.chrome, header_html: bodies.slot(made.header), footer_html: bodies.slot(made.footer) }
}
