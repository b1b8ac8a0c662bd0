import type { WechatConfig } from '../../platform/config/payments-config.ts'
import { authorization, verifyWechatSignature } from './wechat-crypto.ts'

export class WechatError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
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
export function createWechatClient(config: WechatConfig, now: () => Date, timeoutMs = 8000) {
  const merchant = { mchid: config.mchid, serialNo: config.serialNo, privateKey: config.privateKey }
  // in the public-key mode, ask WeChat to sign its answers with that key
  const publicKeyId = [...config.platformKeys.keys()].find((k) => k.startsWith('PUB_KEY_ID_'))
  return async function request(method: 'GET' | 'POST', pathWithQuery: string, body?: object): Promise<WechatResponse> {
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
    const verdict = verifyWechatSignature(received, raw, config.platformKeys, now().getTime())
    if (!verdict.ok) throw new WechatError(res.status, 'UNVERIFIED_RESPONSE', verdict.reason)
    let data: Record<string, unknown> | undefined
    try {
      data = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined
    } catch {
      throw new WechatError(res.status, 'BAD_JSON', 'answer is not JSON')
    }
    return { status: res.status, data }
  }
}
export type WechatRequest = ReturnType<typeof createWechatClient>
