// X API v2 media client: initialize, append, finalize, STATUS, metadata, and the post. Every request gets a
// fresh Authorization header (OAuth 1.0a nonces), the shared retry policy, and X's rate limits: a 429 or
// `remaining: 0` waits until the reset (before every attempt, retries too), a reset more than 15 minutes away fails
// at once naming the limit, and so does a Retry-After further away than that. A 401/403 names the auth used and
// the scopes X needs, and is never retried.
import type { BodySource, HttpRequest, HttpResponse, Transport } from '../net/transport.js'
import {
  describeCause,
  HttpStatusError,
  isRetryableError,
  requestWithRetry,
  RetriesExhaustedError,
  retryAfterMs,
  RetryState,
  type RetryConfig,
  type RetryEvent
} from '../net/retry.js'
import { systemClock, type Clock } from '../net/clock.js'
import { failureReason, readJsonBody } from '../net/json-api.js'
import { summarizeProblem } from '../compliance/problem.js'
import type { AuthHeader } from './oauth.js'
import type { MediaAuth } from './inputs.js'

/** A reset further away than this fails at once rather than waiting (a spent 24-hour limit, say). */
export const MAX_RATE_WAIT_MS = 15 * 60_000
const RESET_MARGIN_MS = 500

export class MediaApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'MediaApiError'
  }
}

export interface ProcessingInfo {
  state: 'pending' | 'in_progress' | 'succeeded' | 'failed' | (string & {})
  check_after_secs?: number
  progress_percent?: number
  error?: { code?: number; name?: string; message?: string }
}

export interface MediaInfo {
  id: string
  media_key?: string
  size?: number
  expires_after_secs?: number
  processing_info?: ProcessingInfo
}

export interface MediaClientOptions {
  baseUrl: string
  auth: MediaAuth
  sign: AuthHeader
  transport: Transport
  retry: RetryConfig
  stallTimeoutMs: number
  clock?: Clock
  signal?: AbortSignal
  onRetry?: (what: string, e: RetryEvent) => void
  onRateLimitWait?: (what: string, waitMs: number, limit: string) => void
}

type Family = 'upload' | 'status' | 'metadata' | 'tweets'

export class MediaClient {
  private readonly clock: Clock
  private readonly notBefore = new Map<Family, { at: number; limit: string }>()

  constructor(private readonly o: MediaClientOptions) {
    this.clock = o.clock ?? systemClock
  }

  async initialize(mediaType: string, totalBytes: number, category: string): Promise<MediaInfo> {
    const body = { media_type: mediaType, total_bytes: totalBytes, media_category: category }
    return mediaOf(
      await this.call('upload', 'POST', '/2/media/upload/initialize', 'initializing the upload', json(body)),
      'initialize'
    )
  }

  /**
   * One segment, retried on its own; `body` is made for every attempt (a streamed body is read again). `signal`,
   * when given, replaces the client's for this call (the segment upload's, which includes the client's).
   * Returns X's `expires_at` (ms epoch) when the answer gives one.
   */
  async append(
    id: string,
    index: number,
    body: () => { contentType: string; body: BodySource },
    state: RetryState,
    signal?: AbortSignal
  ): Promise<number | undefined> {
    const res = await this.call(
      'upload',
      'POST',
      `/2/media/upload/${id}/append`,
      `appending segment ${index}`,
      body,
      state,
      signal
    )
    const at = (res as { data?: { expires_at?: unknown } }).data?.expires_at
    return typeof at === 'number' ? at * 1000 : undefined
  }

  async finalize(id: string): Promise<MediaInfo> {
    return mediaOf(
      await this.call('upload', 'POST', `/2/media/upload/${id}/finalize`, 'finalizing the upload'),
      'finalize'
    )
  }

  async status(id: string): Promise<MediaInfo> {
    return mediaOf(
      await this.call(
        'status',
        'GET',
        `/2/media/upload?command=STATUS&media_id=${id}`,
        'checking the processing status'
      ),
      'STATUS'
    )
  }

  async setAltText(id: string, text: string): Promise<void> {
    await this.call(
      'metadata',
      'POST',
      '/2/media/metadata',
      'setting the alt text',
      json({ id, metadata: { alt_text: { text } } })
    )
  }

  /**
   * Creates the post. Not retried after an ambiguous failure (a reset, a timeout, a 5xx): X may have made the post
   * already, and a second try could post twice; only a 429 (refused before any work) is waited out.
   */
  async post(text: string, mediaId: string): Promise<{ id: string }> {
    const what = 'creating the post'
    const state = new RetryState(this.o.retry, this.clock)
    for (;;) {
      await this.waitForRateLimit('tweets', what)
      let res: HttpResponse
      try {
        res = await this.o.transport(
          this.request('POST', '/2/tweets', json({ text, media: { media_ids: [mediaId] } }))()
        )
      } catch (err) {
        throw this.failure(
          `${what} (the post may or may not exist: check the account before running again)`,
          err
        )
      }
      this.noteRateLimit('tweets', res)
      if (res.status === 429) {
        const floor = this.floor('tweets', res)
        await res.dispose()
        const delay = this.retryDelay(state, what, new HttpStatusError(429), floor)
        await this.clock.sleep(delay, this.o.signal)
        continue
      }
      if (res.status < 200 || res.status >= 300) throw await this.httpError(what, res)
      const body = (await readJson(res, what)) as { data?: { id?: unknown } }
      if (typeof body.data?.id !== 'string') throw new MediaApiError(`X API: ${what} returned no post id.`)
      return { id: body.data.id }
    }
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  private async call(
    family: Family,
    method: HttpRequest['method'],
    path: string,
    what: string,
    body?: () => { contentType: string; body: Buffer | BodySource },
    state = new RetryState(this.o.retry, this.clock),
    signal = this.o.signal
  ): Promise<unknown> {
    let res: HttpResponse
    try {
      res = await requestWithRetry(this.o.transport, () => this.request(method, path, body, signal)(), {
        state,
        clock: this.clock,
        signal,
        // A limit found spent (by this request or another of the family) holds for retries too.
        beforeAttempt: () => this.waitForRateLimit(family, what, signal),
        delayFloorMs: r => {
          this.noteRateLimit(family, r)
          return this.floor(family, r)
        },
        onRetry: e => this.o.onRetry?.(what, e)
      })
    } catch (err) {
      throw this.failure(what, err)
    }
    this.noteRateLimit(family, res)
    if (res.status < 200 || res.status >= 300) throw await this.httpError(what, res)
    return readJson(res, what)
  }

  private request(
    method: HttpRequest['method'],
    path: string,
    body?: () => { contentType: string; body: Buffer | BodySource },
    signal = this.o.signal
  ) {
    return (): HttpRequest => {
      const url = `${this.o.baseUrl}${path}`
      const b = body?.()
      const headers: Record<string, string> = {
        authorization: this.o.sign(method, url),
        accept: 'application/json',
        'user-agent': 'x-compliance-media-upload'
      }
      if (b) headers['content-type'] = b.contentType
      return {
        method,
        url,
        headers,
        body: b?.body,
        signal,
        stallTimeoutMs: this.o.stallTimeoutMs
      }
    }
  }

  /** Remembers a spent window: remaining 0 (of the 15-minute or a 24-hour limit) or a 429 until its reset. */
  private noteRateLimit(family: Family, res: HttpResponse): void {
    const spent = spentLimit(res)
    if (spent) this.notBefore.set(family, { at: spent.resetAt + RESET_MARGIN_MS, limit: spent.limit })
  }

  /**
   * The wait before retrying a 429 (or a retryable answer with Retry-After); a reset or a Retry-After too far away
   * fails at once.
   */
  private floor(family: Family, res: HttpResponse): number | undefined {
    const now = this.clock.now()
    const retryAfter = retryAfterMs(res.headers, now)
    const spent = res.status === 429 ? spentLimit(res) : undefined
    const resetIn = spent ? spent.resetAt + RESET_MARGIN_MS - now : undefined
    if (spent && resetIn !== undefined && resetIn > MAX_RATE_WAIT_MS) throw this.tooFar(family, spent)
    if (retryAfter !== undefined && retryAfter > MAX_RATE_WAIT_MS)
      throw this.retryAfterTooFar(family, res.status, now + retryAfter)
    if (res.status !== 429) return undefined
    return Math.max(resetIn ?? 0, retryAfter ?? 0)
  }

  private async waitForRateLimit(family: Family, what: string, signal = this.o.signal): Promise<void> {
    const nb = this.notBefore.get(family)
    if (!nb) return
    const wait = nb.at - this.clock.now()
    if (wait <= 0) return
    if (wait > MAX_RATE_WAIT_MS) throw this.tooFar(family, { resetAt: nb.at, limit: nb.limit })
    this.o.onRateLimitWait?.(what, wait, nb.limit)
    await this.clock.sleep(wait, signal)
  }

  private tooFar(family: Family, spent: { resetAt: number; limit: string }): MediaApiError {
    return new MediaApiError(
      `X API: the ${spent.limit} for ${familyName(family)} is spent until ${new Date(spent.resetAt).toISOString()}, more than 15 minutes away; run again after that time.`,
      429
    )
  }

  private retryAfterTooFar(family: Family, status: number, at: number): MediaApiError {
    return new MediaApiError(
      `X API: ${familyName(family)} answered HTTP ${status} with Retry-After until ${new Date(at).toISOString()}, more than 15 minutes away; run again after that time.`,
      status
    )
  }

  private retryDelay(state: RetryState, what: string, cause: unknown, floor?: number): number {
    try {
      const d = state.failure(cause, floor)
      this.o.onRetry?.(what, { attempt: state.consecutiveFailures, delayMs: d, reason: describeCause(cause) })
      return d
    } catch (err) {
      throw this.failure(what, err)
    }
  }

  private failure(what: string, err: unknown): Error {
    if (err instanceof MediaApiError) return err
    if (err instanceof RetriesExhaustedError)
      return new MediaApiError(
        `X API: ${what} failed after ${err.attempts} attempts: ${err.message}`,
        undefined,
        { cause: err }
      )
    const why = failureReason(err)
    return why === undefined
      ? (err as Error)
      : new MediaApiError(`X API: ${what} failed: ${why}`, undefined, {
          cause: isRetryableError(err) ? err : undefined
        })
  }

  private async httpError(what: string, res: HttpResponse): Promise<MediaApiError> {
    const problem = summarizeProblem(await res.text(64 * 1024).catch(() => ''))
    const used =
      this.o.auth.kind === 'oauth2'
        ? 'the OAuth 2.0 user token (user-token)'
        : 'the OAuth 1.0a user credentials (api-key, api-key-secret, access-token, access-token-secret)'
    const scopes =
      'uploading needs the media.write scope (OAuth 2.0) or an App with read and write access (OAuth 1.0a); posting also needs tweet.read, tweet.write and users.read. An app-only bearer token cannot be used.'
    const hint =
      res.status === 401
        ? ` X did not accept ${used}: check that it is current and belongs to the account that should upload; ${scopes}`
        : res.status === 403
          ? ` X refused ${used} for this: ${scopes}`
          : ''
    const text = /[.!?…]$/.test(problem.text) ? problem.text : `${problem.text}.`
    return new MediaApiError(`X API: ${what} failed: HTTP ${res.status}: ${text}${hint}`, res.status)
  }
}

function familyName(family: Family): string {
  return family === 'tweets' ? 'posts' : `media ${family}`
}

function json(value: unknown): () => { contentType: string; body: Buffer } {
  return () => ({ contentType: 'application/json', body: Buffer.from(JSON.stringify(value)) })
}

/** The limit a response says is spent (remaining 0, or a 429's reset), the furthest reset first. */
function spentLimit(res: HttpResponse): { resetAt: number; limit: string } | undefined {
  const windows = [
    ['x-user-limit-24hour', '24-hour user limit'],
    ['x-app-limit-24hour', '24-hour App limit'],
    ['x-rate-limit', '15-minute rate limit']
  ] as const
  let found: { resetAt: number; limit: string } | undefined
  for (const [prefix, limit] of windows) {
    const remaining = res.headers.get(`${prefix}-remaining`)
    const reset = res.headers.get(`${prefix}-reset`)
    if (remaining?.trim() !== '0' || !reset || !/^[0-9]+$/.test(reset.trim())) continue
    const resetAt = Number(reset.trim()) * 1000
    if (!found || resetAt > found.resetAt) found = { resetAt, limit }
  }
  if (!found && res.status === 429) {
    const reset = res.headers.get('x-rate-limit-reset')
    if (reset && /^[0-9]+$/.test(reset.trim()))
      found = { resetAt: Number(reset.trim()) * 1000, limit: '15-minute rate limit' }
  }
  return found
}

function readJson(res: HttpResponse, what: string): Promise<unknown> {
  return readJsonBody(
    res,
    () =>
      new MediaApiError(`X API: ${what} returned a body that is not JSON (HTTP ${res.status}).`, res.status)
  )
}

function mediaOf(body: unknown, what: string): MediaInfo {
  const data = (body as { data?: Record<string, unknown> }).data
  if (!data || typeof data.id !== 'string' || !/^[0-9]{1,20}$/.test(data.id))
    throw new MediaApiError(`X API: ${what} returned no media id.`)
  return data as unknown as MediaInfo
}
