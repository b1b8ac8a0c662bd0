import type { FaArchive, FaChannel } from './fastadmin-source.ts'

/** FastAdmin's rows in our words: pure functions, tested on their own. */

/** UNIX seconds (FastAdmin's times) as an ISO time; a missing or zero time is `fallback`. */
export function unixToIso(seconds: number | null | undefined, fallback: string): string {
  return seconds && seconds > 0 ? new Date(seconds * 1000).toISOString() : fallback
}

/** 频道封面 groups channels (a section); 列表栏目 lists posts; 跳转链接 points elsewhere; a `page` channel lists. */
export function channelKind(type: string): 'section' | 'list' | 'link' {
  if (type === 'channel') return 'section'
  if (type === 'link') return 'link'
  return 'list'
}

/** normal → published; hidden, rejected, pulloff → hidden; a deletetime → the trash (from the status it had). */
export function postStatus(a: Pick<FaArchive, 'status' | 'deletetime'>): { status: 'published' | 'hidden'; trash: boolean } {
  return { status: a.status === 'normal' ? 'published' : 'hidden', trash: !!a.deletetime && a.deletetime > 0 }
}

const FLAGS = new Set(['top', 'hot', 'recommend', 'new'])
/** the flags we have, from FastAdmin's comma-separated list */
export function postFlags(flag: string | null): Array<'top' | 'hot' | 'recommend' | 'new'> {
  return [...new Set((flag ?? '').split(/[,，]/).map((f) => f.trim()))].filter((f): f is 'top' | 'hot' | 'recommend' | 'new' => FLAGS.has(f))
}

/** the tags of an archive: its links in cms_taggable, else its own comma-separated list */
export function tagNames(linked: string[] | undefined, csv: string | null): string[] {
  const names = linked?.length ? linked : (csv ?? '').split(/[,，]/)
  return [...new Set(names.map((n) => n.trim()).filter((n) => n && n.length <= 30))]
}

const MARKER = /(##|\$\$)\s*paidbegin\s*\1/i
/**
 * The body as our compiler takes it. A free archive readers must log in for
 * (`isguest=0`, price 0) with no paid region of its own is members-only as a
 * whole: its body becomes one paid region, so only members read it.
 */
export function bodyFor(a: Pick<FaArchive, 'isguest' | 'price'>, content: string, price: number): { source: string; access?: 'members' } {
  if (price > 0 || a.isguest !== 0) return { source: content }
  return { source: MARKER.test(content) ? content : `##paidbegin##${content}##paidend##`, access: 'members' }
}

/** The URL rules of the old site: FastAdmin CMS's defaults, or the site's own (`[:id]`, `[:diyname]`, `[:catename]`, …). */
export interface UrlRules {
  archive: string
  channel: string
  tag: string
  suffix: string
}

export function defaultRules(atRoot: boolean): UrlRules {
  const base = atRoot ? '' : '/cms'
  return { archive: `${base}/[:catename]/[:id]`, channel: `${base}/[:diyname]`, tag: `${base}/t/[:diyname]`, suffix: '.html' }
}

/**
 * A site's own rules from a copy of its CMS addon's config (`addons/cms/config.php`):
 * the `rewrite` entry's `'archives/index' => '/news/[:id]'` lines, and its
 * `urlsuffix` when set there. What the file does not say stays as `base` has it.
 */
export function rulesFromConfig(php: string, base: UrlRules): UrlRules {
  const rule = (action: string) => new RegExp(`['"]${action.replace('/', '\\/')}['"]\\s*=>\\s*['"]([^'"]+)['"]`).exec(php)?.[1]
  const clean = (r: string | undefined) => (r ? `/${r.replace(/\$$/, '').replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/' : undefined)
  const suffix = /['"]name['"]\s*=>\s*['"]urlsuffix['"][\s\S]*?['"]value['"]\s*=>\s*['"]([^'"]*)['"]/.exec(php)?.[1]
  return {
    archive: clean(rule('archives/index')) ?? base.archive,
    channel: clean(rule('channel/index')) ?? base.channel,
    tag: clean(rule('tag/index')) ?? base.tag,
    suffix: suffix === undefined ? base.suffix : suffix ? `.${suffix.replace(/^\./, '')}` : '',
  }
}

function expand(pattern: string, values: Record<string, string | number | undefined>): string | undefined {
  let missing = false
  const path = pattern.replace(/\[:(\w+)\]/g, (_, name: string) => {
    const v = values[name]
    if (v === undefined || v === '') missing = true
    return String(v ?? '')
  })
  return missing ? undefined : path
}

const withSuffix = (path: string | undefined, suffix: string) => (path ? [path, ...(suffix && !path.endsWith('/') ? [`${path}${suffix}`] : [])] : [])

/** every address an archive answered at: its rule (with and without the suffix), by diyname too, and the generic route */
export function archiveUrls(a: Pick<FaArchive, 'id' | 'diyname' | 'publishtime' | 'createtime'>, channel: Pick<FaChannel, 'id' | 'diyname'> | undefined, rules: UrlRules): string[] {
  const when = new Date(((a.publishtime || a.createtime) ?? 0) * 1000 + 8 * 3600_000)
  const values = {
    id: a.id,
    eid: undefined,
    diyname: a.diyname || a.id,
    catename: channel?.diyname ?? undefined,
    channel: channel?.diyname ?? undefined,
    cateid: channel?.id,
    year: when.getUTCFullYear(),
    month: String(when.getUTCMonth() + 1).padStart(2, '0'),
    day: String(when.getUTCDate()).padStart(2, '0'),
  }
  const urls = withSuffix(expand(rules.archive, values), rules.suffix)
  if (a.diyname && rules.archive.includes('[:id]')) urls.push(...withSuffix(expand(rules.archive, { ...values, id: a.diyname }), rules.suffix))
  urls.push(`/addons/cms/archives/index/id/${a.id}`, `/addons/cms/archives/index/id/${a.id}.html`)
  return [...new Set(urls)]
}

export function channelUrls(c: Pick<FaChannel, 'id' | 'diyname'>, rules: UrlRules): string[] {
  const urls = withSuffix(expand(rules.channel, { id: c.id, diyname: c.diyname ?? undefined }), rules.suffix)
  urls.push(`/addons/cms/channel/index/id/${c.id}`)
  if (c.diyname) urls.push(`/addons/cms/channel/index/diyname/${c.diyname}`)
  return [...new Set(urls)]
}

export function tagUrls(id: number, name: string, rules: UrlRules): string[] {
  return [...new Set([...withSuffix(expand(rules.tag, { id, diyname: name, name }), rules.suffix), `/addons/cms/tag/index/id/${id}`, `/addons/cms/tag/index/name/${name}`])]
}

/** parents before their children, whatever the ids */
export function orderParentsFirst(channels: FaChannel[]): FaChannel[] {
  const out: FaChannel[] = []
  const placed = new Set<number>()
  const ids = new Set(channels.map((c) => c.id))
  let pending = channels
  while (pending.length) {
    const next = pending.filter((c) => c.parent_id && ids.has(c.parent_id) && !placed.has(c.parent_id))
    const ready = pending.filter((c) => !next.includes(c))
    if (!ready.length) break // a loop in the old tree: the rest stay out
    for (const c of ready) {
      out.push(c)
      placed.add(c.id)
    }
    pending = next
  }
  return out
}
