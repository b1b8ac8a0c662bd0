// The server's contract, as types only (STYLE.md §3.10: the console never redefines a server type).
import type { Static } from 'typebox'
import type {
  AuditListResponse,
  MeResponse,
  OrderDetailResponse,
  OrderListResponse,
  OrderPageResponse,
  PlanListResponse,
  PostListResponse,
  SessionResponse,
} from '../../../src/admin/contract/admin.schemas.ts'
import type { MemberDetailResponse, MemberListResponse, TwoFactorSetupResponse, TwoFactorStatusResponse } from '../../../src/admin/contract/members.schemas.ts'
import type { ChannelListResponse, SettingsResponse } from '../../../src/admin/contract/site.schemas.ts'
import type { DashboardResponse } from '../../../src/admin/contract/dashboard.schemas.ts'
import type { SearchIndexResponse } from '../../../src/admin/contract/search.schemas.ts'
import type { CredentialListResponse } from '../../../src/admin/contract/payments.schemas.ts'
import type { TagListResponse } from '../../../src/admin/contract/tags.schemas.ts'
import type { MigrationStatusResponse } from '../../../src/admin/contract/migrate.schemas.ts'
import type { MediaListResponse, MediaUploadResponse } from '../../../src/admin/contract/media.schemas.ts'
import type { ChoicesResponse, EditablePostResponse, PreviewResponse, RevisionListResponse, RevisionResponse, SavePostBody, SavePostResponse } from '../../../src/admin/contract/editor.schemas.ts'

export type Session = Static<typeof SessionResponse>
export type Me = Static<typeof MeResponse>
export type PostList = Static<typeof PostListResponse>
export type StaffPost = PostList['items'][number]
export type EditablePost = Static<typeof EditablePostResponse>['post']
export type SavePost = Static<typeof SavePostBody>
export type SavedPost = Static<typeof SavePostResponse>
export type Preview = Static<typeof PreviewResponse>
export type Choices = Static<typeof ChoicesResponse>
export type OrderList = Static<typeof OrderListResponse>
export type Order = OrderList['items'][number]
export type OrderDetail = Static<typeof OrderDetailResponse>
export type PlanList = Static<typeof PlanListResponse>
export type Plan = PlanList['items'][number]
export type AuditList = Static<typeof AuditListResponse>
export type DashboardData = Static<typeof DashboardResponse>
export type SiteSettings = Static<typeof SettingsResponse>['settings']
export type SettingsState = Static<typeof SettingsResponse>
export type PreviewRecompile = NonNullable<SettingsState['previewRecompile']>
export type ChannelList = Static<typeof ChannelListResponse>
export type ChannelItem = ChannelList['items'][number]
export type MemberList = Static<typeof MemberListResponse>
export type MemberRow = MemberList['items'][number]
export type MemberDetail = Static<typeof MemberDetailResponse>
export type OrderPage = Static<typeof OrderPageResponse>
export type RevisionList = Static<typeof RevisionListResponse>
export type Revision = Static<typeof RevisionResponse>['revision']
export type MediaItem = Static<typeof MediaUploadResponse>['media']
export type TwoFactorStatus = Static<typeof TwoFactorStatusResponse>
export type TwoFactorSetup = Static<typeof TwoFactorSetupResponse>
export type TagList = Static<typeof TagListResponse>
export type TagItem = TagList['items'][number]
export type SearchIndex = Static<typeof SearchIndexResponse>
export type CredentialList = Static<typeof CredentialListResponse>
export type CredentialItem = CredentialList['items'][number]
export type MediaLibraryItem = Static<typeof MediaListResponse>['items'][number]
export type MigrationStatus = Static<typeof MigrationStatusResponse>
