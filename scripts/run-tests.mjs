// Runs every *.test.ts under src/ and test/ with Node's own runner through tsx.
// Node 20 takes --test arguments as paths, not globs, so the list is built here.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const filter = process.argv.slice(2)
let files = [...walk('src', []), ...walk('test', [])].sort()
if (filter.length) files = files.filter((f) => filter.some((part) => f.includes(part)))
if (!files.length) {
  console.error('no test files matched')
  process.exit(1)
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files]
const result = spawnSync(process.execPath, args, { stdio: 'inherit' })
process.exit(result.status ?? 1)
