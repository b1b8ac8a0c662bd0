import { buildChannelTree, listChannels, readSettings, toSiteSettings, type ChannelTree, type SiteSettings } from '../content/index.ts'
import type { Db } from '../platform/db/database.ts'

export interface CatalogState {
  settings: SiteSettings
  tree: ChannelTree
}

/**
 * Settings and the channel tree, kept in memory: every page needs them and they
 * change rarely. Reloaded after a content change and, as a backstop for other
 * processes' changes, every minute.
 */
export async function createSiteCatalog(db: Db) {
  const load = async (): Promise<CatalogState> => ({ settings: toSiteSettings(await readSettings(db)), tree: buildChannelTree(await listChannels(db)) })
  let state = await load()
  let loadedAt = Date.now()
  return {
    get(): CatalogState {
      if (Date.now() - loadedAt > 60_000) {
        loadedAt = Date.now()
        void load().then(
          (s) => (state = s),
          () => undefined,
        )
      }
      return state
    },
    async reload(): Promise<void> {
      state = await load()
      loadedAt = Date.now()
    },
  }
}
export type SiteCatalog = Awaited<ReturnType<typeof createSiteCatalog>>
