import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashes: scrypt (memory-hard, in Node's crypto: no native add-on).
 * The cost is one of OWASP's equivalent scrypt settings, N=2^15 (32 MiB), r=8,
 * p=3: ~260 ms per hash on this project's 2-core machine (`npm run bench:password`,
 * BENCHMARKS.md notes), the most memory-hard setting of the list that keeps a
 * login well under half a second. The cost is stored with each hash, so raising
 * it later only needs `needsRehash` at the next login.
 */
export interface ScryptCost {
  logN: number
  r: number
  p: number
}

export const DEFAULT_COST: ScryptCost = Object.freeze({ logN: 15, r: 8, p: 3 })
const KEY_LENGTH = 32

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** cost.logN, r: cost.r, p: cost.p, maxmem: 256 * 2 ** cost.logN * cost.r + 1024 * 1024 }
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))))
}

/** `$scrypt$ln=15,r=8,p=3$<salt>$<hash>` (base64, no padding). */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, cost)
  return `$scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored)
  if (!m) return undefined
  const cost = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  if (cost.logN < 10 || cost.logN > 20 || cost.r < 1 || cost.p < 1) return undefined
  return { cost, salt: Buffer.from(m[4] as string, 'base64url'), key: Buffer.from(m[5] as string, 'base64url') }
}

/** Constant-time check. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.cost)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/** True when a hash was made with a different cost than `cost` (rehash at the next successful login). */
export function needsRehash(stored: string, cost: ScryptCost = DEFAULT_COST): boolean {
  const parsed = parse(stored)
  return !parsed || parsed.cost.logN !== cost.logN || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p
}
