import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The built server in production mode, started as `npm start` starts it (same node flags), on a bench data dir.
 * `checkout` is the project directory whose build and start script are used (another worktree for an A/B run).
 */
export function startServer(dataDir: string, port: number, checkout = '.'): Promise<ChildProcess> {
  const startArgs = (JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1)
  const child = spawn(process.execPath, startArgs, {
    cwd: checkout,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      INKGATE_DATA_DIR: dataDir,
      INKGATE_SEED_DEMO: 'false',
      INKGATE_LOG_LEVEL: 'warn',
      INKGATE_SITE_URL: 'https://bench.example',
      INKGATE_COOKIE_SECRET: 'b'.repeat(40),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return waitForHttp(child, `http://127.0.0.1:${port}/robots.txt`)
}

/** Resolves once `url` answers 200; kills the child after a minute without. */
export async function waitForHttp(child: ChildProcess, url: string): Promise<ChildProcess> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return child
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill()
  throw new Error(`${url} did not come up`)
}
