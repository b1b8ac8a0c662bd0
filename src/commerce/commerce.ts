import type { Db } from '../platform/db/database.ts'
import { createGrantService } from './grant.service.ts'
import { createOrderService, type OrderServiceDeps } from './order.service.ts'
import type { OrderKind } from './order.ts'
import type { ClientKind, PaymentProvider } from './providers/provider.ts'
import { createSandboxProvider } from './providers/sandbox.provider.ts'
import { createVipService } from './vip.service.ts'
import { createDashboard } from './dashboard.service.ts'
import { createMemberMoney } from './member-money.service.ts'
import { createStaffOrders } from './staff-orders.service.ts'
import { createWechatProvider } from './wechatpay/wechat.provider.ts'
import { createAlipayProvider } from './alipay/alipay.provider.ts'
import { createStripeProvider } from './stripe/stripe.provider.ts'
import type { PaymentsConfig } from '../platform/config/payments-config.ts'
import { providerProblems, type ProviderProblem } from './provider-checks.ts'

export interface CommerceDeps {
  db: Db
  now: () => Date
  orderTtlMinutes: number
  paySandbox: boolean
  payments: PaymentsConfig
  /** the public base URL: providers post notifications to <siteUrl>/pay/notify/<provider> */
  siteUrl: string
  log: OrderServiceDeps['log']
  pauseInSettle?: () => Promise<void>
  /** the ways to pay the owner turned off (settings.paymentsOff): `balance` or a provider id */
  paymentsOff?: () => ReadonlySet<string>
  /** guests may buy posts (settings.guestPurchase) */
  guestPurchase?: () => boolean
}

/** Builds the commerce services with the providers this configuration enables. */
export async function createCommerce(deps: CommerceDeps) {
  const providers = new Map<string, PaymentProvider>()
  const orders = createOrderService({
    db: deps.db,
    now: deps.now,
    providers,
    orderTtlMinutes: deps.orderTtlMinutes,
    log: deps.log,
    ...(deps.paymentsOff ? { paymentsOff: deps.paymentsOff } : {}),
    ...(deps.guestPurchase ? { guestPurchase: deps.guestPurchase } : {}),
    ...(deps.pauseInSettle ? { pauseInSettle: deps.pauseInSettle } : {}),
  })
  const notifyUrl = (id: string) => `${deps.siteUrl}/pay/notify/${id}`
  let problems: ProviderProblem[] = []
  /**
   * (Re)builds the providers from a configuration: at start, and when the
   * console's credentials change (here or in another process). The map is
   * swapped in one step, so a request sees the old set or the new one.
   */
  async function loadProviders(payments: PaymentsConfig): Promise<void> {
    // a provider the configuration makes unusable is not offered; the operator is told
    const found = providerProblems(payments, deps.siteUrl)
    for (const p of found) {
      if (p.severity === 'unusable') deps.log.error({ provider: p.provider }, p.message)
      else deps.log.warn({ provider: p.provider }, p.message)
    }
    const usable = (id: ProviderProblem['provider']) => !found.some((p) => p.provider === id && p.severity === 'unusable')
    const next = new Map<string, PaymentProvider>()
    if (payments.wechat && usable('wechat')) next.set('wechat', createWechatProvider({ config: payments.wechat, now: deps.now, notifyUrl: notifyUrl('wechat') }))
    if (payments.alipay && usable('alipay')) next.set('alipay', await createAlipayProvider({ config: payments.alipay, now: deps.now, notifyUrl: notifyUrl('alipay') }))
    if (payments.stripe && usable('stripe')) next.set('stripe', await createStripeProvider({ config: payments.stripe, now: deps.now }))
    if (deps.paySandbox) next.set('sandbox', sandbox)
    providers.clear()
    for (const [id, p] of next) providers.set(id, p)
    problems = found
  }
  const sandbox = createSandboxProvider({ attemptState: (id) => orders.attemptState(id) })
  await loadProviders(deps.payments)
  if (deps.paySandbox) deps.log.warn({ provider: 'sandbox' }, 'the payment sandbox is on (演示支付): no real payment provider is configured, so purchases cost nothing')
  /**
   * The ways to pay this client can use for this kind of order, best first:
   * balance for members (never for a top-up), then each provider's methods.
   * An id is `balance` or `<provider>.<method>`.
   */
  function methodsFor(client: ClientKind, opts: { member: boolean; kind: OrderKind }): PayMethod[] {
    const out: PayMethod[] = []
    const off = deps.paymentsOff?.() ?? new Set<string>()
    if (opts.member && opts.kind !== 'topup' && !off.has('balance')) out.push({ id: 'balance', provider: 'balance', method: 'balance' })
    for (const p of providers.values()) if (!off.has(p.id)) for (const m of p.methods(client)) out.push({ id: `${p.id}.${m}`, provider: p.id, method: m })
    return out
  }
  return {
    orders,
    methodsFor,
    vip: createVipService(deps),
    grants: createGrantService(deps),
    staffOrders: createStaffOrders(deps),
    dashboard: createDashboard(deps),
    memberMoney: createMemberMoney(deps),
    providers: providers as ReadonlyMap<string, PaymentProvider>,
    /** the sandbox is on: pages that take payments say "演示支付" */
    sandbox: providers.has('sandbox'),
    problems: () => problems,
    loadProviders,
  }
}
export type Commerce = Awaited<ReturnType<typeof createCommerce>>

export interface PayMethod {
  id: string
  provider: string
  method: string
}
