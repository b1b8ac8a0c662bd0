import { readFileSync } from 'node:fs'
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto'

/**
 * Payment providers' settings: each provider is on when its variables are
 * given, and every problem is reported with the rest of the configuration.
 * Keys may be given as PEM text (with \n escapes) or as a path to a PEM file.
 * A provider's base URL is configuration (tests point it at the simulator);
 * production refuses a non-official one unless INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS.
 */
export interface WechatConfig {
  mchid: string
  appid: string
  serialNo: string
  privateKey: string
  apiV3Key: string
  /** Wechatpay-Serial → public key: the 微信支付公钥 (PUB_KEY_ID_…) and/or platform certificates */
  platformKeys: ReadonlyMap<string, string>
  baseUrl: string
  /** JSAPI inside WeChat: the 公众号's AppSecret for the snsapi_base OAuth that gives the payer's openid */
  oauth: { appSecret: string; authorizeUrl: string; apiUrl: string } | undefined
}
export interface AlipayConfig {
  appId: string
  privateKey: string
  alipayPublicKey: string
  gatewayUrl: string
  sellerId: string | undefined
}
export interface StripeConfig {
  secretKey: string
  webhookSecret: string
  apiBase: string
}
export interface PaymentsConfig {
  wechat: WechatConfig | undefined
  alipay: AlipayConfig | undefined
  stripe: StripeConfig | undefined
  allowCustomHosts: boolean
}

export const PAYMENT_VARIABLES = {
  INKGATE_WECHATPAY_MCHID: 'WeChat Pay merchant number',
  INKGATE_WECHATPAY_APPID: 'the appid bound to the merchant number',
  INKGATE_WECHATPAY_SERIAL_NO: "serial number of the merchant's API certificate",
  INKGATE_WECHATPAY_PRIVATE_KEY: "the merchant's API private key (apiclient_key.pem): PEM text or a file path",
  INKGATE_WECHATPAY_APIV3_KEY: 'the 32-character APIv3 key',
  INKGATE_WECHATPAY_PUBLIC_KEY_ID: 'the WeChat Pay public key id (PUB_KEY_ID_…), for the public-key mode',
  INKGATE_WECHATPAY_PUBLIC_KEY: 'the WeChat Pay public key: PEM text or a file path',
  INKGATE_WECHATPAY_PLATFORM_CERTS: 'platform certificates (certificate mode): PEM file paths, comma-separated',
  INKGATE_WECHATPAY_BASE_URL: 'WeChat Pay API base (default https://api.mch.weixin.qq.com)',
  INKGATE_WECHAT_OA_SECRET: "the 公众号 AppSecret (same appid): turns on JSAPI payment inside WeChat, with snsapi_base OAuth for the payer's openid",
  INKGATE_WECHAT_OAUTH_URL: 'WeChat OAuth authorize base (default https://open.weixin.qq.com)',
  INKGATE_WECHAT_API_URL: 'WeChat API base for the OAuth code exchange (default https://api.weixin.qq.com)',
  INKGATE_ALIPAY_APP_ID: 'Alipay app id',
  INKGATE_ALIPAY_PRIVATE_KEY: "the app's RSA2 private key: PEM text, bare base64 or a file path",
  INKGATE_ALIPAY_PUBLIC_KEY: "Alipay's public key: PEM text, bare base64 or a file path",
  INKGATE_ALIPAY_GATEWAY_URL: 'Alipay gateway (default https://openapi.alipay.com/gateway.do)',
  INKGATE_ALIPAY_SELLER_ID: 'Alipay seller id (2088…), checked on notifications when given',
  INKGATE_STRIPE_SECRET_KEY: 'Stripe secret key (sk_…)',
  INKGATE_STRIPE_WEBHOOK_SECRET: 'Stripe webhook signing secret (whsec_…)',
  INKGATE_STRIPE_API_BASE: 'Stripe API base (default https://api.stripe.com)',
  INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS: 'let production use a non-official provider base URL (true/false)',
} as const

const OFFICIAL = {
  wechat: ['https://api.mch.weixin.qq.com', 'https://api2.mch.weixin.qq.com'],
  wechatOauth: ['https://open.weixin.qq.com'],
  wechatApi: ['https://api.weixin.qq.com'],
  alipay: ['https://openapi.alipay.com/gateway.do'],
  stripe: ['https://api.stripe.com'],
}

type Env = Record<string, string | undefined>

/**
 * A key from PEM text (\n escapes allowed), bare base64 DER (Alipay's console
 * shows keys so, PKCS#1 or PKCS#8), or a file path; always returned as PKCS#8
 * (private) or SPKI (public) PEM, so every library gets one form.
 */
function readKey(value: string, kind: 'private' | 'public'): string {
  const text = value.trim()
  let source: string | { key: Buffer; format: 'der'; type: 'pkcs8' | 'pkcs1' | 'spki' }[]
  if (text.startsWith('-----BEGIN')) source = text.replace(/\\n/g, '\n')
  else if (/^[A-Za-z0-9+/=\s]{200,}$/.test(text)) {
    const der = Buffer.from(text.replace(/\s+/g, ''), 'base64')
    source =
      kind === 'private'
        ? [
            { key: der, format: 'der', type: 'pkcs8' },
            { key: der, format: 'der', type: 'pkcs1' },
          ]
        : [
            { key: der, format: 'der', type: 'spki' },
            { key: der, format: 'der', type: 'pkcs1' },
          ]
  } else source = readFileSync(text, 'utf8')
  const tries = typeof source === 'string' ? [source] : source
  for (const t of tries) {
    try {
      return kind === 'private'
        ? createPrivateKey(t as Parameters<typeof createPrivateKey>[0])
            .export({ type: 'pkcs8', format: 'pem' })
            .toString()
        : createPublicKey(t as Parameters<typeof createPublicKey>[0])
            .export({ type: 'spki', format: 'pem' })
            .toString()
    } catch {}
  }
  throw new Error('not a key')
}

export function loadPaymentsConfig(env: Env, production: boolean, problems: string[]): PaymentsConfig {
  const get = (k: keyof typeof PAYMENT_VARIABLES) => env[k]?.trim() || undefined
  const allowCustomHosts = ['1', 'true', 'yes', 'on'].includes((get('INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS') ?? '').toLowerCase())
  const need = (keys: Array<keyof typeof PAYMENT_VARIABLES>, provider: string): boolean => {
    const missing = keys.filter((k) => !get(k))
    for (const k of missing) problems.push(`${k}: required when ${provider} is configured (${PAYMENT_VARIABLES[k]})`)
    return missing.length === 0
  }
  const key = (k: keyof typeof PAYMENT_VARIABLES, kind: 'private' | 'public'): string | undefined => {
    const v = get(k)
    if (!v) return undefined
    try {
      // parsed here, so a bad key is a start-up error, not a failed payment
      return readKey(v, kind)
    } catch {
      problems.push(`${k}: not a readable ${kind} key (PEM text, bare base64 or a file path)`)
      return undefined
    }
  }
  const base = (k: keyof typeof PAYMENT_VARIABLES, fallback: string, official: string[]): string => {
    const v = (get(k) ?? fallback).replace(/\/+$/, '')
    if (!/^https?:\/\//.test(v)) problems.push(`${k}: must be an http(s) URL`)
    else if (production && !allowCustomHosts && !official.includes(v))
      problems.push(`${k}: ${v} is not the provider's official address; production refuses it unless INKGATE_PAYMENTS_ALLOW_CUSTOM_HOSTS=true`)
    return v
  }

  let wechat: WechatConfig | undefined
  if (Object.keys(env).some((k) => (k.startsWith('INKGATE_WECHATPAY_') || k.startsWith('INKGATE_WECHAT_')) && env[k])) {
    const ok = need(['INKGATE_WECHATPAY_MCHID', 'INKGATE_WECHATPAY_APPID', 'INKGATE_WECHATPAY_SERIAL_NO', 'INKGATE_WECHATPAY_PRIVATE_KEY', 'INKGATE_WECHATPAY_APIV3_KEY'], 'WeChat Pay')
    const apiV3Key = get('INKGATE_WECHATPAY_APIV3_KEY') ?? ''
    if (apiV3Key && Buffer.byteLength(apiV3Key) !== 32) problems.push('INKGATE_WECHATPAY_APIV3_KEY: must be exactly 32 characters')
    const platformKeys = new Map<string, string>()
    const pubId = get('INKGATE_WECHATPAY_PUBLIC_KEY_ID')
    const pub = key('INKGATE_WECHATPAY_PUBLIC_KEY', 'public')
    if (pubId && pub) platformKeys.set(pubId, pub)
    else if (pubId || get('INKGATE_WECHATPAY_PUBLIC_KEY')) problems.push('INKGATE_WECHATPAY_PUBLIC_KEY_ID and INKGATE_WECHATPAY_PUBLIC_KEY: give both')
    for (const file of (get('INKGATE_WECHATPAY_PLATFORM_CERTS') ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean)) {
      try {
        const cert = new X509Certificate(readFileSync(file))
        platformKeys.set(cert.serialNumber.toUpperCase(), cert.publicKey.export({ type: 'spki', format: 'pem' }).toString())
      } catch {
        problems.push(`INKGATE_WECHATPAY_PLATFORM_CERTS: ${file} is not a readable certificate`)
      }
    }
    if (!platformKeys.size)
      problems.push('INKGATE_WECHATPAY_PUBLIC_KEY_ID/INKGATE_WECHATPAY_PUBLIC_KEY or INKGATE_WECHATPAY_PLATFORM_CERTS: WeChat Pay needs a platform key to verify what it receives')
    const privateKey = key('INKGATE_WECHATPAY_PRIVATE_KEY', 'private')
    const baseUrl = base('INKGATE_WECHATPAY_BASE_URL', OFFICIAL.wechat[0] as string, OFFICIAL.wechat)
    const appSecret = get('INKGATE_WECHAT_OA_SECRET')
    const oauth = appSecret
      ? {
          appSecret,
          authorizeUrl: base('INKGATE_WECHAT_OAUTH_URL', OFFICIAL.wechatOauth[0] as string, OFFICIAL.wechatOauth),
          apiUrl: base('INKGATE_WECHAT_API_URL', OFFICIAL.wechatApi[0] as string, OFFICIAL.wechatApi),
        }
      : undefined
    if (ok && privateKey)
      wechat = {
        mchid: get('INKGATE_WECHATPAY_MCHID') as string,
        appid: get('INKGATE_WECHATPAY_APPID') as string,
        serialNo: get('INKGATE_WECHATPAY_SERIAL_NO') as string,
        privateKey,
        apiV3Key,
        platformKeys,
        baseUrl,
        oauth,
      }
  }

  let alipay: AlipayConfig | undefined
  if (Object.keys(env).some((k) => k.startsWith('INKGATE_ALIPAY_') && env[k])) {
    const ok = need(['INKGATE_ALIPAY_APP_ID', 'INKGATE_ALIPAY_PRIVATE_KEY', 'INKGATE_ALIPAY_PUBLIC_KEY'], 'Alipay')
    const privateKey = key('INKGATE_ALIPAY_PRIVATE_KEY', 'private')
    const alipayPublicKey = key('INKGATE_ALIPAY_PUBLIC_KEY', 'public')
    const gatewayUrl = base('INKGATE_ALIPAY_GATEWAY_URL', OFFICIAL.alipay[0] as string, OFFICIAL.alipay)
    if (ok && privateKey && alipayPublicKey) alipay = { appId: get('INKGATE_ALIPAY_APP_ID') as string, privateKey, alipayPublicKey, gatewayUrl, sellerId: get('INKGATE_ALIPAY_SELLER_ID') }
  }

  let stripe: StripeConfig | undefined
  if (Object.keys(env).some((k) => k.startsWith('INKGATE_STRIPE_') && env[k])) {
    const ok = need(['INKGATE_STRIPE_SECRET_KEY', 'INKGATE_STRIPE_WEBHOOK_SECRET'], 'Stripe')
    const apiBase = base('INKGATE_STRIPE_API_BASE', OFFICIAL.stripe[0] as string, OFFICIAL.stripe)
    if (ok) stripe = { secretKey: get('INKGATE_STRIPE_SECRET_KEY') as string, webhookSecret: get('INKGATE_STRIPE_WEBHOOK_SECRET') as string, apiBase }
  }
  return { wechat, alipay, stripe, allowCustomHosts }
}
