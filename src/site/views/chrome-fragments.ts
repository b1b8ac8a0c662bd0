import type { SiteDeps } from '../site-deps.ts'
import { buildChromeView, type ChromeFragments } from './chrome.view.ts'

const FRAGMENT_TTL_MS = 60_000

/**
 * A rendered piece of the theme shared by many pages, kept in the list cache
 * (cleared on every content change) and at most a minute old.
 */
export function cachedFragment(deps: SiteDeps, key: string, render: () => string): string {
  const now = deps.now().getTime()
  const hit = deps.listCache.get(key) as { at: number; html: string } | undefined
  if (hit && now - hit.at < FRAGMENT_TTL_MS) return hit.html
  const html = render()
  deps.listCache.set(key, { at: now, html })
  return html
}

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
    header_html: cachedFragment(deps, `header:${locale}:${activeChannelId ?? ''}`, () => theme.render('header', chrome)),
    footer_html: cachedFragment(deps, `footer:${locale}`, () => theme.render('footer', chrome)),
  }
}
