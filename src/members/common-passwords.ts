import { PASSWORD_MIN } from './member-rules.ts'

/**
 * Passwords too common to accept: zxcvbn's list of the ~49,000 most used (from
 * leaked password sets), and the ones Chinese leaks add to it. Only those long
 * enough to pass the length rule are kept. Loaded on the first check (a sign-up
 * or a password change), never by a process that only serves pages.
 */
const CHINESE = [
  'woaini1314',
  'woaini520',
  'woaini521',
  '5201314520',
  '1314520520',
  'aa123456',
  'aa123456789',
  'qq123456789',
  'zxc123456',
  'qwe123456',
  'asd123456',
  'abc123456',
  'a12345678',
  'a123123123',
  'qwer1234',
  'q1w2e3r4',
  '1q2w3e4r',
  '147258369',
  '159357456',
  '123456abc',
  '123456qq',
  '123456aa',
  'wang123456',
  'li123456',
  'zhang123456',
  'liu123456',
  'chen123456',
  'woaiwojia',
  'iloveyou520',
]

let common: Promise<Set<string>> | undefined

function load(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => {
    const list = (dictionary as Record<string, string[]>)['passwords-common'] ?? []
    return new Set([...list, ...CHINESE].filter((p) => p.length >= PASSWORD_MIN))
  })
  return common
}

export async function isCommonPassword(password: string): Promise<boolean> {
  return (await load()).has(password.normalize('NFKC').toLowerCase())
}
