import { take, type RateCounter, type RateRule, type Window } from '../platform/rate-limit/counter.ts'

/**
 * Guessing passwords, slowed without locking the owner out. Failures count per
 * account (whatever name or e-mail was typed) and per client address. An address
 * that has logged in to an account before is known to it: failures from there
 * count on their own, so a stranger's guesses from elsewhere cannot lock the
 * owner out at home, and a crowd behind one address cannot be locked out by one
 * of them guessing someone else's password.
 */
export const LOGIN_LIMITS = {
  /** failed logins from one address, whatever the account, from addresses that never logged in to it */
  address: { max: 30, windowMs: 15 * 60_000 },
  /** failed logins to one account from addresses that never logged in to it */
  account: { max: 5, windowMs: 15 * 60_000 },
  /** failed logins to one account from an address that did */
  knownAddress: { max: 10, windowMs: 15 * 60_000 },
  /** how long an address that logged in stays known to the account */
  knownForMs: 90 * 86_400_000,
} as const satisfies Record<string, RateRule | number>

/** Sign-ups from one address: each one costs a 32 MiB scrypt. */
export const REGISTER_LIMIT: RateRule = { max: 5, windowMs: 60 * 60_000 }

const over = (w: Window, rule: RateRule) => (w.count >= rule.max ? Math.max(1, w.resetMs) : 0)

export function createLoginThrottle(counter: RateCounter) {
  const knownKey = (account: string, address: string) => `k:${account}:${address}`
  const isKnown = async (account: string, address: string) => (await counter.peek(knownKey(account, address))).count > 0
  return {
    /** ms until this address may try this account again; 0 = now */
    async waitFor(account: string, address: string): Promise<number> {
      if (await isKnown(account, address)) return over(await counter.peek(`p:${account}:${address}`), LOGIN_LIMITS.knownAddress)
      const [a, i] = await Promise.all([counter.peek(`a:${account}`), counter.peek(`i:${address}`)])
      return Math.max(over(a, LOGIN_LIMITS.account), over(i, LOGIN_LIMITS.address))
    },
    async failed(account: string, address: string): Promise<void> {
      if (await isKnown(account, address)) await counter.hit(`p:${account}:${address}`, LOGIN_LIMITS.knownAddress.windowMs)
      else await Promise.all([counter.hit(`a:${account}`, LOGIN_LIMITS.account.windowMs), counter.hit(`i:${address}`, LOGIN_LIMITS.address.windowMs)])
    },
    async succeeded(account: string, address: string): Promise<void> {
      await counter.clear(knownKey(account, address))
      await counter.hit(knownKey(account, address), LOGIN_LIMITS.knownForMs)
      await counter.clear(`p:${account}:${address}`)
    },
    /** counts a sign-up from this address; ms to wait when there were too many */
    register(address: string): Promise<number> {
      return take(counter, `r:${address}`, REGISTER_LIMIT)
    },
  }
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>
