import type { PostService } from '../content/index.ts'
import type { CustomField } from '../paywall/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import { authorize } from '../platform/access/permissions.ts'
import { recordAudit } from '../platform/audit/audit-log.ts'
import type { Db } from '../platform/db/database.ts'
import { migrateFastadmin } from './fastadmin/fastadmin-migration.ts'
import { defaultRules } from './fastadmin/fastadmin-rows.ts'
import { FastadminSource } from './fastadmin/fastadmin-source.ts'
import { GhostError, readGhost, readGhostMembers } from './ghost/ghost-site.ts'
import { migrateError } from './migrate.errors.ts'
import { describeReport, describeSiteReport } from './report-words.ts'
import type { ImportedSite } from './site-in/imported-site.ts'
import { writeImportedSite } from './site-in/write-imported-site.ts'
import { readWxr, WxrError } from './wordpress/wxr-site.ts'

/** What the console asks to bring in: an export's text, or a FastAdmin database's address. */
export type MigrationRequest =
  | { engine: 'fastadmin'; from: string; prefix: string; root: boolean; dryRun: boolean }
  | { engine: 'wordpress'; xml: string; dryRun: boolean }
  | { engine: 'ghost'; json: string; membersCsv?: string; url?: string; dryRun: boolean }

/** A run as the console shows it: where it is, then the report in the owner's words. */
export interface MigrationRun {
  engine: MigrationRequest['engine']
  dryRun: boolean
  state: 'running' | 'done' | 'failed'
  done: number
  total: number
  startedAt: string
  finishedAt: string | null
  /** the report, a line each (as the command prints it) */
  lines: string[]
  error: string | null
}

/**
 * Migrations started from the console (settings.manage: admins): one at a time
 * in a process, in the background, its progress read by polling. An export's
 * text is read before the run starts, so a file that is not one is refused at
 * once with why. A real run's posts are saved without the search index; `onDone`
 * then starts the index's rebuild (the console's reindex, with its progress) and
 * tells every process. The same operations as `inkgate migrate`.
 */
export function createMigrationRunner(deps: {
  db: Db
  posts: PostService
  now: () => Date
  /** a FastAdmin model's own columns, kept for the posts' editors (a paywall capability) */
  keepFields: (postId: number, source: string, fields: CustomField[], at: string) => Promise<void>
  onDone: (actor: Actor) => Promise<void>
  onError: (error: unknown) => void
}) {
  let current: MigrationRun | undefined
  let running: Promise<void> | undefined

  function read(req: MigrationRequest): ImportedSite | undefined {
    try {
      if (req.engine === 'wordpress') return readWxr(req.xml)
      if (req.engine === 'ghost') {
        const site = readGhost(req.json, req.url ? { url: req.url } : {})
        if (req.membersCsv) {
          const members = readGhostMembers(req.membersCsv, deps.now())
          site.members = members.members
          site.skipped.push(...members.skipped)
        }
        return site
      }
      return undefined
    } catch (error) {
      if (error instanceof WxrError || error instanceof GhostError) throw migrateError('MIGRATION_INPUT_INVALID', { reason: error.message })
      throw error
    }
  }

  async function run(actor: Actor, req: MigrationRequest, site: ImportedSite | undefined, state: MigrationRun): Promise<void> {
    const t0 = Date.now()
    const progress = (done: number, total: number) => {
      state.done = done
      state.total = total
    }
    const write = { db: deps.db, posts: deps.posts, actor, now: deps.now, onProgress: progress }
    if (req.engine === 'fastadmin') {
      const source = await FastadminSource.open(req.from, req.prefix)
      try {
        const report = await migrateFastadmin({ ...write, keepFields: deps.keepFields }, source, { rules: defaultRules(req.root), dryRun: req.dryRun })
        state.lines = describeReport(report, (Date.now() - t0) / 1000)
      } finally {
        await source.close()
      }
    } else if (site) {
      state.total = site.posts.length
      const report = await writeImportedSite(write, site, { dryRun: req.dryRun })
      state.lines = describeSiteReport(req.engine, report, undefined, (Date.now() - t0) / 1000)
    }
    if (!req.dryRun) {
      await recordAudit(deps.db, actor, deps.now(), { action: 'site.migrate', target: req.engine, detail: { via: 'console', lines: state.lines.slice(0, 8) } })
      await deps.onDone(actor)
    }
  }

  return {
    /** The last run in this process (running or ended), or none. */
    status(actor: Actor): MigrationRun | null {
      authorize(actor, 'settings.manage')
      return current ? { ...current, lines: [...current.lines] } : null
    },

    /** Starts a run in the background; refused while one runs, or when the export is not one. */
    start(actor: Actor, req: MigrationRequest): MigrationRun {
      authorize(actor, 'settings.manage')
      if (running) throw migrateError('MIGRATION_RUNNING')
      const site = read(req)
      const state: MigrationRun = {
        engine: req.engine,
        dryRun: req.dryRun,
        state: 'running',
        done: 0,
        total: site?.posts.length ?? 0,
        startedAt: deps.now().toISOString(),
        finishedAt: null,
        lines: [],
        error: null,
      }
      current = state
      running = run(actor, req, site, state)
        .then(() => {
          state.state = 'done'
        })
        .catch((error: unknown) => {
          state.state = 'failed'
          state.error = error instanceof Error ? error.message : String(error)
          deps.onError(error)
        })
        .finally(() => {
          state.finishedAt = deps.now().toISOString()
          running = undefined
        })
      return { ...state }
    },

    /** waits for a running migration (tests, shutdown) */
    async idle(): Promise<void> {
      await running
    },
  }
}
export type MigrationRunner = ReturnType<typeof createMigrationRunner>
