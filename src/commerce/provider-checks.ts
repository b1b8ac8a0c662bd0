import type { PaymentsConfig } from '../platform/config/payments-config.ts'

/**
 * What the configuration makes impossible or unreliable for a provider that talks
 * to its real servers (a simulator or proxy at another base URL is the operator's
 * business). `unusable`: the provider cannot take a payment at all, so the cashier
 * does not offer it; `warning`: payments work but notifications cannot arrive, so
 * each one waits for the query job.
 */
export interface ProviderProblem {
  provider: 'wechat' | 'alipay' | 'stripe'
  severity: 'unusable' | 'warning'
  message: string
}

const OFFICIAL_HOSTS = ['api.mch.weixin.qq.com', 'api2.mch.weixin.qq.com', 'openapi.alipay.com', 'api.stripe.com']
const isOfficial = (base: string) => OFFICIAL_HOSTS.includes(new URL(base).hostname)

/** A host the provider's servers on the internet cannot reach. */
function isUnreachable(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127\./.test(h) ||
    /^10\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h) ||
    /^(fc|fd)[0-9a-f]{2}:/.test(h) ||
    h === '0.0.0.0'
  )
}

export function providerProblems(payments: PaymentsConfig, siteUrl: string): ProviderProblem[] {
  const url = new URL(siteUrl)
  const https = url.protocol === 'https:'
  const unreachable = isUnreachable(url.hostname)
  const out: ProviderProblem[] = []
  const notify = (id: string) => `${siteUrl}/pay/notify/${id}`
  if (payments.wechat && isOfficial(payments.wechat.baseUrl)) {
    if (!https)
      out.push({
        provider: 'wechat',
        severity: 'unusable',
        message: `WeChat Pay accepts only an https notify_url, and ours would be ${notify('wechat')}: set INKGATE_SITE_URL to the site's https address. WeChat Pay is not offered until then.`,
      })
    else if (unreachable)
      out.push({ provider: 'wechat', severity: 'warning', message: `WeChat Pay cannot reach ${notify('wechat')}: payments are confirmed only by the query job (a minute or two late).` })
  }
  if (payments.alipay && isOfficial(payments.alipay.gatewayUrl) && unreachable) {
    out.push({ provider: 'alipay', severity: 'warning', message: `Alipay cannot reach ${notify('alipay')}: payments are confirmed only when the payer returns or by the query job.` })
  }
  if (payments.stripe && isOfficial(payments.stripe.apiBase)) {
    const live = payments.stripe.secretKey.startsWith('sk_live_') || payments.stripe.secretKey.startsWith('rk_live_')
    if (live && (!https || unreachable))
      out.push({
        provider: 'stripe',
        severity: 'warning',
        message: `Stripe sends live webhooks only to a public https endpoint, and ours would be ${notify('stripe')}: payments are confirmed only by the query job.`,
      })
  }
  return out
}
