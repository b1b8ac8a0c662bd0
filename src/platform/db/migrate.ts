import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { Dialect } from './database.ts'
import * as m0001 from './migrations/0001-create-content.ts'
import * as m0002 from './migrations/0002-move-views-to-post-views.ts'
import * as m0003 from './migrations/0003-create-search.ts'
import * as m0004 from './migrations/0004-create-title-search.ts'
import * as m0005 from './migrations/0005-create-members.ts'
import * as m0006 from './migrations/0006-create-commerce.ts'
import * as m0007 from './migrations/0007-add-attempt-ref.ts'
import * as m0008 from './migrations/0008-create-related-words.ts'
import * as m0009 from './migrations/0009-add-post-tag-list.ts'
import * as m0010 from './migrations/0010-add-related-ids.ts'
import * as m0011 from './migrations/0011-mark-search-index-format.ts'
import * as m0012 from './migrations/0012-unique-running-purchases.ts'
import * as m0013 from './migrations/0013-drop-unfollowable-urls.ts'
import * as m0014 from './migrations/0014-create-changes-and-leases.ts'
import * as m0015 from './migrations/0015-create-password-resets-and-mail-outbox.ts'
import * as m0016 from './migrations/0016-create-audit-log.ts'
import * as m0017 from './migrations/0017-index-posts-for-staff.ts'
import * as m0018 from './migrations/0018-index-for-dashboard.ts'
import * as m0019 from './migrations/0019-add-member-disabled.ts'
import * as m0020 from './migrations/0020-create-post-revisions.ts'
import * as m0021 from './migrations/0021-create-media.ts'
import * as m0022 from './migrations/0022-add-post-trash.ts'
import * as m0023 from './migrations/0023-create-two-factor.ts'
import * as m0024 from './migrations/0024-add-post-preview-share.ts'
import * as m0025 from './migrations/0025-create-payment-credentials.ts'
import * as m0026 from './migrations/0026-create-post-drafts.ts'
import * as m0027 from './migrations/0027-add-plan-recommended.ts'
import * as m0028 from './migrations/0028-create-member-consents.ts'
import * as m0029 from './migrations/0029-create-migration-records.ts'
import * as m0030 from './migrations/0030-create-downloads.ts'
import * as m0031 from './migrations/0031-create-post-custom-fields.ts'

/** Migrations are listed here (not read from a folder) so the set is the same in every build. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-create-content': { up: (db) => m0001.up(db, dialect) },
    '0002-move-views-to-post-views': { up: (db) => m0002.up(db, dialect) },
    '0003-create-search': { up: (db) => m0003.up(db, dialect) },
    '0004-create-title-search': { up: (db) => m0004.up(db, dialect) },
    '0005-create-members': { up: (db) => m0005.up(db, dialect) },
    '0006-create-commerce': { up: (db) => m0006.up(db, dialect) },
    '0007-add-attempt-ref': { up: (db) => m0007.up(db, dialect) },
    '0008-create-related-words': { up: (db) => m0008.up(db, dialect) },
    '0009-add-post-tag-list': { up: (db) => m0009.up(db, dialect) },
    '0010-add-related-ids': { up: (db) => m0010.up(db, dialect) },
    '0011-mark-search-index-format': { up: (db) => m0011.up(db, dialect) },
    '0012-unique-running-purchases': { up: (db) => m0012.up(db, dialect) },
    '0013-drop-unfollowable-urls': { up: (db) => m0013.up(db, dialect) },
    '0014-create-changes-and-leases': { up: (db) => m0014.up(db, dialect) },
    '0015-create-password-resets-and-mail-outbox': { up: (db) => m0015.up(db, dialect) },
    '0016-create-audit-log': { up: (db) => m0016.up(db, dialect) },
    '0017-index-posts-for-staff': { up: (db) => m0017.up(db, dialect) },
    '0018-index-for-dashboard': { up: (db) => m0018.up(db, dialect) },
    '0019-add-member-disabled': { up: (db) => m0019.up(db, dialect) },
    '0020-create-post-revisions': { up: (db) => m0020.up(db, dialect) },
    '0021-create-media': { up: (db) => m0021.up(db, dialect) },
    '0022-add-post-trash': { up: (db) => m0022.up(db, dialect) },
    '0023-create-two-factor': { up: (db) => m0023.up(db, dialect) },
    '0024-add-post-preview-share': { up: (db) => m0024.up(db, dialect) },
    '0025-create-payment-credentials': { up: (db) => m0025.up(db, dialect) },
    '0026-create-post-drafts': { up: (db) => m0026.up(db, dialect) },
    '0027-add-plan-recommended': { up: (db) => m0027.up(db, dialect) },
    '0028-create-member-consents': { up: (db) => m0028.up(db, dialect) },
    '0029-create-migration-records': { up: (db) => m0029.up(db, dialect) },
    '0030-create-downloads': { up: (db) => m0030.up(db, dialect) },
    '0031-create-post-custom-fields': { up: (db) => m0031.up(db, dialect) },
  }
}

/** `schema`: where PostgreSQL keeps the migration tables when the app runs in a schema of its own. */
export async function migrateToLatest(db: Kysely<any>, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const reason = error instanceof Error ? `: ${error.message}` : ''
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed${reason}`, { cause: error })
  }
}
