import type { AppConfig } from '../config/load-config.ts'
import type { Db } from '../db/database.ts'
import { createChangeFeed } from './change-feed.ts'

/**
 * For a command-line run that changed what the public sees (an import, a reindex,
 * the site dictionary): tells every running server, through the change counter
 * and, when REDIS_URL is set, at once through Redis.
 */
export async function announceChange(db: Db, config: Pick<AppConfig, 'redisUrl' | 'redisPrefix'>): Promise<void> {
  const redis = config.redisUrl ? new (await import('ioredis')).Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : undefined
  try {
    await createChangeFeed({ db, ...(redis ? { redis } : {}), redisPrefix: config.redisPrefix, log: { warn: (o, m) => console.error(m, o) } }).publish()
  } finally {
    redis?.disconnect()
  }
}
