import type { Commerce, PaymentCredentials } from '../commerce/index.ts'
import type { ChannelService, PostService, SettingsService, StaffPosts, TagService } from '../content/index.ts'
import type { MemberService, SessionService, TwoFactor, ViewerDeps } from '../members/index.ts'
import type { Drafts, PostReader } from '../paywall/index.ts'
import type { MediaLimits, MediaService } from '../media/index.ts'
import type { Actor } from '../platform/access/actor.ts'
import type { Db } from '../platform/db/database.ts'
import type { SearchAdmin } from '../search/index.ts'
import type { MigrationRunView, MigrationStart } from './contract/migrate.schemas.ts'

/** What the /api/admin context is given: the operations it calls and the session reader, nothing of the site's. */
export interface AdminDeps extends ViewerDeps {
  accounts: {
    sessions: SessionService
    members: Pick<MemberService, 'logIn' | 'needsOwner' | 'setUpOwner' | 'listMembers' | 'memberRow' | 'setRole' | 'setDisabled' | 'setPassword'>
    twoFactor: TwoFactor
  }
  /** signs the CSRF tokens the console sends back */
  cookieSecret: string
  db: Db
  commerce: Pick<Commerce, 'vip' | 'grants' | 'orders' | 'staffOrders' | 'dashboard' | 'memberMoney'>
  posts: Pick<PostService, 'setPostStatus' | 'savePost' | 'purgePost' | 'trashPost' | 'restorePost' | 'openForEditing'>
  /** a post's source for its editor (the paywall checks the reader may see its paid regions) */
  sources: Pick<PostReader, 'readSource' | 'listRevisions' | 'readRevision' | 'readCustomFields'>
  /** the editor's autosave on the server (each writer's own draft) */
  drafts: Drafts
  /** the site's share of an unmarked priced post shown free, for the preview */
  previewShare: () => number
  staffPosts: StaffPosts
  settings: SettingsService
  channels: ChannelService
  tags: TagService
  searchAdmin: SearchAdmin
  /** payment credentials entered in the console (sealed; secrets never sent back) */
  payments: PaymentCredentials
  /** 迁入: migrations started here (migrate/migration-runner.ts, wired by the root) */
  migrations: { status(actor: Actor): MigrationRunView | null; start(actor: Actor, req: MigrationStart): MigrationRunView }
  /** uploads (the service checks who and what), and the largest sizes for the multipart parser */
  media: { files: Pick<MediaService, 'upload' | 'list' | 'remove'>; limits: MediaLimits }
}
