import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { composePost, seededRandom } from '../src/content/demo/demo-text.ts'

/** Channel folders of the freshly imported site, named in Chinese as an owner names them (the importer makes the channels). */
const FOLDERS = ['讲话稿', '心得体会', '工作总结', '汇报材料', '党课讲稿', '调研报告', '检查材料', '规章制度']

/**
 * A site as an owner makes it on the first day: `files` sample-format files in
 * Chinese-named folders (tags in front matter, a third paid, one in ten on three
 * pages), imported into an empty data directory by the real command (the built
 * CLI, as `npx inkgate import --create-channels` runs it), which also builds the
 * search index and ranks the related posts before it ends.
 */
export function importFreshSite(root: string, files: number, seed: number): { dataDir: string; seconds: number; slugs: string[] } {
  const source = join(root, 'files')
  const dataDir = join(root, 'data')
  mkdirSync(dataDir, { recursive: true })
  for (const folder of FOLDERS) mkdirSync(join(source, folder), { recursive: true })
  const rng = seededRandom(seed)
  const slugs: string[] = []
  for (let i = 0; i < files; i++) {
    const paid = i % 3 === 0
    const post = composePost(rng, { paid, pages: i % 10 === 0 ? 3 : 1, chars: 700 + Math.floor(rng() * 2700), twoRegions: paid && i % 7 === 0 })
    writeFileSync(join(source, FOLDERS[i % FOLDERS.length] as string, `fresh-${i}.txt`), `---\ntags: [${post.tags.join(', ')}]\n---\n${post.text}`)
    slugs.push(`fresh-${i}`)
  }
  const started = performance.now()
  const run = spawnSync(process.execPath, ['.build/cli.mjs', 'import', source, '--create-channels', '--price', '9.90', '--quiet'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', INKGATE_DATA_DIR: dataDir, INKGATE_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const seconds = (performance.now() - started) / 1000
  if (run.status !== 0) throw new Error(`the import failed (${run.status}):\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`)
  return { dataDir, seconds, slugs }
}
