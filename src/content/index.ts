export type { Post, PostSegment, PostStatus, PostAccess, PostFlag, PostTagRef } from './post.ts'
export { POST_FLAGS, isPaidPost } from './post.ts'
export type { Channel, ChannelKind, ChannelTree } from './channel.ts'
export { buildChannelTree } from './channel.ts'
export type { Tag } from './tag.repository.ts'
export { createTagService, type TagService } from './tag.service.ts'
export { findTagBySlug, listPopularTags, listAllTagSlugs, tagSlug, findTagsByIds, findTagsLike } from './tag.repository.ts'
export { listChannels, findChannelBySlug, insertChannel, newListChannel, upsertImportedChannel } from './channel.repository.ts'
export {
  listPublishedPosts,
  countPublishedPosts,
  findPublishedPostBySlug,
  findViewCount,
  findPostBySlug,
  listPostSegments,
  listPostSegmentBytes,
  replacePostSegments,
  listSitemapPosts,
  addViews,
  findPublishedPostsByIds,
  findPublishedTitles,
  listFreeTexts,
  findIndexFields,
  listPostIds,
  countPosts,
  findPublishedByTitleLike,
  findPostsByIds,
  sumPricedPostsByLevel,
  type PostListFilter,
} from './post.repository.ts'
export { createPostService, applyBodySummary, type PostService, type SavePostInput, type SavePostResult, type BodyWriter, type BodyInput, type BodySummary, type BodyFormat } from './post.service.ts'
export { contentError, type ContentErrorCode } from './content.errors.ts'
export { DEFAULT_SETTINGS, toSiteSettings, type SiteSettings } from './site-settings.ts'
export { readSetting, readSettings, writeSetting } from './setting.repository.ts'
export { createViewCounter, type ViewCounter } from './view-counter.ts'
export { createStaffPosts, type StaffPosts, type StaffPostQuery } from './staff-posts.service.ts'
export { createSettingsService, type SettingsService, type SettingsPatch } from './settings.service.ts'
export { createChannelService, type ChannelService, type ChannelInput } from './channel.service.ts'
export { PREVIEW_RECOMPILE_KEY, listPostsUsingSiteShare, readPreviewRecompile, writePreviewRecompile, type PreviewRecompileState } from './preview-recompile-state.ts'
export { policyText, policyVersion, policyBlocks, type PolicyKind } from './policies.ts'
export { saveLegacyUrls, findLegacyTarget, findLegacyHomeTarget, LEGACY_HOME_KEYS } from './legacy-url.ts'
export { isSlug, pinyinSlug, channelSlugFromName } from './import/slug.ts'
