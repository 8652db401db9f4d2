// One retry policy for every request: which failures are transient, how long to wait, and a budget of
// consecutive failures without progress (it resets when the caller reports progress, as tus-js-client does,
// so a long upload survives many spread-out faults).
import { abortedError, NetworkError } from './transport.js'
import { systemClock, type Clock } from './clock.js'
import type { HttpRequest, HttpResponse, Transport } from './transport.js'

export interface RetryConfig {
  maxRetries: number
  baseDelayMs: number
  /** Cap of the exponential backoff; default 32 s. A server's "not before" (Retry-After) may exceed it. */
  maxDelayMs?: number
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599)
}

// Connection-level failures worth another try. ENOTFOUND is included: CI runners see transient DNS
// failures, and the budget bounds the cost when the name really does not exist.
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'STALLED'
])

export function isRetryableError(err: unknown): boolean {
  if (!(err instanceof NetworkError)) return false
  return RETRYABLE_CODES.has(err.code)
}

/** Retry-After as a delay from `now`: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after')?.trim()
  if (!value) return undefined
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** A retryable HTTP status, used as the cause of a failure. */
export class HttpStatusError extends Error {
  readonly status: number

  constructor(status: number) {
    super(`the server answered HTTP ${status}`)
    this.name = 'HttpStatusError'
    this.status = status
  }
}

/** A short description of a failure cause for events and messages (never contains a URL). */
export function describeCause(cause: unknown): string {
  if (cause instanceof NetworkError)
    return cause.code === 'STALLED' ? cause.message : `network error ${cause.code}`
  if (cause instanceof HttpStatusError) return `HTTP ${cause.status}`
  if (cause instanceof Error) return cause.message
  return String(cause)
}

export class RetriesExhaustedError extends Error {
  readonly attempts: number
  readonly lastCause: unknown

  constructor(attempts: number, lastCause: unknown) {
    super(
      `gave up after ${attempts} consecutive failures without progress (last: ${describeCause(lastCause)}); ` +
        'the server or the network kept failing: try again later, or allow more retries',
      { cause: lastCause }
    )
    this.name = 'RetriesExhaustedError'
    this.attempts = attempts
    this.lastCause = lastCause
  }
}

const DEFAULT_MAX_DELAY_MS = 32_000
const MAX_JITTER_MS = 1000

export class RetryState {
  private failures = 0
  private recovered = 0
  private readonly maxDelayMs: number

  constructor(
    private readonly config: RetryConfig,
    private readonly clock: Clock = systemClock
  ) {
    this.maxDelayMs = config.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
  }

  get consecutiveFailures(): number {
    return this.failures
  }

  /** Failures that were followed by a retry ("faults recovered"). */
  get totalRecovered(): number {
    return this.recovered
  }

  /**
   * Record a failure without progress and return the delay before the next try. The delay is the
   * exponential backoff (base, doubling, capped), never below floorMs, plus jitter that only ever adds.
   * Throws RetriesExhaustedError when failures exceed maxRetries.
   */
  failure(cause: unknown, floorMs = 0): number {
    this.failures++
    if (this.failures > this.config.maxRetries) throw new RetriesExhaustedError(this.failures, cause)
    this.recovered++
    const { baseDelayMs } = this.config
    const backoff = Math.min(baseDelayMs * 2 ** (this.failures - 1), this.maxDelayMs)
    const jitter = this.clock.random() * Math.min(baseDelayMs, MAX_JITTER_MS)
    return Math.ceil(Math.max(backoff, floorMs) + jitter)
  }

  /** The server's offset advanced: the consecutive-failure count starts again. */
  progress(): void {
    this.failures = 0
  }
}

export interface RetryEvent {
  attempt: number
  delayMs: number
  reason: string
}

export interface RequestWithRetryOptions {
  state: RetryState
  clock?: Clock
  signal?: AbortSignal
  /** An extra "not before" for a retryable response (e.g. X's x-rate-limit-reset); Retry-After is honoured anyway. */
  delayFloorMs?: (res: HttpResponse) => number | undefined
  onRetry?: (e: RetryEvent) => void
  /**
   * Awaited before every attempt, the first and each retry (e.g. to wait for a rate limit another request found
   * spent); what it throws ends the request as it is.
   */
  beforeAttempt?: () => Promise<void>
}

/**
 * Send a request until it gets a response that is not retryable (2xx, 3xx, 4xx other than 408/429),
 * backing off between tries and disposing the responses it retries. Non-retryable errors are rethrown;
 * RetriesExhaustedError when the budget runs out.
 *
 * It never calls state.progress(): only the caller knows whether an answer means progress (a 308 that
 * repeats the same offset does not), so a budget shared by several requests stays honest.
 */
export async function requestWithRetry(
  transport: Transport,
  req: HttpRequest | (() => HttpRequest),
  opts: RequestWithRetryOptions
): Promise<HttpResponse> {
  const { state, signal } = opts
  const clock = opts.clock ?? systemClock
  for (;;) {
    if (signal?.aborted) throw abortedError(signal)
    if (opts.beforeAttempt) {
      await opts.beforeAttempt()
      if (signal?.aborted) throw abortedError(signal)
    }
    const request = typeof req === 'function' ? req() : req
    let cause: unknown
    let floorMs = 0
    try {
      const res = await transport({ ...request, signal: request.signal ?? signal })
      if (!isRetryableStatus(res.status)) return res
      floorMs = Math.max(retryAfterMs(res.headers, clock.now()) ?? 0, opts.delayFloorMs?.(res) ?? 0)
      cause = new HttpStatusError(res.status)
      await res.dispose()
    } catch (err) {
      if (!isRetryableError(err)) throw err
      cause = err
    }
    const delayMs = state.failure(cause, floorMs)
    opts.onRetry?.({ attempt: state.consecutiveFailures, delayMs, reason: describeCause(cause) })
    await clock.sleep(delayMs, signal)
  }
}
