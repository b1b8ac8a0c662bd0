/**
 * WeChat's web OAuth with scope snsapi_base: inside WeChat's browser, a
 * redirect that comes back with a code, exchanged server-side for the
 * reader's openid under our 公众号. JSAPI payment needs that openid; nothing
 * else of the reader is asked for or kept beyond a signed cookie.
 */
export interface WechatOauthConfig {
  appId: string
  appSecret: string
  authorizeUrl: string
  apiUrl: string
}

export class WechatOauthError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WechatOauthError'
  }
}

export function createWechatOauth(config: WechatOauthConfig) {
  return {
    /** where to send the reader: WeChat asks nothing of them for snsapi_base and comes back at once */
    authorizeUrl(redirectUri: string, state: string): string {
      const q = new URLSearchParams({ appid: config.appId, redirect_uri: redirectUri, response_type: 'code', scope: 'snsapi_base', state })
      return `${config.authorizeUrl}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`
    },

    /** the openid for a code (each code works once, for five minutes) */
    async openidFor(code: string): Promise<string> {
      const q = new URLSearchParams({ appid: config.appId, secret: config.appSecret, code, grant_type: 'authorization_code' })
      const res = await fetch(`${config.apiUrl}/sns/oauth2/access_token?${q.toString()}`, { signal: AbortSignal.timeout(8000) })
      const body = (await res.json().catch(() => ({}))) as { openid?: string; errcode?: number; errmsg?: string }
      if (!res.ok || typeof body.openid !== 'string' || !/^[\w-]{6,64}$/.test(body.openid))
        throw new WechatOauthError(`code exchange failed: ${body.errcode ?? res.status} ${String(body.errmsg ?? '').slice(0, 80)}`)
      return body.openid
    },
  }
}
export type WechatOauth = ReturnType<typeof createWechatOauth>
