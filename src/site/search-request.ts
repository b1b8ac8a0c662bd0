import type { FastifyRequest } from 'fastify'
import { contentError, findTagBySlug } from '../content/index.ts'
import type { Searcher, SearchRequest, SearchSort } from '../search/index.ts'
import { viewerOf } from '../members/index.ts'
import type { SiteDeps } from './site-deps.ts'

export interface SearchParams {
  q: string
  channel?: string | undefined
  tag?: string | undefined
  price?: 'free' | 'paid' | undefined
  sort?: SearchSort | undefined
  page?: number | undefined
  pageSize?: number | undefined
}

const BOT = /bot|spider|crawl|slurp|bingpreview|headless|curl|wget|python|java\/|go-http|httpclient|scrapy|feed|monitor|preview/i

/** Crawlers are answered like anyone else but their searches are not counted in hot searches. */
export function isBot(request: FastifyRequest): boolean {
  const ua = request.headers['user-agent'] ?? ''
  return !ua || BOT.test(ua)
}

/** Who searches: the client's address and, when logged in, the member (searches are limited per reader). */
export async function searcherOf(deps: SiteDeps, request: FastifyRequest): Promise<Searcher> {
  const { viewer } = await viewerOf(deps, request)
  return { address: request.ip, ...(viewer.kind === 'member' ? { memberId: viewer.memberId } : {}) }
}

/** Every search is logged, whoever asks (the search log for hot searches leaves bots out; this one does not). */
export function logSearch(request: FastifyRequest, by: Searcher, outcome: { query: string; total: number; page: number }): void {
  request.log.info({ search: outcome.query, total: outcome.total, page: outcome.page, address: by.address, memberId: by.memberId, ua: request.headers['user-agent'] ?? '' }, 'search')
}

/** The page's and the API's query, with the channel (and its sub-channels) and tag resolved. */
export async function toSearchRequest(deps: SiteDeps, params: SearchParams, request: FastifyRequest): Promise<SearchRequest> {
  const { tree } = deps.catalog.get()
  const out: SearchRequest = { q: params.q, bot: isBot(request), by: await searcherOf(deps, request) }
  if (params.channel) {
    const channel = tree.bySlug.get(params.channel)
    if (!channel) throw contentError('CHANNEL_NOT_FOUND', { slug: params.channel })
    out.channelIds = tree.descendantIds(channel.id)
  }
  if (params.tag) {
    const tag = await findTagBySlug(deps.db, params.tag)
    if (!tag) throw contentError('TAG_NOT_FOUND')
    out.tagId = tag.id
  }
  if (params.price) out.price = params.price
  if (params.sort) out.sort = params.sort
  if (params.page) out.page = params.page
  if (params.pageSize) out.pageSize = params.pageSize
  return out
}
