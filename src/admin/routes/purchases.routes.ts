import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { staffOf } from '../staff-guard.ts'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, GrantBody, GrantResponse, RevokeResponse } from '../contract/admin.schemas.ts'

/** Purchases given or taken by hand (a gift, a complaint), with a reason. */
export const purchaseRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { commerce }) => {
  app.post('/purchases', { schema: { tags: ['purchases'], summary: 'give a member the right to read a post', body: GrantBody, response: { 200: GrantResponse, ...ERRORS } } }, async (request) =>
    commerce.grants.grantPurchase(staffOf(request), request.body.member, request.body.post, request.body.reason),
  )
  app.post(
    '/purchases/revoke',
    { schema: { tags: ['purchases'], summary: "end a member's running purchases of a post", body: GrantBody, response: { 200: RevokeResponse, ...ERRORS } } },
    async (request) => commerce.grants.revokePurchase(staffOf(request), request.body.member, request.body.post, request.body.reason),
  )
}
