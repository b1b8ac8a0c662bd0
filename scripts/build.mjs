// Bundles the server and the CLI into .build/ with esbuild, so production runs
// plain JavaScript (no TypeScript loader thread at run time), and the admin
// console (admin-ui/, React + antd) into .build/admin with Vite. Both take a
// couple of seconds; `npm start` runs this first. `--server` skips the console.
import { build } from 'esbuild'

await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/main.ts', 'segment-worker': 'src/search/segment-worker.ts', 'pdf-worker': 'src/site/files/pdf-worker.ts' },
  outdir: '.build',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
})

if (!process.argv.includes('--server')) {
  const { build: buildConsole } = await import('vite')
  await buildConsole({ configFile: 'admin-ui/vite.config.ts', logLevel: 'warn' })
}
