import { createHmac, timingSafeEqual } from 'node:crypto'
import { mediaPath } from './media.ts'

/**
 * Short-lived links to paid files. A reader entitled to a post that uses a file
 * in a paid region is sent to one of these; it works for `ttlSeconds` (a
 * download manager without the reader's cookie may follow it), then the reader
 * must come back through the entitlement check.
 */
export function createMediaSigner(secret: string, ttlSeconds: number, now: () => Date) {
  // a key of its own: a media signature is never valid as any other token
  const key = createHmac('sha256', secret).update('inkgate media url v1').digest()
  const mac = (mediaKey: string, expires: number) => createHmac('sha256', key).update(`${mediaKey}.${expires}`).digest('base64url')
  return {
    ttlSeconds,
    sign(mediaKey: string, ext: string): string {
      const expires = Math.floor(now().getTime() / 1000) + ttlSeconds
      return `${mediaPath(mediaKey, ext)}?e=${expires}&s=${mac(mediaKey, expires)}`
    },
    /** true while the link is unexpired and its signature is ours */
    verify(mediaKey: string, e: unknown, s: unknown): boolean {
      if (typeof e !== 'string' || typeof s !== 'string' || !/^\d{1,12}$/.test(e)) return false
      const expires = Number(e)
      const left = expires - now().getTime() / 1000
      if (left <= 0 || left > ttlSeconds) return false
      const want = Buffer.from(mac(mediaKey, expires))
      const got = Buffer.from(s)
      return got.length === want.length && timingSafeEqual(got, want)
    },
  }
}

export type MediaSigner = ReturnType<typeof createMediaSigner>
