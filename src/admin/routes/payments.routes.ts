import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS } from '../contract/admin.schemas.ts'
import { CredentialBody, CredentialListResponse, ProviderParams } from '../contract/payments.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/** Payment credentials (admins): which providers are set and from where; set or forget a provider's; secrets never sent back. */
export const paymentsRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { payments }) => {
  app.get(
    '/payments',
    {
      schema: { tags: ['payments'], summary: 'each provider: from the environment, the console or off; plain fields shown, secrets only as set', response: { 200: CredentialListResponse, ...ERRORS } },
    },
    async (request) => ({
      items: await payments.view(staffOf(request)),
    }),
  )
  app.put(
    '/payments/:provider',
    {
      schema: {
        tags: ['payments'],
        summary: "set a provider's credentials (checked like the environment's, stored sealed, every server uses them at once)",
        params: ProviderParams,
        body: CredentialBody,
        response: { 200: CredentialListResponse, ...ERRORS },
      },
    },
    async (request) => ({ items: await payments.save(staffOf(request), request.params.provider, request.body.values) }),
  )
  app.delete(
    '/payments/:provider',
    {
      schema: {
        tags: ['payments'],
        summary: "forget a provider's credentials entered here (the cashier stops offering it)",
        params: ProviderParams,
        response: { 200: CredentialListResponse, ...ERRORS },
      },
    },
    async (request) => ({ items: await payments.remove(staffOf(request), request.params.provider) }),
  )
}
