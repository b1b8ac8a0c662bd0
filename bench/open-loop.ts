import { Agent, request } from 'node:http'

export interface OpenLoopResult {
  /** requests answered */
  requests: number
  /** the rate asked for and the rate sent, requests a second */
  rate: number
  sentRate: number
  p50: number
  p99: number
  max: number
  non2xx: number
  errors: number
}

/**
 * A steady open-loop load: request i is due at start + i / rate, whatever happened to
 * the ones before, and its latency is counted from when it was due, not from when it
 * went out (so a stall anywhere, the server's or ours, is counted for every request it
 * delayed: no coordinated omission). autocannon's `overallRate` is not this: each
 * connection sends back to back until its share of the second is used, then waits for
 * the next second, so its latencies are the queue of that burst (p50 ≈ connections ÷
 * throughput) rather than what a reader waits at that rate.
 *
 * Keep-alive sockets, at most `connections`; a request finding none free waits, and the
 * wait counts. Latencies in ms, whole numbers as autocannon reports them.
 */
export async function openLoop(url: string, path: () => string, seconds: number, rate: number, connections = 64, options: { warmupSeconds?: number } = {}): Promise<OpenLoopResult> {
  const target = new URL(url)
  const agent = new Agent({ keepAlive: true, maxSockets: connections })
  // the first `warmupSeconds` of the same steady load are sent but not counted: a steady
  // rate is measured once it is steady, not in the wake of whatever ran before it
  const skipped = Math.round((options.warmupSeconds ?? 0) * rate)
  const total = skipped + Math.round(seconds * rate)
  const latencies = new Float64Array(total)
  let answered = 0
  let non2xx = 0
  let errors = 0
  let sent = 0
  const start = performance.now()
  const interval = 1000 / rate

  const fire = (due: number, counted: boolean) =>
    new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: path(), agent }, (res) => {
        res.on('data', () => {})
        res.on('end', () => {
          if (counted) {
            latencies[answered++] = performance.now() - due
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++
          }
          resolve()
        })
      })
      req.on('error', () => {
        if (counted) errors++
        resolve()
      })
      req.end()
    })

  const inFlight: Array<Promise<void>> = []
  await new Promise<void>((done) => {
    // every millisecond (or as soon as this loop gets the CPU), send every request now due
    const tick = () => {
      const now = performance.now()
      while (sent < total && start + sent * interval <= now) {
        inFlight.push(fire(start + sent * interval, sent >= skipped))
        sent++
      }
      if (sent < total) setTimeout(tick, 1)
      else done()
    }
    tick()
  })
  const sentSeconds = (performance.now() - start - skipped * interval) / 1000
  await Promise.all(inFlight)
  agent.destroy()
  const sorted = latencies.subarray(0, answered).sort()
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN)
  return { requests: answered, rate, sentRate: (sent - skipped) / sentSeconds, p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? Number.NaN), non2xx, errors }
}
