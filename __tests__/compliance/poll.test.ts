import { describe, expect, it } from '@jest/globals'
import { MAX_POLL_GAP_MS, WaitTimeoutError, pollGapMs, pollUntilDone } from '../../src/compliance/poll.js'
import type { ComplianceJob } from '../../src/compliance/client.js'

function fakeClock(random = 0.5) {
  let t = 1_000_000
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    random: () => random,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      t += ms
    }
  }
}

const job = (status: string): ComplianceJob =>
  ({
    id: '1',
    type: 'tweets',
    status,
    created_at: '',
    upload_url: '',
    upload_expires_at: '',
    download_url: '',
    download_expires_at: ''
  }) as ComplianceJob

describe('pollGapMs', () => {
  it('starts at the interval, grows ×1.5, caps at 300 s, and jitter only adds', () => {
    expect(pollGapMs(30_000, 0, () => 0)).toBe(30_000)
    expect(pollGapMs(30_000, 1, () => 0)).toBe(45_000)
    expect(pollGapMs(30_000, 2, () => 0)).toBe(67_500)
    expect(pollGapMs(30_000, 20, () => 0)).toBe(MAX_POLL_GAP_MS)
    for (let n = 0; n < 30; n++) {
      for (const r of [0, 0.3, 0.999]) {
        expect(pollGapMs(1000, n, () => r)).toBeGreaterThanOrEqual(1000)
        expect(pollGapMs(1000, n, () => r)).toBeGreaterThanOrEqual(Math.min(300_000, 1000 * 1.5 ** n))
      }
    }
  })

  it('never goes below an interval larger than the cap', () => {
    expect(pollGapMs(600_000, 5, () => 0)).toBe(600_000)
  })
})

describe('pollUntilDone', () => {
  it('polls until the job leaves created/in_progress', async () => {
    const clock = fakeClock(0)
    const statuses = ['created', 'in_progress', 'in_progress', 'complete']
    const seen: string[] = []
    const done = await pollUntilDone({
      get: async () => job(statuses.shift()!),
      first: job('created'),
      intervalMs: 2000,
      timeoutMs: 3_600_000,
      clock,
      onStatus: j => seen.push(j.status)
    })
    expect(done.job.status).toBe('complete')
    expect(seen).toEqual(['created', 'in_progress', 'in_progress', 'complete'])
    expect(clock.sleeps).toEqual([2000, 3000, 4500, 6750])
    expect(done.waitedMs).toBe(2000 + 3000 + 4500 + 6750)
  })

  it('returns at once for a finished job', async () => {
    const clock = fakeClock()
    const done = await pollUntilDone({
      get: async () => job('x'),
      first: job('failed'),
      intervalMs: 1000,
      timeoutMs: 1000,
      clock
    })
    expect(done.job.status).toBe('failed')
    expect(clock.sleeps).toEqual([])
  })

  it('fails at the timeout saying how to resume with job-id', async () => {
    const clock = fakeClock(0)
    const err = await pollUntilDone({
      get: async () => job('in_progress'),
      first: job('in_progress'),
      intervalMs: 60_000,
      timeoutMs: 10 * 60_000,
      clock
    }).catch(e => e)
    expect(err).toBeInstanceOf(WaitTimeoutError)
    expect(err.message).toMatch(/job 1 is still in_progress after waiting 10 minute/)
    expect(err.message).toMatch(/job-id: 1/)
    expect(clock.now() - 1_000_000).toBeLessThanOrEqual(10 * 60_000)
  })
})
