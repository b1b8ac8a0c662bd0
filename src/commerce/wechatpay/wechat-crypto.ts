import { createDecipheriv, createSign, createVerify, randomInt } from 'node:crypto'

/**
 * WeChat Pay API v3 cryptography with node:crypto (payments/reference 1.2–1.5):
 * request signatures, response and notification verification, and the
 * AES-256-GCM notification resource. Every check fails closed: a malformed key,
 * signature or ciphertext is a failed check, never an exception to a caller.
 */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'
/** WeChat's SDKs accept ±5 minutes between a signature's timestamp and now */
export const MAX_SKEW_SECONDS = 300
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function nonce(length = 32): string {
  let s = ''
  for (let i = 0; i < length; i++) s += ALNUM[randomInt(ALNUM.length)]
  return s
}

/** The string a merchant signs: method, path with query, timestamp, nonce, body; every line ends in \n. */
export const requestSigningString = (method: string, pathWithQuery: string, timestamp: number | string, nonceStr: string, body: string): string =>
  `${method}\n${pathWithQuery}\n${timestamp}\n${nonceStr}\n${body}\n`

/** The string WeChat signs on a response or notification: timestamp, nonce, body as received. */
export const responseSigningString = (timestamp: string, nonceStr: string, body: string): string => `${timestamp}\n${nonceStr}\n${body}\n`

export function rsaSha256Sign(message: string, privateKey: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64')
}

export function rsaSha256Verify(message: string, signature: string, publicKey: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

export interface MerchantKey {
  mchid: string
  serialNo: string
  privateKey: string
}

/** The Authorization header for one request; `body` must be the exact string sent. */
export function authorization(merchant: MerchantKey, method: string, pathWithQuery: string, body: string, nowMs: number, nonceStr = nonce()): string {
  const timestamp = Math.floor(nowMs / 1000)
  const signature = rsaSha256Sign(requestSigningString(method, pathWithQuery, timestamp, nonceStr, body), merchant.privateKey)
  return `${AUTH_SCHEMA} mchid="${merchant.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${merchant.serialNo}"`
}

export type Verdict = { ok: true } | { ok: false; reason: string }

/**
 * Checks a signed response or notification: all four Wechatpay-* headers,
 * not a signature probe, timestamp within ±5 minutes, a serial we hold (a
 * platform certificate's or a PUB_KEY_ID_ key's), and the RSA signature over
 * the body exactly as received.
 */
export function verifyWechatSignature(headers: Record<string, string | string[] | undefined>, rawBody: string, keys: ReadonlyMap<string, string>, nowMs: number): Verdict {
  const h = (name: string) => {
    const v = headers[name]
    return typeof v === 'string' ? v : undefined
  }
  const timestamp = h('wechatpay-timestamp')
  const nonceStr = h('wechatpay-nonce')
  const signature = h('wechatpay-signature')
  const serial = h('wechatpay-serial')
  if (!timestamp || !nonceStr || !signature || !serial) return { ok: false, reason: 'missing Wechatpay-* headers' }
  // WeChat sends deliberately wrong "probe" signatures to check that merchants verify
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) return { ok: false, reason: 'signature probe' }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'timestamp outside the 5-minute window' }
  const key = keys.get(serial)
  if (!key) return { ok: false, reason: `unknown Wechatpay-Serial ${serial.slice(0, 60)}` }
  return rsaSha256Verify(responseSigningString(timestamp, nonceStr, rawBody), signature, key) ? { ok: true } : { ok: false, reason: 'bad signature' }
}

export interface EncryptedResource {
  algorithm: string
  ciphertext: string
  associated_data?: string
  nonce: string
  original_type?: string
}

/**
 * Decrypts a notification resource with the APIv3 key. The ciphertext ends
 * with the 16-byte GCM tag; decipher.final() checks it and throws on any change.
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unsupported algorithm ${String(resource.algorithm).slice(0, 40)}`)
  const key = Buffer.from(apiV3Key, 'utf8')
  if (key.length !== 32) throw new Error('the APIv3 key must be 32 bytes')
  const data = Buffer.from(String(resource.ciphertext), 'base64')
  if (data.length < 16) throw new Error('ciphertext too short')
  const iv = Buffer.from(String(resource.nonce), 'utf8')
  if (iv.length !== 12) throw new Error('nonce must be 12 bytes')
  const decipher = createDecipheriv('aes-256-gcm', key, iv)
  decipher.setAuthTag(data.subarray(data.length - 16))
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'))
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8')
}

/** JSAPI page parameters for WeixinJSBridge.invoke('getBrandWCPayRequest', …). */
export function jsapiParams(appId: string, privateKey: string, prepayId: string, nowMs: number): Record<string, string> {
  const timeStamp = String(Math.floor(nowMs / 1000))
  const nonceStr = nonce()
  const pkg = `prepay_id=${prepayId}`
  return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign: rsaSha256Sign(`${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`, privateKey) }
}

/** RFC 3339 in Beijing time, as WeChat writes time_expire: 2026-11-27T16:30:00+08:00 */
export function rfc3339Beijing(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
}
