// Waits for a job to leave `created`/`in_progress`. Gaps start at the poll interval and never fall below it
// (jitter only adds), growing ×1.5 up to 300 s; rate-limit waits are the client's business.
import type { Clock } from '../net/clock.js'
import type { ComplianceJob } from './client.js'

export const MAX_POLL_GAP_MS = 300_000
const GROWTH = 1.5
const JITTER = 0.1

export class WaitTimeoutError extends Error {
  constructor(
    message: string,
    readonly job: ComplianceJob
  ) {
    super(message)
    this.name = 'WaitTimeoutError'
  }
}

export function isActive(status: string): boolean {
  return status === 'created' || status === 'in_progress'
}

/** The n-th gap (0-based): interval × 1.5^n, capped at 300 s but never below the interval, plus jitter. */
export function pollGapMs(intervalMs: number, n: number, random: () => number): number {
  const base = Math.max(intervalMs, Math.min(MAX_POLL_GAP_MS, intervalMs * GROWTH ** n))
  return Math.ceil(base * (1 + JITTER * random()))
}

export interface PollOptions {
  get: () => Promise<ComplianceJob>
  first: ComplianceJob
  intervalMs: number
  timeoutMs: number
  clock: Clock
  signal?: AbortSignal
  onStatus?: (job: ComplianceJob, waitedMs: number) => void
}

export async function pollUntilDone(opts: PollOptions): Promise<{ job: ComplianceJob; waitedMs: number }> {
  const start = opts.clock.now()
  let job = opts.first
  for (let n = 0; isActive(job.status); n++) {
    const waited = opts.clock.now() - start
    const gap = pollGapMs(opts.intervalMs, n, opts.clock.random)
    if (waited + gap > opts.timeoutMs) {
      const minutes = Math.round(opts.timeoutMs / 60_000)
      throw new WaitTimeoutError(
        `job ${job.id} is still ${job.status} after waiting ${minutes} minute(s) (wait-timeout-minutes). ` +
          `It keeps running at X: rerun with job-id: ${job.id} to continue waiting and download the results.`,
        job
      )
    }
    await opts.clock.sleep(gap, opts.signal)
    job = await opts.get()
    opts.onStatus?.(job, opts.clock.now() - start)
  }
  return { job, waitedMs: opts.clock.now() - start }
}
