import type { WechatConfig } from '../../platform/config/payments-config.ts'
import { authorization, verifyWechatSignature } from './wechat-crypto.ts'
import { createWechatKeys, type WechatKeys } from './wechat-keys.ts'

export class WechatError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`WeChat Pay ${status} ${code}: ${message}`)
    this.name = 'WechatError'
  }
}

export interface WechatResponse {
  status: number
  data: Record<string, unknown> | undefined
}

/**
 * Signed calls to the WeChat Pay API v3: the body is serialised once and the
 * same string is signed and sent; every answer below 500 (an empty 204 too)
 * must carry a valid WeChat signature, or it is not believed.
 */
export function createWechatClient(config: WechatConfig, now: () => Date, timeoutMs = 8000): { request: WechatRequest; keys: WechatKeys } {
  const merchant = { mchid: config.mchid, serialNo: config.serialNo, privateKey: config.privateKey }
  // in the public-key mode, ask WeChat to sign its answers with that key
  const publicKeyId = [...config.platformKeys.keys()].find((k) => k.startsWith('PUB_KEY_ID_'))
  // the certificate list is verified with the keys we already hold, never by a refresh of its own
  const keys = createWechatKeys({ configured: config.platformKeys, apiV3Key: config.apiV3Key, now, download: async () => (await request('GET', '/v3/certificates', undefined, false)).data })
  async function request(method: 'GET' | 'POST', pathWithQuery: string, body?: object, mayRefresh = true): Promise<WechatResponse> {
    const text = body ? JSON.stringify(body) : ''
    const headers: Record<string, string> = {
      authorization: authorization(merchant, method, pathWithQuery, text, now().getTime()),
      accept: 'application/json',
      'user-agent': 'Inkgate (+https://inkgate.invalid)',
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(publicKeyId ? { 'wechatpay-serial': publicKeyId } : {}),
    }
    const res = await fetch(config.baseUrl + pathWithQuery, { method, headers, ...(body ? { body: text } : {}), signal: AbortSignal.timeout(timeoutMs) })
    const raw = await res.text()
    if (res.status >= 500) throw new WechatError(res.status, 'SYSTEM_ERROR', 'provider error, retry later')
    const received: Record<string, string> = {}
    res.headers.forEach((value, name) => (received[name] = value))
    const verdict = mayRefresh ? await keys.verify(received, raw) : verifyWechatSignature(received, raw, keys.keys, now().getTime())
    if (!verdict.ok) throw new WechatError(res.status, 'UNVERIFIED_RESPONSE', verdict.reason)
    let data: Record<string, unknown> | undefined
    try {
      data = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined
    } catch {
      throw new WechatError(res.status, 'BAD_JSON', 'answer is not JSON')
    }
    return { status: res.status, data }
  }
  return { request: (method, path, body) => request(method, path, body), keys }
}
export type WechatRequest = (method: 'GET' | 'POST', pathWithQuery: string, body?: object) => Promise<WechatResponse>
