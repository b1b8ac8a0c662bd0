import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Static } from 'typebox'
import type { ChannelInput } from '../../content/index.ts'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { ChannelBody, ChannelListResponse, ChannelOrderBody, ChannelParams, ChannelResponse, DoneResponse, SettingsBody, SettingsResponse } from '../contract/site.schemas.ts'

/** A channel body as the operation takes it. */
function channelInput(b: Static<typeof ChannelBody>): ChannelInput {
  return {
    name: b.name,
    slug: b.slug,
    kind: b.kind,
    parentSlug: b.parent ?? null,
    linkUrl: b.linkUrl ?? null,
    ...(b.seoTitle !== undefined ? { seoTitle: b.seoTitle } : {}),
    ...(b.seoKeywords !== undefined ? { seoKeywords: b.seoKeywords } : {}),
    ...(b.seoDescription !== undefined ? { seoDescription: b.seoDescription } : {}),
    ...(b.pageSize !== undefined ? { pageSize: b.pageSize } : {}),
    ...(b.vipLevel !== undefined ? { vipLevel: b.vipLevel } : {}),
  }
}

/** Site settings (admins) and the channel tree (editors and admins); every server picks a change up at once. */
export const siteRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { settings, channels }) => {
  const view = (s: Awaited<ReturnType<typeof settings.read>>) => {
    const { searchTerms: _searchTerms, ...rest } = s
    return rest
  }
  const recompile = async (actor: ReturnType<typeof staffOf>) => {
    const r = await settings.previewRecompile(actor)
    return r ? { share: r.share, done: r.done, total: r.total, startedAt: r.startedAt, finishedAt: r.finishedAt } : null
  }
  app.get(
    '/settings',
    { schema: { tags: ['site'], summary: "the site's settings (admins), and the progress of a new preview share", response: { 200: SettingsResponse, ...ERRORS } } },
    async (request) => {
      const actor = staffOf(request)
      return { settings: view(await settings.read(actor)), previewRecompile: await recompile(actor) }
    },
  )
  app.put(
    '/settings',
    {
      schema: {
        tags: ['site'],
        summary: 'change some settings; the others stay (a new preview share is applied to the posts that follow it in the background)',
        body: SettingsBody,
        response: { 200: SettingsResponse, ...ERRORS },
      },
    },
    async (request) => {
      const actor = staffOf(request)
      return { settings: view(await settings.update(actor, request.body)), previewRecompile: await recompile(actor) }
    },
  )

  app.get('/channels', { schema: { tags: ['site'], summary: 'every channel, in order, with its number of posts', response: { 200: ChannelListResponse, ...ERRORS } } }, async (request) => ({
    items: await channels.list(staffOf(request)),
  }))
  app.post('/channels', { schema: { tags: ['site'], summary: 'add a channel', body: ChannelBody, response: { 201: ChannelResponse, ...ERRORS } } }, async (request, reply) =>
    reply.code(201).send({ channel: await channels.create(staffOf(request), channelInput(request.body)) }),
  )
  app.put(
    '/channels/:slug',
    {
      schema: {
        tags: ['site'],
        summary: 'change a channel (its kind only while that keeps its posts and children)',
        params: ChannelParams,
        body: ChannelBody,
        response: { 200: ChannelResponse, ...ERRORS },
      },
    },
    async (request) => ({ channel: await channels.update(staffOf(request), request.params.slug, channelInput(request.body)) }),
  )
  app.delete('/channels/:slug', { schema: { tags: ['site'], summary: 'delete an empty channel', params: ChannelParams, response: { 200: DoneResponse, ...ERRORS } } }, async (request) => {
    await channels.remove(staffOf(request), request.params.slug)
    return { done: true }
  })
  app.post(
    '/channels/order',
    { schema: { tags: ['site'], summary: 'the order of channels under one parent, first first', body: ChannelOrderBody, response: { 200: DoneResponse, ...ERRORS } } },
    async (request) => {
      await channels.reorder(staffOf(request), request.body.slugs)
      return { done: true }
    },
  )
}
