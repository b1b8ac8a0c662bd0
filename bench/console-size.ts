// `npm run bench:console`: how much JavaScript (gzipped) each screen of the admin
// console loads before it shows, from the build's manifest: the entry with
// everything it imports statically, plus the screen's chunk and its static imports.
// The target (issue 12): the first screen under 300 KB. Writes its block in BENCHMARKS.md.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import os from 'node:os'

interface Chunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

const OUT = '.build/admin'
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' })
const manifest = JSON.parse(readFileSync(join(OUT, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>

function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const next of manifest[key]?.imports ?? []) closure(next, seen)
  return seen
}
const gz = (file: string) => gzipSync(readFileSync(join(OUT, file)), { level: 9 }).length
const weigh = (keys: Set<string>) => {
  let js = 0
  let css = 0
  for (const k of keys) {
    const c = manifest[k] as Chunk
    js += gz(c.file)
    for (const f of c.css ?? []) css += gz(f)
  }
  return { js, css }
}
const keyOf = (src: string) => {
  const key = Object.keys(manifest).find((k) => manifest[k]?.src?.endsWith(src))
  if (!key) throw new Error(`no chunk for ${src}`)
  return key
}

const entry = closure(keyOf('index.html'))
const consoleChunk = ['src/app/console.tsx']
const screens: Array<[string, string[]]> = [
  ['sign-in (a visitor’s first screen)', ['src/features/session/pages/sign-in-page.tsx']],
  ['dashboard (an admin’s first screen)', [...consoleChunk, 'src/features/dashboard/pages/dashboard-page.tsx']],
  ['dashboard with its chart (loads after the figures)', [...consoleChunk, 'src/features/dashboard/pages/dashboard-page.tsx', 'src/features/dashboard/components/revenue-chart.tsx']],
  ['post list (an editor’s or author’s first screen)', [...consoleChunk, 'src/features/posts/pages/post-list-page.tsx']],
  ['post editor', [...consoleChunk, 'src/features/posts/pages/post-editor-page.tsx']],
  ['orders', [...consoleChunk, 'src/features/orders/pages/orders-page.tsx']],
]
const rows = screens.map(([name, srcs]) => {
  const keys = new Set(entry)
  for (const src of srcs) closure(keyOf(src), keys)
  const { js, css } = weigh(keys)
  return { name, js, css }
})
const kb = (n: number) => (n / 1024).toFixed(1)
for (const r of rows) console.log(`${r.name.padEnd(52)} ${kb(r.js).padStart(7)} KB js  ${kb(r.css).padStart(5)} KB css (gzip -9)`)

const firstScreens = rows.filter((r) => /first screen/.test(r.name))
const worst = Math.max(...firstScreens.map((r) => r.js))
const START = '<!-- console-size -->'
const END = '<!-- /console-size -->'
const block = [
  START,
  '## Admin console: JavaScript per screen',
  '',
  `\`npm run bench:console\` on ${os.cpus()[0]?.model ?? 'this machine'} (${os.cpus().length} cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Gzip level 9 of each chunk the screen loads before it shows (the entry and its static imports, the screen's chunk and its static imports), from Vite's manifest.`,
  '',
  '| screen | JS gzipped | CSS gzipped |',
  '| --- | ---: | ---: |',
  ...rows.map((r) => `| ${r.name} | ${kb(r.js)} KB | ${kb(r.css)} KB |`),
  '',
  `Target: every first screen under 300 KB of JavaScript — worst ${kb(worst)} KB, **${worst < 300 * 1024 ? 'met' : 'NOT met'}**.`,
  END,
].join('\n')
const bench = 'BENCHMARKS.md'
const text = existsSync(bench) ? readFileSync(bench, 'utf8') : '# Benchmarks\n'
writeFileSync(bench, text.includes(START) ? text.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : `${text.trimEnd()}\n\n${block}\n`)
