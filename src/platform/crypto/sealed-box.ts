import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Secrets the database keeps but must not be readable from it (a staff member's
 * TOTP seed, payment credentials entered in the console): sealed with
 * AES-256-GCM under a key derived (HKDF-SHA256) from a master secret held in the
 * environment, one key per purpose, so a value sealed for one use cannot be
 * opened as another. A sealed value is `v1.<iv>.<tag>.<ciphertext>` (base64url);
 * any change to it makes `open` throw instead of returning other text.
 */
export interface Sealer {
  seal(plain: string): string
  open(sealed: string): string
}

export function createSealer(master: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', master, 'inkgate sealed box', `inkgate:${purpose}`, 32))
  return {
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
    },
    open(sealed) {
      const [version, iv, tag, body, ...rest] = sealed.split('.')
      if (version !== 'v1' || !iv || !tag || body === undefined || rest.length) throw new Error('not a sealed value')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    },
  }
}
