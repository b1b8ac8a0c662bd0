import { existsSync, readFileSync, writeFileSync } from 'node:fs'

interface Summary {
  rps: number
  p50: number
  p99: number
  non2xx: number
}

export interface BenchReport {
  command: string
  machine: { cpu: string; cores: number; memoryGb: number; node: string }
  posts: number
  seconds: number
  rounds: number
  connections: number
  buildSeconds: number
  imported: { files: number; seconds: number }
  bare: Summary
  post: Summary
  home: Summary
  /** random post pages on a copy with the search index built */
  indexed: Summary
  /** median of the per-round post/bare ratios */
  postRatio: number
  indexedRatio: number
  peakRssMb: number
  indexedPeakRssMb: number
}

const row = (name: string, s: Summary, bare: Summary) => `| ${name} | ${s.rps.toFixed(0)} | ${((s.rps / bare.rps) * 100).toFixed(0)}% | ${s.p50} | ${s.p99} | ${s.non2xx} |`

/** BENCHMARKS.md: the figures, the machine and the command that produced them. */
export function writeReport(file: string, r: BenchReport): void {
  const ratio = r.postRatio
  const md = `# Benchmarks

Written by \`${r.command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.

Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GiB, Node ${r.machine.node}. A shared, noisy VM:
the ratio to bare Fastify, measured in the same run, is the figure to compare across runs.

## Page throughput (one process, SQLite, ${r.posts.toLocaleString('en-US')} posts)

autocannon in the benchmark process on the same 2 cores, ${r.connections} connections, ${r.rounds} interleaved rounds of ${r.seconds} s,
medians shown. "post" requests a random post of the ${r.posts.toLocaleString('en-US')} on every request, so the in-process
page cache is mostly missed; "home" is served from it.

| target | req/s | of bare | p50 ms | p99 ms | non-2xx + errors |
| --- | ---: | ---: | ---: | ---: | ---: |
| bare Fastify, fixed 10 KB page | ${r.bare.rps.toFixed(0)} | 100% | ${r.bare.p50} | ${r.bare.p99} | ${r.bare.non2xx} |
${row('random anonymous post page', r.post, r.bare)}
${row('home page', r.home, r.bare)}
${row('random post page, site with its search index', r.indexed, r.bare)}

The "of bare" column divides medians; the target below uses the median of each round's own ratio
(post ÷ bare measured seconds apart), which a noisy neighbour disturbs less: **${(ratio * 100).toFixed(1)}%**.

Server peak RSS: **${r.peakRssMb.toFixed(0)} MB**.

The last row is a second server on a copy of the database with its search index built and every post's
related posts ranked (what the server's job keeps up), as on a real site that has been running: each post
page then reads its ranked related posts (one row, six posts), where the plain database, which has no
index, shows the channel's newest. Its round-by-round share of bare:
${(r.indexedRatio * 100).toFixed(1)}%; its peak RSS ${r.indexedPeakRssMb.toFixed(0)} MB. Issue 2's targets are stated for the plain database.

Targets (issue 2): random post pages ≥ 30% of bare Fastify — **${(ratio * 100).toFixed(0)}% ${ratio >= 0.3 ? 'met' : 'NOT met'}**;
p99 ≤ 25 ms at 50 connections — **${r.post.p99} ms ${r.post.p99 <= 25 ? 'met' : 'NOT met'}**; RSS ≤ 250 MB — **${r.peakRssMb.toFixed(0)} MB ${r.peakRssMb <= 250 ? 'met' : 'NOT met'}**.

## Writing

| what | figure |
| --- | --- |
| import of ${r.imported.files.toLocaleString('en-US')} sample-format files (parse, compile, store; SQLite) | ${r.imported.seconds.toFixed(1)} s (${(r.imported.files / r.imported.seconds).toFixed(0)} files/s) |
| building the ${r.posts.toLocaleString('en-US')}-post database (0 = reused from bench/.work) | ${r.buildSeconds.toFixed(0)} s |
`
  // notes written by hand below the marker survive a new run
  const notes = existsSync(file) ? readFileSync(file, 'utf8').split(NOTES_MARKER)[1] : undefined
  writeFileSync(file, `${md}\n${NOTES_MARKER}${notes ?? '\n'}`)
}

const NOTES_MARKER = '<!-- notes: kept across runs -->'
