import type { FastifyBaseLogger } from 'fastify'
import type { AdminDeps } from '../admin/admin-deps.ts'
import { createChannelService, createSettingsService, createStaffPosts, createTagService } from '../content/index.ts'
import type { CustomField, IndexTextGrant } from '../paywall/index.ts'
import type { Db } from '../platform/db/database.ts'
import { createSearchAdmin, indexPosts } from '../search/index.ts'
import type { SiteCatalog } from '../site/site-catalog.ts'
import type { WriteStack } from '../write-stack.ts'
import { createMigrationRunner, type MigrationRunner } from '../migrate/migration-runner.ts'
import type { PostService } from '../content/index.ts'

/** What the console's context is given that the site's is not: built here, the rest handed in by the root. */
type Given = Omit<AdminDeps, 'staffPosts' | 'settings' | 'channels' | 'tags' | 'searchAdmin' | 'previewShare' | 'migrations'>

/**
 * The console's own services: staff post lists, settings, channels, tags (whose
 * changes index their posts again) and the search index's controls. Each
 * change is announced to every process (`contentChanged`).
 */
export function composeAdmin(deps: {
  db: Db
  now: () => Date
  log: FastifyBaseLogger
  catalog: SiteCatalog
  writers: WriteStack
  /** the capability to read stored text for the search index, made by the root (which holds the full handle) */
  indexText: IndexTextGrant
  contentChanged: () => Promise<void>
  /** saves that leave the search index to be built once after (a migration) */
  bulkPosts: PostService
  /** a migrated post's own columns, kept for its editors (made where the full handle is) */
  keepFields: (postId: number, source: string, fields: CustomField[], at: string) => Promise<void>
  given: Given
}): AdminDeps & { migrationRunner: MigrationRunner } {
  const { db, now, catalog, writers, indexText, contentChanged } = deps
  const searchAdmin = createSearchAdmin({
    db,
    engine: writers.engine,
    indexText,
    siteTerms: () => catalog.get().settings.searchTerms,
    now,
    // every process reads the index format and the dictionary again, and drops its pages
    onDone: contentChanged,
    onError: (err) => deps.log.error({ err }, 'the search reindex failed'),
  })
  const migrationRunner = createMigrationRunner({
    db,
    posts: deps.bulkPosts,
    keepFields: deps.keepFields,
    now,
    // the posts came without the search index: built now in the background (its progress on the settings page)
    onDone: async (actor) => {
      await contentChanged()
      await searchAdmin.startReindex(actor).catch((err: unknown) => deps.log.warn({ err }, 'the search index after a migration did not start'))
    },
    onError: (err) => deps.log.error({ err }, 'a migration from the console failed'),
  })
  return {
    ...deps.given,
    migrations: migrationRunner,
    migrationRunner,
    staffPosts: createStaffPosts({ db }),
    settings: createSettingsService({ db, now, onChange: contentChanged }),
    channels: createChannelService({ db, now, onChange: contentChanged }),
    searchAdmin,
    tags: createTagService({
      db,
      now,
      // the posts' search rows hold their tags' words: indexed again, then every process drops its copies
      onTagsChanged: async (postIds) => {
        await indexPosts({ db, engine: writers.engine, segmenter: writers.segmenter, indexText }, postIds)
        await contentChanged()
      },
    }),
    previewShare: () => catalog.get().settings.previewShare,
  }
}
