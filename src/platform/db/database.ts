import type { Kysely, Transaction } from 'kysely'
import type { ChannelTable } from '../../content/channel.table.ts'
import type { PostSegmentTable, PostTable, PostViewTable } from '../../content/post.table.ts'
import type { SettingTable } from '../../content/setting.table.ts'
import type { LegacyUrlTable } from '../../content/legacy-url.table.ts'
import type { MigratedRowTable } from '../../migrate/migrate.table.ts'
import type { PostTagTable, TagTable } from '../../content/tag.table.ts'
import type { PaidSegmentTable, PostCustomFieldsTable, PostDraftTable, PostRevisionTable, PostSourceTable } from '../../paywall/paid-segment.table.ts'
import type { SearchLogTable } from '../../search/search-log.table.ts'
import type { RelatedWordsTable } from '../../search/related-words.table.ts'
import type { MemberConsentTable, MemberRecoveryCodeTable, MemberTable, MemberTotpTable, PasswordResetTable, SessionTable } from '../../members/member.table.ts'
import type { CommerceTables } from '../../commerce/commerce.table.ts'
import type { ChangesTable, JobLeasesTable } from './changes.table.ts'
import type { MailOutboxTable } from '../mail/mail.table.ts'
import type { AuditLogTable } from '../audit/audit.table.ts'
import type { MediaRefTable, MediaTable } from '../../media/media.table.ts'

/** Tables every module may query. */
export interface PublicDatabase extends CommerceTables {
  channels: ChannelTable
  posts: PostTable
  post_segments: PostSegmentTable
  post_views: PostViewTable
  tags: TagTable
  post_tags: PostTagTable
  settings: SettingTable
  search_log: SearchLogTable
  post_related_words: RelatedWordsTable
  members: MemberTable
  sessions: SessionTable
  changes: ChangesTable
  job_leases: JobLeasesTable
  password_resets: PasswordResetTable
  mail_outbox: MailOutboxTable
  audit_log: AuditLogTable
  media: MediaTable
  media_refs: MediaRefTable
  member_totp: MemberTotpTable
  member_recovery_codes: MemberRecoveryCodeTable
  member_consents: MemberConsentTable
  legacy_urls: LegacyUrlTable
  migrated_rows: MigratedRowTable
}

/** Tables only paywall/ may name: paid text and the source bodies that hold it. */
export interface PaywallDatabase {
  post_paid_segments: PaidSegmentTable
  post_sources: PostSourceTable
  post_revisions: PostRevisionTable
  post_drafts: PostDraftTable
  post_custom_fields: PostCustomFieldsTable
}

export interface Database extends PublicDatabase, PaywallDatabase {}

/** The full handle: created in platform/db and handed to paywall/ only. */
export type FullDb = Kysely<Database>
/** What every other module gets: a query on a paywall table does not compile. */
export type Db = Kysely<PublicDatabase>
export type Trx = Transaction<PublicDatabase>
export type DbOrTrx = Db | Trx

export type Dialect = 'sqlite' | 'postgres'
