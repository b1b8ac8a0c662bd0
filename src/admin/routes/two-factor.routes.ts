import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AdminDeps } from '../admin-deps.ts'
import { ERRORS, NoBody } from '../contract/admin.schemas.ts'
import { CodeBody, MemberIdParams, OkResponse, RecoveryCodesResponse, TwoFactorResetBody, TwoFactorSetupResponse, TwoFactorStatusResponse } from '../contract/members.schemas.ts'
import { staffOf } from '../staff-guard.ts'

/**
 * Two-factor sign-in (两步验证): each staff member turns their own on and off
 * (members/two-factor.ts proves each step with a code); an admin turns off
 * someone else's who lost their phone and their recovery codes.
 */
export const twoFactorRoutes: FastifyPluginAsyncTypebox<AdminDeps> = async (app, { accounts }) => {
  const { twoFactor } = accounts
  const tags = ['session']

  app.get('/me/two-factor', { schema: { tags, summary: 'whether my two-factor sign-in is on', response: { 200: TwoFactorStatusResponse, ...ERRORS } } }, async (request) =>
    twoFactor.status(staffOf(request)),
  )

  app.post(
    '/me/two-factor/setup',
    { schema: { tags, summary: 'a new authenticator seed to scan (not on until a code from it is given)', body: NoBody, response: { 200: TwoFactorSetupResponse, ...ERRORS } } },
    async (request) => twoFactor.begin(staffOf(request)),
  )

  app.post(
    '/me/two-factor',
    { schema: { tags, summary: 'turn it on with the first code; answers the recovery codes once', body: CodeBody, response: { 200: RecoveryCodesResponse, ...ERRORS } } },
    async (request) => {
      const result = await twoFactor.enable(staffOf(request), request.body.code)
      request.log.info('two-factor sign-in turned on')
      return result
    },
  )

  app.post('/me/two-factor/disable', { schema: { tags, summary: 'turn mine off, proven by a current code', body: CodeBody, response: { 200: OkResponse, ...ERRORS } } }, async (request) => {
    await twoFactor.disable(staffOf(request), request.body.code)
    return { ok: true }
  })

  app.post(
    '/me/two-factor/recovery-codes',
    { schema: { tags, summary: 'new recovery codes (the old ones stop working), proven by a current code', body: CodeBody, response: { 200: RecoveryCodesResponse, ...ERRORS } } },
    async (request) => twoFactor.renewRecoveryCodes(staffOf(request), request.body.code),
  )

  app.post(
    '/members/:id/two-factor/reset',
    {
      schema: {
        tags: ['members'],
        summary: "turn off another member's two-factor sign-in (admins, with a reason)",
        params: MemberIdParams,
        body: TwoFactorResetBody,
        response: { 200: OkResponse, ...ERRORS },
      },
    },
    async (request) => {
      await twoFactor.reset(staffOf(request), request.params.id, request.body.reason)
      return { ok: true }
    },
  )
}
