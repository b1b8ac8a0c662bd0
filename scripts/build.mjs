// Bundles the server and the CLI into .build/ with esbuild, so production runs
// plain JavaScript (no TypeScript loader thread at run time). Takes well under a second.
import { build } from 'esbuild'

await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/main.ts', 'segment-worker': 'src/search/segment-worker.ts' },
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
