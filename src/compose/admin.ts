import type { FastifyBaseLogger } from 'fastify'
import type { AdminDeps } from '../admin/admin-deps.ts'
import { createChannelService, createSettingsService, createStaffPosts, createTagService } from '../content/index.ts'
import type { IndexTextGrant } from '../paywall/index.ts'
import type { Db } from '../platform/db/database.ts'
import { createSearchAdmin, indexPosts } from '../search/index.ts'
import type { SiteCatalog } from '../site/site-catalog.ts'
import type { WriteStack } from '../write-stack.ts'

/** What the console's context is given that the site's is not: built here, the rest handed in by the root. */
type Given = Omit<AdminDeps, 'staffPosts' | 'settings' | 'channels' | 'tags' | 'searchAdmin' | 'previewShare'>

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
  given: Given
}): AdminDeps {
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
  return {
    ...deps.given,
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
