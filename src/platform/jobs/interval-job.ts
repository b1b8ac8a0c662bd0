/**
 * A job that runs every `everyMs` in this process, never two runs at once, and
 * whose failures are logged, not thrown. Jobs keep their state in the database
 * (an order's state, an attempt's), so a restart loses nothing: the next run
 * picks up what is due.
 */
export function startIntervalJob(name: string, everyMs: number, run: () => Promise<unknown>, log: { error: (obj: object, msg: string) => void }) {
  let running: Promise<unknown> | undefined
  const tick = () => {
    if (running) return
    running = run()
      .catch((err) => log.error({ err, job: name }, 'job failed'))
      .finally(() => {
        running = undefined
      })
  }
  const timer = setInterval(tick, everyMs)
  timer.unref()
  setImmediate(tick)
  return {
    async stop(): Promise<void> {
      clearInterval(timer)
      await running
    },
  }
}
