/**
 * npm run bench:password — how long one scrypt password hash takes on this
 * machine at the costs worth considering (OWASP's equivalent scrypt settings),
 * to choose members/password.ts's DEFAULT_COST. Prints a table; writes nothing.
 */
import { cpus } from 'node:os'
import { hashPassword } from '../src/members/password.ts'

const COSTS = [
  { logN: 13, r: 8, p: 10 },
  { logN: 14, r: 8, p: 5 },
  { logN: 15, r: 8, p: 3 },
  { logN: 16, r: 8, p: 2 },
  { logN: 17, r: 8, p: 1 },
]
console.log(`${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}`)
console.log('| cost | memory | ms per hash (median of 5) |\n| --- | ---: | ---: |')
for (const cost of COSTS) {
  const ms: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    await hashPassword('correct horse battery staple', cost)
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  console.log(`| N=2^${cost.logN}, r=${cost.r}, p=${cost.p} | ${(128 * cost.r * 2 ** cost.logN) / 2 ** 20} MiB | ${ms[2]?.toFixed(0)} |`)
}
