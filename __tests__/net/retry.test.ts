// The retry policy is generic: these tests drive it with a toy key-value service, not GCS.
import { describe, expect, it } from '@jest/globals'
import { NetworkError } from '../../src/net/transport.js'
import type { HttpRequest, HttpResponse, Transport } from '../../src/net/transport.js'
import {
  isRetryableError,
  isRetryableStatus,
  requestWithRetry,
  RetriesExhaustedError,
  retryAfterMs,
  RetryState
} from '../../src/net/retry.js'
import { systemClock } from '../../src/net/clock.js'
import type { RetryEvent } from '../../src/net/retry.js'
import { FakeClock, fakeResponse } from '../upload/fake-gcs.js'

type Outcome = number | { status: number; headers: Record<string, string> } | NetworkError | Error

/** A toy key-value store over HTTP whose next answers can be scripted to fail. */
class FlakyKv {
  readonly store = new Map<string, string>()
  readonly seen: HttpRequest[] = []
  readonly responses: Array<HttpResponse & { disposed: () => boolean }> = []
  script: Outcome[] = []

  readonly transport: Transport = async req => {
    this.seen.push(req)
    const next = this.script.shift()
    if (next instanceof Error) throw next
    if (typeof next === 'number') return this.track(fakeResponse(next))
    if (next) return this.track(fakeResponse(next.status, next.headers))
    const key = new URL(req.url).pathname.slice(1)
    if (req.method === 'PUT') {
      this.store.set(key, req.body?.toString() ?? '')
      return this.track(fakeResponse(204))
    }
    const value = this.store.get(key)
    return this.track(value === undefined ? fakeResponse(404) : fakeResponse(200, {}, value))
  }

  private track(res: HttpResponse & { disposed: () => boolean }): HttpResponse {
    this.responses.push(res)
    return res
  }
}

const put = (key: string, value: string): HttpRequest => ({
  method: 'PUT',
  url: `http://kv.test/${key}`,
  headers: {},
  body: Buffer.from(value)
})

describe('what is retryable', () => {
  it.each([
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [599, true],
    [200, false],
    [308, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [412, false]
  ])('status %i -> %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })

  it.each([
    ['ECONNRESET', true],
    ['EPIPE', true],
    ['ECONNREFUSED', true],
    ['ETIMEDOUT', true],
    ['EAI_AGAIN', true],
    ['ENOTFOUND', true],
    ['ECONNABORTED', true],
    ['PROXY_AUTH', false], // a 407 from the proxy: the credentials will not improve
    ['PROXY_REFUSED', false],
    ['STALLED', true],
    ['ABORTED', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false],
    ['HPE_INVALID_CONSTANT', false]
  ])('network error %s -> %s', (code, expected) => {
    expect(isRetryableError(new NetworkError(code, code))).toBe(expected)
  })

  it('never retries errors that are not network errors', () => {
    expect(isRetryableError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false)
    expect(isRetryableError('ECONNRESET')).toBe(false)
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '12' }), now)).toBe(12_000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }), now)).toBe(30_000)
  })
  it('never returns a negative delay, and ignores absent or invalid values', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 00:00:00 GMT' }), now)).toBe(0)
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined()
    expect(retryAfterMs(new Headers(), now)).toBeUndefined()
  })
})

describe('RetryState', () => {
  it('doubles from the base delay up to the cap, with jitter that only adds', () => {
    for (const rand of [0, 0.5, 0.999]) {
      const state = new RetryState({ maxRetries: 10, baseDelayMs: 1000 }, new FakeClock(rand))
      const delays = Array.from({ length: 8 }, () => state.failure(new Error('x')))
      const exponential = [1000, 2000, 4000, 8000, 16000, 32000, 32000, 32000]
      delays.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(exponential[i])
        expect(d).toBeLessThanOrEqual(exponential[i] + 1000)
      })
      expect(delays[0]).toBe(Math.ceil(1000 + rand * 1000))
    }
  })

  it('honours a custom cap and a floor above it (e.g. Retry-After)', () => {
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 100, maxDelayMs: 300 }, new FakeClock(0))
    expect([state.failure(1), state.failure(2), state.failure(3)]).toEqual([100, 200, 300])
    expect(state.failure(4, 5000)).toBe(5000)
  })

  it('throws RetriesExhaustedError after maxRetries failures, and resets on progress', () => {
    const state = new RetryState({ maxRetries: 2, baseDelayMs: 1 }, new FakeClock())
    state.failure('a')
    state.failure('b')
    expect(state.consecutiveFailures).toBe(2)
    state.progress()
    expect(state.consecutiveFailures).toBe(0)
    state.failure('c')
    state.failure('d')
    const last = new NetworkError('ECONNRESET', 'reset')
    const err = (() => {
      try {
        state.failure(last)
      } catch (e) {
        return e
      }
    })() as RetriesExhaustedError
    expect(err).toBeInstanceOf(RetriesExhaustedError)
    expect(err.attempts).toBe(3)
    expect(err.lastCause).toBe(last)
    expect(err.message).toMatch(/3 consecutive failures without progress \(last: network error ECONNRESET\)/)
    expect(state.totalRecovered).toBe(4)
  })

  it('maxRetries 0 throws on the first failure', () => {
    const state = new RetryState({ maxRetries: 0, baseDelayMs: 1 })
    expect(() => state.failure('x')).toThrow(RetriesExhaustedError)
    expect(state.totalRecovered).toBe(0)
  })
})

describe('requestWithRetry against a toy key-value service', () => {
  it('retries retryable statuses and errors, then returns the answer', async () => {
    const kv = new FlakyKv()
    kv.script = [503, new NetworkError('ECONNRESET', 'reset'), 429]
    const clock = new FakeClock(0)
    const events: RetryEvent[] = []
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 }, clock)
    const res = await requestWithRetry(kv.transport, put('a', '1'), {
      state,
      clock,
      onRetry: e => events.push(e)
    })
    expect(res.status).toBe(204)
    expect(kv.store.get('a')).toBe('1')
    expect(events).toEqual([
      { attempt: 1, delayMs: 10, reason: 'HTTP 503' },
      { attempt: 2, delayMs: 20, reason: 'network error ECONNRESET' },
      { attempt: 3, delayMs: 40, reason: 'HTTP 429' }
    ])
    expect(clock.sleeps).toEqual([10, 20, 40])
    expect(kv.responses.slice(0, 2).every(r => r.disposed())).toBe(true)
    // progress is the caller's call
    expect(state.consecutiveFailures).toBe(3)
  })

  it('returns non-retryable answers at once, without disposing them', async () => {
    const kv = new FlakyKv()
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 })
    const res = await requestWithRetry(
      kv.transport,
      { method: 'GET', url: 'http://kv.test/missing', headers: {} },
      { state }
    )
    expect(res.status).toBe(404)
    expect(kv.seen).toHaveLength(1)
    expect(kv.responses[0].disposed()).toBe(false)
  })

  it('rethrows errors that are not retryable', async () => {
    const kv = new FlakyKv()
    kv.script = [new Error('bug')]
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 })
    await expect(
      requestWithRetry(kv.transport, put('a', '1'), { state, clock: new FakeClock() })
    ).rejects.toThrow('bug')
    expect(kv.seen).toHaveLength(1)
  })

  it('gives up with a message naming the last status', async () => {
    const kv = new FlakyKv()
    kv.script = [500, 502, 503]
    const state = new RetryState({ maxRetries: 2, baseDelayMs: 10 })
    const err = (await requestWithRetry(kv.transport, put('a', '1'), { state, clock: new FakeClock() }).catch(
      e => e
    )) as RetriesExhaustedError
    expect(err).toBeInstanceOf(RetriesExhaustedError)
    expect(err.message).toMatch(/last: HTTP 503/)
    expect(kv.seen).toHaveLength(3)
    expect(kv.responses.every(r => r.disposed())).toBe(true)
  })

  it('honours Retry-After and a caller floor such as x-rate-limit-reset', async () => {
    const kv = new FlakyKv()
    const clock = new FakeClock(0)
    const reset = Math.floor(clock.now() / 1000) + 60
    kv.script = [
      { status: 429, headers: { 'retry-after': '5' } },
      { status: 429, headers: { 'x-rate-limit-reset': String(reset) } }
    ]
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 }, clock)
    await requestWithRetry(kv.transport, put('a', '1'), {
      state,
      clock,
      delayFloorMs: res => {
        const header = res.headers.get('x-rate-limit-reset')
        return header ? Number(header) * 1000 - clock.now() : undefined
      }
    })
    expect(clock.sleeps[0]).toBe(5000)
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(60_000 - 5000)
  })

  it('builds a fresh request for every try when given a function', async () => {
    const kv = new FlakyKv()
    kv.script = [503]
    let built = 0
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 })
    await requestWithRetry(kv.transport, () => ({ ...put('a', String(++built)) }), {
      state,
      clock: new FakeClock()
    })
    expect(built).toBe(2)
    expect(kv.store.get('a')).toBe('2')
  })

  it('stops when the signal aborts during a backoff', async () => {
    const kv = new FlakyKv()
    kv.script = [503, 503]
    const controller = new AbortController()
    const state = new RetryState({ maxRetries: 5, baseDelayMs: 10 })
    const err = (await requestWithRetry(kv.transport, put('a', '1'), {
      state,
      clock: new FakeClock(),
      signal: controller.signal,
      onRetry: () => controller.abort()
    }).catch(e => e)) as NetworkError
    expect(err).toBeInstanceOf(NetworkError)
    expect(err.code).toBe('ABORTED')
    expect(kv.seen).toHaveLength(1)
    expect(kv.seen[0].signal).toBe(controller.signal)
  })
})

describe('systemClock', () => {
  it('sleeps for real and wakes early on abort', async () => {
    const started = performance.now()
    await systemClock.sleep(30)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 20)
    const early = performance.now()
    await expect(systemClock.sleep(10_000, controller.signal)).rejects.toMatchObject({ code: 'ABORTED' })
    expect(performance.now() - early).toBeLessThan(5000)
  })
})
