import type { PostService } from '../../content/index.ts'
import type { CustomField } from '../../paywall/index.ts'
import type { Actor } from '../../platform/access/actor.ts'
import type { Db } from '../../platform/db/database.ts'
import type { UploadCopier } from '../site-in/bring-uploads.ts'
import type { UrlRules } from './fastadmin-rows.ts'
import type { Tally } from '../tally.ts'
import type { FastadminSource } from './fastadmin-source.ts'

/** What a FastAdmin run is: its report, what it is given, and the state its steps share. */
export const SOURCE = 'fastadmin'

/** What a run did (or, dry, would do): counts per kind, every row left out with its reason, what we do not bring yet. */
export interface MigrationReport {
  dryRun: boolean
  channels: Tally
  posts: Tally & { trashed: number; hidden: number; withWarnings: number; withFields: number }
  members: Tally
  orders: Tally & { guest: number }
  balances: number
  legacyUrls: number
  skipped: Array<{ kind: string; id: number | string; reason: string }>
  warnings: Array<{ id: number; codes: string[] }>
  notBrought: Record<string, number>
}

export interface MigrationDeps {
  db: Db
  posts: PostService
  actor: Actor
  now: () => Date
  /** after each batch of archives: how many are done of how many */
  onProgress?: (done: number, total: number) => void
  /** the old site's uploads (`--uploads`): bodies and covers pointed at the copies in our media library */
  uploads?: UploadCopier
  /**
   * keeps a model's own columns beside the post, for its editors only (they may
   * hold paid links: a paywall capability, granted where the full handle is)
   */
  keepFields?: (postId: number, source: string, fields: CustomField[], at: string) => Promise<void>
}

/** One run's state, shared by its steps. */
export interface Run {
  deps: MigrationDeps
  db: Db
  source: FastadminSource
  rules: UrlRules
  at: string
  write: boolean
  report: MigrationReport
  /** old addresses and their new ones, saved at the end */
  urls: Array<{ path: string; target: string }>
}
