import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Liquid, type Template } from 'liquidjs'
import type { Locale } from '../../platform/i18n/t.ts'
import { createCompiler, type CompiledTemplate } from './liquid-compiler.ts'
import { Unsupported } from './liquid-expression.ts'

export interface ThemeAsset {
  body: Buffer
  type: string
}

export interface ThemeEngine {
  render(template: string, model: object): string
  /** hashed asset name → file, e.g. site.3f2a1c9b.css */
  assets: Map<string, ThemeAsset>
  /** plain asset name → hashed URL path */
  assetUrl(name: string): string
}

/** How many renders of each compiled template are checked against LiquidJS, and then one in how many. */
const CHECK_FIRST = 20
const CHECK_EVERY = 500
const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml', png: 'image/png', ico: 'image/x-icon', woff2: 'font/woff2' }

/**
 * LiquidJS with safe defaults: every output escaped, own properties only,
 * unknown filters are errors. Templates are parsed once and rendered
 * synchronously (measured ~2x faster than async). A template may print raw
 * HTML only from a field whose name ends in `_html`, with no other filter:
 * every output's whole filter chain is checked with the Liquid parser when the
 * theme loads.
 *
 * Templates in the compiled subset (liquid-compiler.ts) are rendered compiled.
 * The first renders of each, and one in CHECK_EVERY after that, are rendered by
 * LiquidJS too and compared: a template whose compiled form ever differs (a site
 * owner's template using something the subset gets wrong) is rendered by LiquidJS
 * from then on, with a warning. LiquidJS's answer is the one sent. With `verify`
 * (tests) every render is compared and a difference throws.
 */
export function loadTheme(themeDir: string, locale: Locale, options: { verify?: boolean; warn?: (message: string) => void } = {}): ThemeEngine {
  const dirs = ['templates', 'layouts', 'partials'].map((d) => join(themeDir, d))
  const strings = readLocale(themeDir, locale)
  const liquid = new Liquid({
    root: dirs,
    partials: dirs,
    layouts: dirs,
    extname: '.liquid',
    outputEscape: 'escape',
    ownPropertyOnly: true,
    strictFilters: true,
    cache: true,
  })
  const plural = new Intl.PluralRules(locale)
  // {{ 'post.views' | t: shown, count }}: {0} is the shown text; where the locale
  // has "key.one"/"key.other", the last argument picks the plural form.
  // Each key's forms are looked up once: a key built per call ("post.views.other") is a
  // fresh string that V8 internalizes into the old generation on every page.
  const entries = new Map<string, { text: string; forms?: Map<string, string> }>()
  const entryOf = (k: string) => {
    let entry = entries.get(k)
    if (!entry) {
      const other = strings[`${k}.other`]
      const forms = other === undefined ? undefined : new Map(plural.resolvedOptions().pluralCategories.map((c) => [c, strings[`${k}.${c}`] ?? other]))
      entry = { text: strings[k] ?? k, ...(forms ? { forms } : {}) }
      // keys are the theme's own words; a theme translating data (a title) must not grow this without end
      if (entries.size < 5000) entries.set(k, entry)
    }
    return entry
  }
  const translate = (key: unknown, ...args: unknown[]) => {
    const entry = entryOf(String(key))
    const count = Number(args[args.length - 1])
    let text = entry.forms && Number.isFinite(count) ? (entry.forms.get(plural.select(count)) as string) : entry.text
    for (let i = 0; i < args.length; i++) text = text.replace(`{${i}}`, String(args[i]))
    return text
  }
  liquid.registerFilter('t', translate)
  // parsed on its own, leniently: an unknown filter is a render error (an error page), not a start-up one
  checkRawOutputs(new Liquid({ root: dirs, partials: dirs, layouts: dirs, extname: '.liquid' }), dirs)
  const compiler = createCompiler(
    (name) => {
      for (const dir of dirs) {
        const file = join(dir, `${name}.liquid`)
        if (existsSync(file)) return readFileSync(file, 'utf8')
      }
      return undefined
    },
    { t: translate },
  )
  // undefined: not tried yet; null: outside the compiled subset, LiquidJS renders it
  const compiled = new Map<string, CompiledTemplate | null>()
  const fast = (template: string): CompiledTemplate | null => {
    let fn = compiled.get(template)
    if (fn === undefined) {
      try {
        fn = compiler.compile(template)
      } catch (error) {
        if (!(error instanceof Unsupported)) throw error
        fn = null
      }
      compiled.set(template, fn)
    }
    return fn
  }
  const assets = loadAssets(themeDir)
  const urls = new Map<string, string>()
  for (const [hashed, asset] of assets) urls.set((asset as ThemeAsset & { name: string }).name, `/assets/${hashed}`)
  const parsed = new Map<string, Template[]>()
  const renders = new Map<string, number>()
  const dueForCheck = (template: string): boolean => {
    const n = renders.get(template) ?? 0
    renders.set(template, n + 1)
    return n < CHECK_FIRST || n % CHECK_EVERY === 0
  }
  return {
    render(template, model) {
      const fn = fast(template)
      if (fn && !options.verify && !dueForCheck(template)) return fn(model)
      let tpl = parsed.get(template)
      if (!tpl) {
        tpl = liquid.parseFileSync(template)
        parsed.set(template, tpl)
      }
      const html = liquid.renderSync(tpl, model) as string
      if (fn) {
        const difference = differs(html, fn(model))
        if (difference && options.verify) throw new Error(`compiled template ${template} differs from LiquidJS ${difference}`)
        if (difference) {
          compiled.set(template, null)
          options.warn?.(`theme template ${template}: its compiled form differs from LiquidJS ${difference}; rendered by LiquidJS from now on`)
        }
      }
      return html
    },
    assets,
    assetUrl: (name) => urls.get(name) ?? `/assets/${name}`,
  }
}

/** Where the compiled output first differs from LiquidJS's, or undefined when they agree. */
function differs(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined
  let i = 0
  while (expected[i] === actual[i]) i++
  return `at ${i}:\n  liquidjs: ${JSON.stringify(expected.slice(Math.max(0, i - 40), i + 60))}\n  compiled: ${JSON.stringify(actual.slice(Math.max(0, i - 40), i + 60))}`
}

interface ParsedValue {
  filters: Array<{ name: unknown }>
  initial: { postfix?: Array<{ getText?: () => string; constructor: { name: string } }> }
}

const isValue = (o: unknown): o is ParsedValue => typeof o === 'object' && o !== null && Array.isArray((o as ParsedValue).filters) && typeof (o as ParsedValue).initial === 'object'

/**
 * Every output (`{{ }}`, `echo`, inside any tag) whose filter chain has `raw` must
 * be exactly `{{ <field>_html | raw }}`: one field whose name ends in _html (the
 * view models' sanitised HTML), `raw` its only filter. A chain such as
 * `description | newline_to_br | raw` would print a reader-supplied string unescaped.
 */
function checkRawOutputs(liquid: Liquid, dirs: string[]): void {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue
    for (const file of readdirSync(dir)) {
      const where = join(dir, file)
      const seen = new Set<object>()
      const walk = (node: unknown): void => {
        if (typeof node !== 'object' || node === null || seen.has(node)) return
        seen.add(node)
        if (isValue(node)) checkValue(node, where)
        for (const [key, child] of Object.entries(node)) if (key !== 'liquid' && key !== 'token' && key !== 'input') walk(child)
      }
      walk(liquid.parse(readFileSync(where, 'utf8'), where))
    }
  }
}

function checkValue(value: ParsedValue, where: string): void {
  const names = value.filters.map((f) => f.name).filter((n): n is string => typeof n === 'string')
  if (!names.includes('raw')) return
  const tokens = value.initial.postfix ?? []
  const expr = tokens.map((t) => t.getText?.() ?? '').join(' ')
  const field = tokens.length === 1 && tokens[0]?.constructor.name === 'PropertyAccessToken' && /^[\w.]*_html$/.test(expr)
  if (!field || names.length !== 1) {
    throw new Error(`theme ${where}: "| raw" may only print a field ending in _html, with no other filter (found "${[expr, ...names].join(' | ')}")`)
  }
}

function readLocale(themeDir: string, locale: Locale): Record<string, string> {
  const base = JSON.parse(readFileSync(join(themeDir, 'locales', 'zh-CN.json'), 'utf8')) as Record<string, string>
  if (locale === 'zh-CN') return base
  const file = join(themeDir, 'locales', `${locale}.json`)
  return existsSync(file) ? { ...base, ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) } : base
}

function loadAssets(themeDir: string): Map<string, ThemeAsset> {
  const dir = join(themeDir, 'assets')
  const out = new Map<string, ThemeAsset>()
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir)) {
    const body = readFileSync(join(dir, name))
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 10)
    const dot = name.lastIndexOf('.')
    const ext = name.slice(dot + 1)
    const hashed = dot > 0 ? `${name.slice(0, dot)}.${hash}.${ext}` : `${name}.${hash}`
    out.set(hashed, Object.assign({ body, type: TYPES[ext] ?? 'application/octet-stream' }, { name }))
  }
  return out
}
