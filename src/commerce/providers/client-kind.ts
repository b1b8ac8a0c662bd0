import type { ClientKind } from './provider.ts'

/** Inside WeChat, another phone browser, or a PC: decides which ways to pay can work (payments/reference 1.4, 2.2). */
export function clientKind(userAgent: string | undefined): ClientKind {
  const ua = userAgent ?? ''
  if (/MicroMessenger/i.test(ua)) return 'wechat'
  if (/Mobi|Android|iPhone|iPad|HarmonyOS/i.test(ua)) return 'mobile'
  return 'pc'
}
