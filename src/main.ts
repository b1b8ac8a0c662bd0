import { setFlagsFromString } from 'node:v8'
import { buildApp } from './app.ts'
import { seedDemoPlans } from './commerce/demo-plans.ts'
import { seedDemo } from './content/demo/demo-seed.ts'
import { loadConfigOrReport } from './platform/config/load-config.ts'
import { indexStatus } from './search/index.ts'

// Serving pages, the old generation holds ~35 MB that lives; V8's default growth let it reach
// ~47 MB before the next full collection: three a second at 3,000 pages/s, each pausing the
// server 5–15 ms (the p99). Growing it by 100% before collecting measured 484 → 369 µs of CPU
// a page and p99 52 → 43 ms, peak RSS 191 → 215 MB (BENCHMARKS.md). Set here rather than on
// the command line so a Node.js without the flag starts anyway.
setFlagsFromString('--heap-growing-percent=100')
// V8 moves an allocation site to the old generation once a scavenge finds nearly all its objects
// alive (--trace-pretenuring showed sites at a ratio of 1.0 switched to "tenure" under load); from
// then on those per-request objects are allocated old and only a full collection frees them. Off,
// a scavenge promotes 0.4 MB instead of 1.5 MB, pauses 0.9 ms instead of 2.4, and a post page
// costs 91% of the CPU (bench:ab, 8 paired rounds). Whether V8 took that decision varied from run
// to run, which is why the flag once seemed to make no difference.
setFlagsFromString('--no-allocation-site-pretenuring')
// The young generation is capped at 8 MB in package.json's start script (it must be set before the
// heap exists): with pretenuring off, the same CPU a page and p99 as V8's 16 MB, 22 MB less peak RSS.

/** Process entry: config → app → listen; closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfigOrReport(process.env)
  if (!config) process.exit(2)
  const app = await buildApp({ config })
  if (config.seedDemo) {
    const seeded = await seedDemo(app.services.handle.db, app.services.posts, new Date())
    if (seeded.posts) {
      const plans = await seedDemoPlans(app.services.commerce.vip)
      app.log.info(`loaded the demo site: ${seeded.channels} channels, ${seeded.posts} posts, ${plans} VIP plans`)
    }
  }
  const terms = app.services.writers.siteTerms()
  const index = await indexStatus(app.services.handle.db, terms ? [terms] : [])
  if (index.stale || index.unfinished) app.log.warn('the search index does not match the current dictionaries: run `npx inkgate search reindex`')
  const close = async () => {
    await app.close()
    process.exit(0)
  }
  process.once('SIGINT', close)
  process.once('SIGTERM', close)
  await app.listen({ port: config.http.port, host: config.http.host })
}

await main()
