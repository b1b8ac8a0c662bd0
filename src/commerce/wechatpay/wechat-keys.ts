import { X509Certificate } from 'node:crypto'
import { decryptResource, verifyWechatSignature, type EncryptedResource, type Verdict } from './wechat-crypto.ts'

/** How often an unknown serial may trigger a download of the platform certificates. */
const REFRESH_EVERY_MS = 60_000

/**
 * The keys WeChat's signatures are checked with: the configured public key
 * (PUB_KEY_ID_…) and platform certificates, and in the certificate mode the
 * certificates WeChat rotates in. A signature by an unknown certificate serial
 * triggers one download of GET /v3/certificates (at most once a minute): the
 * answer must itself be signed by a key we already trust, and each
 * certificate in it is AES-GCM encrypted with the APIv3 key, so neither a
 * forged answer nor a forged certificate can add a key.
 */
export function createWechatKeys(deps: {
  configured: ReadonlyMap<string, string>
  apiV3Key: string
  now: () => Date
  /** GET /v3/certificates, verified with `verify` (the client calls back into this module) */
  download: () => Promise<unknown>
}) {
  const keys = new Map(deps.configured)
  let lastRefresh = -Infinity
  let refreshing: Promise<void> | undefined

  async function refresh(): Promise<void> {
    lastRefresh = deps.now().getTime()
    const answer = (await deps.download()) as { data?: Array<{ serial_no?: string; expire_time?: string; encrypt_certificate?: EncryptedResource }> }
    for (const item of answer.data ?? []) {
      if (!item.encrypt_certificate || typeof item.serial_no !== 'string') continue
      const cert = new X509Certificate(decryptResource(item.encrypt_certificate, deps.apiV3Key))
      // the certificate must be the one the list says, and still valid
      if (cert.serialNumber.toUpperCase() !== item.serial_no.toUpperCase() || Date.parse(cert.validTo) < deps.now().getTime()) continue
      keys.set(cert.serialNumber.toUpperCase(), cert.publicKey.export({ type: 'spki', format: 'pem' }).toString())
    }
  }

  return {
    keys: keys as ReadonlyMap<string, string>,
    /** checks a signature; an unknown certificate serial first refreshes the certificates (once a minute) */
    async verify(headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<Verdict> {
      const first = verifyWechatSignature(headers, rawBody, keys, deps.now().getTime())
      const serial = headers['wechatpay-serial']
      if (first.ok || !first.reason.startsWith('unknown Wechatpay-Serial') || typeof serial !== 'string' || serial.startsWith('PUB_KEY_ID_')) return first
      if (deps.now().getTime() - lastRefresh < REFRESH_EVERY_MS) return first
      try {
        refreshing ??= refresh().finally(() => (refreshing = undefined))
        await refreshing
      } catch {
        return first
      }
      return verifyWechatSignature(headers, rawBody, keys, deps.now().getTime())
    },
  }
}
export type WechatKeys = ReturnType<typeof createWechatKeys>
