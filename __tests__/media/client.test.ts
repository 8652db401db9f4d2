import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { MediaClient, type MediaClientOptions } from '../../src/media/client.js'
import { abortedError, type HttpRequest } from '../../src/net/transport.js'
import type { Clock } from '../../src/net/clock.js'
import { uploadSegments } from '../../src/upload/x-media-segments.js'
import { runMediaUpload } from '../../src/media/flow.js'
import type { MediaInputs } from '../../src/media/inputs.js'
import type { MediaReport } from '../../src/media/report.js'
import type { Logger } from '../../src/action/log.js'
import { fakeClock, scriptedTransport, type Reply } from '../helpers/fake-transport.js'

const T0 = 1_700_000_000_000
const secs = (ms: number) => String(Math.floor(ms / 1000))

/** A clock whose sleeps end only when the test advances it past their end, or with their signal's abort. */
function manualClock(start = T0) {
  let t = start
  const sleepers = new Set<{ until: number; resolve: () => void }>()
  const clock: Clock & { advance(ms: number): void; sleeping(): number } = {
    now: () => t,
    random: () => 0.5,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(abortedError(signal))
        const s = {
          until: t + ms,
          resolve: () => {
            sleepers.delete(s)
            resolve()
          }
        }
        sleepers.add(s)
        signal?.addEventListener(
          'abort',
          () => {
            sleepers.delete(s)
            reject(abortedError(signal))
          },
          { once: true }
        )
      }),
    advance: ms => {
      t += ms
      for (const s of [...sleepers]) if (s.until <= t) s.resolve()
    },
    sleeping: () => sleepers.size
  }
  return clock
}

function client(transport: MediaClientOptions['transport'], clock: Clock, signal?: AbortSignal) {
  return new MediaClient({
    baseUrl: 'http://x.test',
    auth: { kind: 'oauth2', userToken: 'tok' },
    sign: () => 'Bearer tok',
    transport,
    retry: { maxRetries: 5, baseDelayMs: 100 },
    stallTimeoutMs: 10_000,
    clock,
    signal
  })
}

const ok: Reply = { status: 200, body: '{"data":{"expires_at":1700086400}}' }
const settle = () => new Promise(r => setTimeout(r, 50))

let dir: string
let file: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'media-client-'))
  file = path.join(dir, 'three.bin')
  await writeFile(file, 'abc')
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

describe('segments in flight when one fails for good', () => {
  it('stop at once: a 24-hour 429 on one append ends the sleeps of the others, and its error is the one reported', async () => {
    const clock = manualClock()
    const signals: (AbortSignal | undefined)[] = []
    const transport = scriptedTransport((req: HttpRequest, n) => {
      signals.push(req.signal)
      // 1: a 429 whose 15-minute limit resets in 10 minutes (waited out); 2: a 503 (backoff); 3: a 429 whose
      // 24-hour limit resets in 5 hours (fatal at once).
      if (n === 1)
        return {
          status: 429,
          headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': secs(T0 + 10 * 60_000) }
        }
      if (n === 2) return { status: 503 }
      if (n === 3)
        return {
          status: 429,
          headers: {
            'x-user-limit-24hour-remaining': '0',
            'x-user-limit-24hour-reset': secs(T0 + 5 * 3600_000)
          }
        }
      return ok
    })
    const c = client(transport, clock)
    let outcome: unknown = 'pending'
    const run = uploadSegments({
      path: file,
      size: 3,
      segmentSize: 1,
      concurrency: 3,
      retry: { maxRetries: 5, baseDelayMs: 100 },
      clock,
      send: (seg, body, state, signal) =>
        c
          .append(
            '1',
            seg.index,
            () => ({ contentType: 'application/octet-stream', body: body() }),
            state,
            signal
          )
          .then(() => undefined)
    }).then(
      () => (outcome = 'resolved'),
      (err: unknown) => (outcome = err)
    )
    // No time passes on the clock: the step must fail without waiting for the others' sleeps to end.
    await settle()
    if (outcome === 'pending') clock.advance(24 * 3600_000) // let a broken upload end, so the test fails cleanly
    await run
    expect(outcome).toBeInstanceOf(Error)
    expect((outcome as Error).message).toMatch(/24-hour user limit .* is spent until 2023-11-15T03:13:20/)
    expect(clock.now()).toBe(T0)
    expect(clock.sleeping()).toBe(0)
    expect(transport.requests).toHaveLength(3)
    expect(signals.every(s => s?.aborted)).toBe(true)
  })

  it("stop on the caller's abort too", async () => {
    const clock = manualClock()
    const caller = new AbortController()
    const transport = scriptedTransport(() => ({ status: 503 }))
    const c = client(transport, clock)
    const run = uploadSegments({
      path: file,
      size: 3,
      segmentSize: 1,
      concurrency: 2,
      retry: { maxRetries: 5, baseDelayMs: 100 },
      clock,
      signal: caller.signal,
      send: (seg, body, state, signal) =>
        c
          .append(
            '1',
            seg.index,
            () => ({ contentType: 'application/octet-stream', body: body() }),
            state,
            signal
          )
          .then(() => undefined)
    })
    await settle()
    caller.abort()
    const late = new Promise(r => setTimeout(() => r('still running 1 s after the abort'), 1000))
    await expect(Promise.race([run, late])).rejects.toThrow(/cancelled/)
    expect(transport.requests).toHaveLength(2)
  })
})

describe('a rate limit found spent', () => {
  it('holds for retries: a retry after a 503 that said remaining 0 waits for the reset', async () => {
    const clock = fakeClock(T0)
    const at: number[] = []
    const reset = T0 + 60_000
    const transport = scriptedTransport((_req, n) => {
      at.push(clock.now())
      return n === 1
        ? { status: 503, headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': secs(reset) } }
        : { status: 200, body: '{"data":{"id":"7"}}' }
    })
    await client(transport, clock).finalize('7')
    expect(at).toHaveLength(2)
    expect(at[1]).toBeGreaterThanOrEqual(reset)
  })

  it('holds for retries: a retry after a 503 that said a 24-hour limit is spent fails at once, naming it', async () => {
    const clock = fakeClock(T0)
    const transport = scriptedTransport(() => ({
      status: 503,
      headers: { 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': secs(T0 + 5 * 3600_000) }
    }))
    await expect(client(transport, clock).finalize('7')).rejects.toThrow(
      'X API: the 24-hour App limit for media upload is spent until 2023-11-15T03:13:20.500Z, more than 15 minutes away; run again after that time.'
    )
    expect(transport.requests).toHaveLength(1)
  })
})

describe('Retry-After without rate-limit headers', () => {
  it('is waited out up to 15 minutes', async () => {
    const clock = fakeClock(T0)
    const at: number[] = []
    const transport = scriptedTransport((_req, n) => {
      at.push(clock.now())
      return n === 1
        ? { status: 429, headers: { 'retry-after': '600' } }
        : { status: 200, body: '{"data":{"id":"7"}}' }
    })
    await client(transport, clock).finalize('7')
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(600_000)
  })

  it.each([429, 503])('further away fails at once on HTTP %d, naming Retry-After and when', async status => {
    const clock = fakeClock(T0)
    const transport = scriptedTransport(() => ({ status, headers: { 'retry-after': String(5 * 3600) } }))
    await expect(client(transport, clock).finalize('7')).rejects.toThrow(
      `X API: media upload answered HTTP ${status} with Retry-After until 2023-11-15T03:13:20.000Z, more than 15 minutes away; run again after that time.`
    )
    expect(transport.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('as an HTTP date further away fails at once too', async () => {
    const clock = fakeClock(T0)
    const when = new Date(T0 + 2 * 3600_000).toUTCString()
    const transport = scriptedTransport(() => ({ status: 429, headers: { 'retry-after': when } }))
    await expect(client(transport, clock).finalize('7')).rejects.toThrow(
      /Retry-After until 2023-11-15T00:13:20\.000Z, more than 15 minutes away/
    )
    expect(transport.requests).toHaveLength(1)
  })
})

describe('media-expires-at', () => {
  it("is the latest answer's expiry, even when an earlier answer gave a later one", async () => {
    const clock = fakeClock(T0)
    const answers: Record<string, Reply> = {
      initialize: { status: 200, body: '{"data":{"id":"7","expires_after_secs":86400}}' },
      finalize: { status: 200, body: '{"data":{"id":"7"}}' }
    }
    let appends = 0
    const transport = scriptedTransport(req => {
      const step = /\/(initialize|append|finalize)$/.exec(new URL(req.url).pathname)?.[1] ?? ''
      if (step !== 'append') return answers[step]
      appends++
      // the first append says 2 hours from now, the second (the latest answer) 1 hour
      const at = Math.floor(T0 / 1000) + (appends === 1 ? 7200 : 3600)
      return { status: 200, body: JSON.stringify({ data: { expires_at: at } }) }
    })
    const report: MediaReport = {
      file: file,
      mediaType: 'image/png',
      category: 'tweet_image',
      size: 3,
      segmentSize: 2,
      bytesUploaded: 0,
      faultsRecovered: 0,
      altText: false
    }
    const inputs = {
      auth: { kind: 'oauth2', userToken: 'tok' },
      file,
      size: 3,
      mediaType: 'image/png',
      category: 'tweet_image',
      altText: '',
      postText: '',
      chunkSize: 2,
      concurrency: 1,
      processingTimeoutMinutes: 1,
      apiBaseUrl: 'http://x.test',
      maxRetries: 2,
      retryBaseDelayMs: 10,
      requestTimeoutSeconds: 10
    } as MediaInputs
    const log = { info: () => undefined, mask: () => undefined } as unknown as Logger
    await runMediaUpload(inputs, { log, transport, clock, signal: new AbortController().signal }, report)
    expect(appends).toBe(2)
    expect(report.expiresAt).toBe(T0 + 3600_000)
  })
})
