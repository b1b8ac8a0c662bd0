// `npm test`: the type check (which proves the paywall's type-level doors, test/types),
// the linter (the domain graph and the doors to paid text, eslint.config.js) and the
// formatter's check, then every *.test.ts under src/ and test/ with Node's own runner
// through tsx. Node 20 takes --test arguments as paths, not globs, so the list is
// built here. With arguments, only the test files whose path contains one of them
// run, and the checks are skipped (for a quick run while working).
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawn, spawnSync } from 'node:child_process'

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path, out)
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const bin = (name) => join('node_modules', '.bin', name)
function check(label, command, args) {
  const started = Date.now()
  const result = spawnSync(command, args, { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`✖ ${label} failed`)
    process.exit(result.status ?? 1)
  }
  console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
}

const filter = process.argv.slice(2)
if (!filter.length) {
  check('type check (tsc --noEmit)', bin('tsc'), ['--noEmit'])
  check('type check of the console (tsc -p admin-ui)', bin('tsc'), ['-p', 'admin-ui', '--noEmit'])
  check('lint (eslint)', bin('eslint'), ['.', '--quiet'])
  check('format (prettier --check)', bin('prettier'), [
    '--check',
    '--log-level',
    'warn',
    'src/**/*.ts',
    'test/**/*.ts',
    'bench/**/*.ts',
    'scripts/*.mjs',
    'eslint.config.js',
    'admin-ui/src/**/*.{ts,tsx,css}',
    'admin-ui/vite.config.ts',
  ])
}
// the server's bundle and the console: the browser tests and the leak sweep open /admin
check('build (scripts/build.mjs)', process.execPath, ['scripts/build.mjs'])
let files = [...walk('src', []), ...walk('test', [])].sort()
if (filter.length) files = files.filter((f) => filter.some((part) => f.includes(part)))
if (!files.length) {
  console.error('no test files matched')
  process.exit(1)
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files]
// A test file that leaves a handle open (a server, a database's worker) never ends, and
// the runner waits for it forever: a run that passes in minutes is stopped at 30 and says
// so. The runner gets a process group of its own, so that its test files go with it.
const LIMIT_MS = 30 * 60_000
const child = spawn(process.execPath, args, { stdio: 'inherit', detached: true })
const stop = (signal) => {
  try {
    process.kill(-child.pid, signal)
  } catch {}
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal))
const timer = setTimeout(() => {
  console.error(`✖ the tests did not finish within ${LIMIT_MS / 60_000} minutes: the last file above that did not report its end left something open`)
  stop('SIGKILL')
}, LIMIT_MS)
child.on('exit', (code, signal) => {
  clearTimeout(timer)
  stop('SIGKILL') // whatever a test file left running
  process.exit(code ?? (signal ? 1 : 0))
})
