import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { startIntervalJob } from '../platform/jobs/interval-job.ts'
import { createLease } from '../platform/jobs/lease.ts'
import type { AppConfig } from '../platform/config/load-config.ts'
import type { DbHandle } from '../platform/db/create-db.ts'

/** One job: a name, how often, and its run (a run that is still going is not started again). */
export interface Job {
  name: string
  everyMs: number
  run: () => Promise<unknown>
}

/**
 * The background jobs. They work on shared state, so one process of a cluster
 * runs them, under a lease another takes over when it dies; each runs on its own
 * interval. With `background` off (tests), nothing starts: the tests call the
 * runs themselves.
 */
export function startJobs(deps: { handle: Pick<DbHandle, 'db'>; config: AppConfig; redis: Redis | undefined; log: FastifyBaseLogger; background: boolean; jobs: Job[] }) {
  const { config, log } = deps
  const lease = createLease({ name: 'jobs', db: deps.handle.db, ...(deps.redis ? { redis: deps.redis } : {}), redisPrefix: config.redisPrefix, ttlMs: config.jobLeaseMs, log })
  const whileHeld = (run: () => Promise<unknown>) => async () => (lease.held() ? run() : undefined)
  if (deps.background) lease.start()
  const running = deps.background ? deps.jobs.map((job) => startIntervalJob(job.name, job.everyMs, whileHeld(job.run), log)) : []
  return {
    async stop(): Promise<void> {
      for (const job of running) await job.stop()
      await lease.stop()
    },
  }
}
