import { htmlToText, squashSpace } from '../../shared/text.ts'

/**
 * A WordPress post's content in our words: the common paywall plugins'
 * shortcodes as our paid markers, `<!--more-->` as the teaser's end,
 * paragraphs where WordPress would have made them (wpautop), the block
 * editor's comments and core shortcodes' tags gone. Pure, property-tested.
 */

/** Paid Memberships Pro, Restrict Content Pro, MemberPress: what each shortcode hides, and from whom. */
const PAYWALL_SHORTCODES = ['membership', 'restrict', 'mepr-show', 'mepr-active'] as const
const OPENING = new RegExp(String.raw`\[(${PAYWALL_SHORTCODES.join('|')})(\s[^\]]*)?\]`, 'gi')
const CLOSING = new RegExp(String.raw`\[\/(${PAYWALL_SHORTCODES.join('|')})\]`, 'gi')
/** core shortcodes whose tags go and whose inside stays (a caption's picture and words) */
const CORE = /\[\/?(caption|wp_caption|embed|audio|video|playlist)(\s[^\]]*)?\]/gi
const GALLERY = /\[gallery(\s[^\]]*)?\]/gi
const BLOCK_COMMENT = /<!--\s*\/?wp:[\s\S]*?-->/g
const MORE = /<!--more(.*?)?-->/i
const ANY_MARKER = /paid\s*_?\s*(begin|end)/i
const BLOCK_TAG = /^<\/?(p|h[1-6]|ul|ol|li|blockquote|pre|table|thead|tbody|tr|td|th|div|figure|figcaption|hr|section|article|aside|dl|dt|dd|address|form|details|summary)\b/i

export interface WpBody {
  html: string
  /** members for a region any signed-in reader sees (Restrict Content Pro's plain [restrict], MemberPress's if="loggedin"), VIP for one a plan holds */
  access: 'members' | 'vip' | undefined
  /** the plain text before `<!--more-->`, when none of it is paid */
  teaser: string | undefined
  /** whether the old content had a paywall shortcode */
  paywalled: boolean
}

/** A shortcode whose region any signed-in reader may read (no level, plan or rule named). */
function forAnyMember(name: string, attrs: string): boolean {
  const n = name.toLowerCase()
  if (n === 'restrict') return !/\b(paid|level|levels|subscription|subscription_id|access_level)\s*=/i.test(attrs)
  if (n === 'mepr-show') return /\bif\s*=\s*["']?loggedin/i.test(attrs) && !/\b(rules|membership|memberships)\s*=/i.test(attrs)
  return false
}

export function convertWpContent(raw: string): WpBody {
  let access: WpBody['access']
  let paywalled = false
  // each tag on its own: an opening left unclosed stays an opening, and our compiler makes the rest paid (it never shows more)
  let html = raw.replace(OPENING, (_m, name: string, attrs: string | undefined) => {
    paywalled = true
    access = access === 'vip' || !forAnyMember(name, attrs ?? '') ? 'vip' : 'members'
    return '\n\n##paidbegin##\n\n'
  })
  html = html.replace(CLOSING, '\n\n##paidend##\n\n')
  html = html.replace(BLOCK_COMMENT, '').replace(CORE, '').replace(GALLERY, '')
  let teaser: string | undefined
  const more = MORE.exec(html)
  if (more) {
    const before = html.slice(0, more.index)
    // any marker before it, ours or one written by hand in either style (##, $$, any case): no teaser, never paid text
    if (!ANY_MARKER.test(before)) teaser = squashSpace(htmlToText(before)).slice(0, 300) || undefined
    html = before + html.slice(more.index + more[0].length)
  }
  return { html: autop(html), access, teaser, paywalled }
}

/** WordPress's wpautop, as far as posts need it: blank lines make paragraphs, a single newline a line break; block tags stand alone. */
export function autop(text: string): string {
  const normal = text.replace(/\r\n?/g, '\n')
  if (/<p[\s>]/i.test(normal) && !/\n\s*\n[^<\s]/.test(normal)) return normal.trim()
  return normal
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => (BLOCK_TAG.test(b) || /^##paid(begin|end)##$/.test(b) ? b : `<p>${b.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n')
}
