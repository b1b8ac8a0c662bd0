import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, NoBody } from '../contract/admin.schemas.ts'
import { SearchIndexResponse, SearchTermsBody } from '../contract/search.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/** The search index (admins): the site dictionary, and a reindex in the background with its progress. */
export const searchRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { searchAdmin }) => {
  const tags = ['search']
  app.get('/search/index', { schema: { tags, summary: 'the site dictionary and where the index stands', response: { 200: SearchIndexResponse, ...ERRORS } } }, async (request) =>
    searchAdmin.status(staffOf(request)),
  )
  app.put('/search/terms', { schema: { tags, summary: 'replace the site dictionary', body: SearchTermsBody, response: { 200: SearchIndexResponse, ...ERRORS } } }, async (request) =>
    searchAdmin.setTerms(staffOf(request), request.body.terms),
  )
  app.post(
    '/search/reindex',
    { schema: { tags, summary: 'rebuild the index in the background (the status shows progress)', body: NoBody, response: { 202: SearchIndexResponse, ...ERRORS } } },
    async (request, reply) => reply.code(202).send(await searchAdmin.startReindex(staffOf(request))),
  )
}
