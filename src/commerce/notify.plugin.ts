import type { FastifyPluginAsync } from 'fastify'
import type { OrderService } from './order.service.ts'
import type { PaymentProvider } from './providers/provider.ts'

export interface NotifyDeps {
  providers: ReadonlyMap<string, PaymentProvider>
  orders: OrderService
  /** test builds only: a pause after the fulfilment committed and before the answer */
  pauseBeforeReply?: () => Promise<void>
}

/**
 * POST /pay/notify/:provider — the payment-notification context. Bodies are
 * kept as the exact bytes received (signatures cover them), so this scope
 * has its own parsers. A notification is believed only after the provider
 * module checked it; then it is stored once and acted on. Whatever happens,
 * the answer is the provider's own: "received", or "failed, send again".
 * Never a 500 page, never a stack trace.
 */
export const notifyPlugin: FastifyPluginAsync<NotifyDeps> = async (app, deps) => {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body))

  app.post<{ Params: { provider: string } }>('/pay/notify/:provider', async (request, reply) => {
    const provider = deps.providers.get(request.params.provider)
    const handler = provider?.notifications
    if (!provider || !handler) return reply.code(404).type('text/plain').send('unknown provider')
    const raw = typeof request.body === 'string' ? request.body : ''
    const answer = (received: boolean, reason?: string) => {
      const r = handler.reply(received, reason)
      return reply.code(r.status).type(r.contentType).header('cache-control', 'no-store').send(r.body)
    }
    try {
      const verdict = await handler.verify(request.headers, raw)
      if (!verdict.ok) {
        request.log.warn({ provider: provider.id, reason: verdict.reason }, 'payment notification refused')
        return answer(false, verdict.reason)
      }
      const e = verdict.event
      request.log.info({ provider: provider.id, kind: e.kind, eventKey: e.eventKey }, 'payment notification verified')
      if (e.kind === 'paid') {
        const outcome = await deps.orders.settle({
          provider: provider.id,
          outTradeNo: e.outTradeNo,
          txnId: e.txnId,
          amount: e.amount,
          currency: e.currency,
          eventKey: e.eventKey,
          source: 'notify',
          payload: e.payload,
        })
        request.log.info({ provider: provider.id, outTradeNo: e.outTradeNo, outcome }, 'payment notification')
      } else if (e.kind === 'refund') {
        await deps.orders.refundResult(provider.id, e)
      } else {
        await deps.orders.recordEvent({ provider: provider.id, eventKey: e.eventKey, kind: e.note, outTradeNo: e.outTradeNo, payload: e.payload, outcome: 'recorded' })
      }
      await deps.pauseBeforeReply?.()
      return answer(true)
    } catch (error) {
      // our failure (database down): the provider keeps the notification and sends it again
      request.log.error({ err: error, provider: provider.id }, 'payment notification failed')
      const r = handler.reply(false, 'internal error')
      return reply
        .code(r.status >= 500 ? r.status : 500)
        .type(r.contentType)
        .header('cache-control', 'no-store')
        .send(r.body)
    }
  })
}
