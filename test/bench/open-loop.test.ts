import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, type TestContext } from 'node:test'
import { openLoop } from '../../bench/open-loop.ts'

/** A server that answers every request at once with its URL, and counts them. */
async function echoServer(t: TestContext): Promise<{ url: string; seen: () => number }> {
  let seen = 0
  const server = createServer((req, res) => {
    seen++
    res.end(req.url)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => server.close())
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen }
}

test('the open-loop load sends at its rate and counts a stall for every request it delayed, not just the one it caught', async (t) => {
  const server = await echoServer(t)
  const url = server.url
  // 400 ms into a 2 s run at 200 a second, the process stalls for 300 ms: ~60 requests fall due meanwhile
  setTimeout(() => {
    const until = performance.now() + 300
    while (performance.now() < until);
  }, 400)
  const result = await openLoop(url, () => '/x', 2, 200, 8)
  assert.equal(result.requests, 400)
  assert.equal(server.seen(), 400)
  assert.equal(result.non2xx + result.errors, 0)
  // a closed loop (or latency counted from the send) would show one slow request; here a few dozen wait
  assert.ok(result.max >= 250, `max ${result.max} ms`)
  assert.ok(result.p99 >= 100, `p99 ${result.p99} ms`)
})

test('a warm-up at the same rate is sent but not counted: a stall before the measured seconds is not in the figures', async (t) => {
  const server = await echoServer(t)
  const url = server.url
  // the stall ends 500 ms before the counted second starts
  setTimeout(() => {
    const until = performance.now() + 300
    while (performance.now() < until);
  }, 200)
  const result = await openLoop(url, () => '/x', 1, 200, 8, { warmupSeconds: 1 })
  assert.equal(server.seen(), 400)
  assert.equal(result.requests, 200)
  assert.equal(result.non2xx + result.errors, 0)
  assert.ok(result.max < 200, `max ${result.max} ms`)
})
