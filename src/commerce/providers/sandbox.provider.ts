import type { PaymentAction, PaymentProvider, ProviderQuery } from './provider.ts'

/**
 * The development sandbox (DESIGN.md): a provider with no outside party, whose
 * "pay" button is a page of our own. It exists so the demo can sell without
 * merchant keys; the config loader refuses it in production. Its state is our
 * attempt's state, so query and close need no network.
 */
export function createSandboxProvider(deps: { attemptState: (id: number) => Promise<ProviderQuery> }): PaymentProvider {
  return {
    id: 'sandbox',
    methods: () => ['sandbox'],
    async start(attempt, _order, _method, ctx): Promise<PaymentAction> {
      // the payer page sends the buyer back where a real provider would: where the reader left rides along
      // (the payer page always returns as a provider's cashier does, so `back` need not)
      const query = new URL(ctx.returnUrl, 'http://x').searchParams
      query.delete('back')
      const search = query.toString()
      return { kind: 'redirect', url: `/pay/sandbox/${encodeURIComponent(attempt.outTradeNo)}${search ? `?${search}` : ''}` }
    },
    query: (attempt) => deps.attemptState(attempt.id),
    close: (attempt) => deps.attemptState(attempt.id).then((q) => (q.state === 'paid' ? q : { state: 'closed' })),
    refund: async () => 'succeeded',
  }
}
