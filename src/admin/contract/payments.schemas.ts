import { Type, type Static } from 'typebox'

/** Payment credentials as the console shows and sets them: secrets never come back, only whether they are set. */
export const ProviderParams = Type.Object({ provider: Type.Union([Type.Literal('wechat'), Type.Literal('alipay'), Type.Literal('stripe')]) })
export const CredentialField = Type.Object({
  name: Type.String({ description: 'the environment variable it stands for' }),
  secret: Type.Boolean(),
  key: Type.Boolean({ description: 'PEM text or bare base64' }),
  optional: Type.Boolean(),
  set: Type.Boolean(),
  value: Type.Union([Type.String(), Type.Null()], { description: 'shown for plain fields only; null for secrets and keys' }),
})
export const CredentialView = Type.Object({
  provider: Type.String(),
  source: Type.Union([Type.Literal('env'), Type.Literal('console'), Type.Literal('none')], { description: 'env: set by the server, read-only here' }),
  active: Type.Boolean({ description: 'the cashier can offer it now' }),
  fields: Type.Array(CredentialField),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
})
export const CredentialListResponse = Type.Object({ items: Type.Array(CredentialView) })
export const CredentialBody = Type.Object({
  values: Type.Record(Type.String({ pattern: '^INKGATE_[A-Z0-9_]{1,60}$' }), Type.String({ maxLength: 8000 }), {
    description: 'by variable name; a secret left empty keeps the stored one',
    maxProperties: 20,
  }),
})

export type CredentialViewT = Static<typeof CredentialView>
