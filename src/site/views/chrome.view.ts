import type { CatalogState } from '../site-catalog.ts'
import type { ThemeEngine } from '../theme/theme-engine.ts'
import { urls } from '../urls.ts'

export interface ChromeView {
  lang: string
  site: {
    name: string
    tagline: string
    url: string
    logo_url: string
    icp: string
    footer_text: string
    year: number
    css_url: string
    favicon_url: string
    site_js_url: string
    pay_js_url: string
    reading_js_url: string
    rss_url: string
  }
  nav: Array<{ name: string; url: string; active: boolean; external: boolean }>
}

export interface ChromeFragments extends ChromeView {
  /** the theme's header and footer partials, rendered once and shared until content changes */
  header_html: string
  footer_html: string
}

export interface MetaView {
  title: string
  description: string
  keywords: string
  canonical: string
  og_type: string
  og_image: string
  robots: string
  json_ld_html: string
}

/** The parts every page shares: site identity, navigation, footer. */
export function buildChromeView(state: CatalogState, theme: ThemeEngine, siteUrl: string, now: Date, activeChannelId?: number): ChromeView {
  const { settings, tree } = state
  const active = activeChannelId !== undefined ? new Set(tree.ancestry(activeChannelId).map((c) => c.id)) : new Set<number>()
  return {
    lang: settings.locale,
    site: {
      name: settings.name,
      tagline: settings.tagline,
      url: siteUrl,
      logo_url: settings.logoUrl,
      icp: settings.icp,
      footer_text: settings.footerText,
      year: now.getUTCFullYear(),
      css_url: theme.assetUrl('site.css'),
      favicon_url: theme.assetUrl('favicon.svg'),
      site_js_url: theme.assetUrl('site.js'),
      pay_js_url: theme.assetUrl('pay.js'),
      reading_js_url: theme.assetUrl('reading.js'),
      rss_url: urls.rss(),
    },
    nav: tree.children(null).map((c) => ({
      name: c.name,
      url: c.kind === 'link' ? (c.linkUrl ?? '#') : urls.channel(c.slug),
      active: active.has(c.id),
      external: c.kind === 'link',
    })),
  }
}

export function buildMeta(input: {
  title: string
  siteName: string
  description: string
  keywords: string
  canonical: string
  ogType?: string
  ogImage?: string
  jsonLd?: object
  noindex?: boolean
}): MetaView {
  return {
    title: input.title ? `${input.title} - ${input.siteName}` : input.siteName,
    description: input.description,
    keywords: input.keywords,
    canonical: input.canonical,
    og_type: input.ogType ?? 'website',
    og_image: input.ogImage ?? '',
    robots: input.noindex ? 'noindex' : 'index,follow',
    json_ld_html: input.jsonLd ? jsonForScript(input.jsonLd) : '',
  }
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }

/** JSON safe inside <script>: no "</script>" or "<!--" can close it. */
export function jsonForScript(value: object): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (c) => SCRIPT_ESCAPES[c] as string)
}
