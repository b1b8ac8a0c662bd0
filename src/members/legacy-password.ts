import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * Password hashes brought from another site, kept only until their owner's
 * next sign-in. FastAdmin's is `md5(md5(password) . salt)` (lower-case hex),
 * stored here as `$fastadmin-md5$<salt, base64url>$<hex>`. `verifyLegacy`
 * is called by the sign-in alone, which replaces the hash with our scrypt one
 * at once: a legacy hash never checks a password for anything else (a
 * password change, a second factor), and `verifyPassword` refuses it.
 */
const FASTADMIN = '$fastadmin-md5$'

/**
 * The hash of a member brought without a password (Ghost's members sign in by
 * mailed links; WordPress's authors come without theirs; an archive made
 * without hashes): no password matches it, and 忘记密码 sets one.
 */
export const NO_PASSWORD = '!'

export function fastadminLegacyHash(hexDigest: string, salt: string): string {
  return `${FASTADMIN}${Buffer.from(salt, 'utf8').toString('base64url')}$${hexDigest.toLowerCase()}`
}

export const isLegacyHash = (stored: string): boolean => stored.startsWith(FASTADMIN)

export function verifyLegacy(password: string, stored: string): boolean {
  if (!stored.startsWith(FASTADMIN)) return false
  const [saltPart, hex] = stored.slice(FASTADMIN.length).split('$')
  if (saltPart === undefined || hex === undefined || !/^[0-9a-f]{32}$/.test(hex)) return false
  const salt = Buffer.from(saltPart, 'base64url').toString('utf8')
  const inner = createHash('md5').update(password, 'utf8').digest('hex')
  const outer = createHash('md5')
    .update(inner + salt, 'utf8')
    .digest()
  return timingSafeEqual(outer, Buffer.from(hex, 'hex'))
}
