// X API v2 batch compliance client: create, get, list, cancel. The token goes only to the API origin; every
// request shares the one retry policy; X's rate-limit headers are honoured (never polled earlier than reset).
import { type HttpRequest, type HttpResponse, type Transport } from '../net/transport.js'
import {
  RetriesExhaustedError,
  RetryState,
  isRetryableError,
  isRetryableStatus,
  requestWithRetry,
  retryAfterMs,
  type RetryConfig,
  type RetryEvent
} from '../net/retry.js'
import { systemClock, type Clock } from '../net/clock.js'
import { failureReason, jsonRequest, readJsonBody } from '../net/json-api.js'
import { summarizeProblem, type ProblemSummary } from './problem.js'
import type { JobType } from './model.js'

export type { JobType } from './model.js'
export type JobStatus = 'created' | 'in_progress' | 'complete' | 'failed' | 'expired' | (string & {})

export interface ComplianceJob {
  id: string
  type: JobType
  status: JobStatus
  name?: string
  resumable?: boolean
  created_at: string
  upload_url: string
  upload_expires_at: string
  download_url: string
  download_expires_at: string
  error?: string
}

export class XApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly problem?: ProblemSummary,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'XApiError'
  }
}

export class ActiveJobError extends XApiError {
  constructor(
    readonly type: JobType,
    readonly active: ComplianceJob,
    cause: XApiError
  ) {
    super(
      `X refused a new ${type} job because ${type} job ${active.id} is already ${active.status} ` +
        `(created ${active.created_at}); X allows one active job per type per App (${cause.message})`,
      cause.status,
      cause.problem
    )
    this.name = 'ActiveJobError'
  }
}

export interface ClientOptions {
  baseUrl: string
  token: string
  transport: Transport
  retry: RetryConfig
  stallTimeoutMs: number
  clock?: Clock
  signal?: AbortSignal
  onRetry?: (what: string, e: RetryEvent) => void
  onRateLimitWait?: (what: string, waitMs: number) => void
  /** called with every job as soon as it is parsed, so its signed URLs can be masked before anything else */
  onJob?: (job: ComplianceJob) => void
}

// A clock-skew allowance when adopting a job after an ambiguous create (X's clock vs the runner's).
const ADOPT_SKEW_MS = 120_000
const RESET_MARGIN_MS = 500

export class ComplianceClient {
  private readonly clock: Clock
  private readonly notBefore = new Map<string, number>()

  constructor(private readonly opts: ClientOptions) {
    this.clock = opts.clock ?? systemClock
  }

  async get(id: string): Promise<ComplianceJob> {
    const body = await this.call('get', 'GET', `/2/compliance/jobs/${id}`, `getting job ${id}`)
    return this.parseJob(body, `job ${id}`)
  }

  async list(type: JobType, status?: string): Promise<ComplianceJob[]> {
    const query = `type=${type}${status ? `&status=${status}` : ''}`
    const body = await this.call('list', 'GET', `/2/compliance/jobs?${query}`, `listing ${type} jobs`)
    const data = (body as { data?: unknown }).data
    if (data === undefined) return []
    if (!Array.isArray(data)) throw new XApiError(`X API: listing ${type} jobs returned no job list.`)
    return data.map(j => this.parseJob({ data: j }, `a listed ${type} job`))
  }

  async cancel(id: string): Promise<void> {
    await this.call('cancel', 'DELETE', `/2/compliance/jobs/${id}`, `cancelling job ${id}`)
  }

  /**
   * Creates a job. After an ambiguous failure (reset, timeout, 5xx) the job may exist anyway: list this type's
   * `created` jobs and adopt one created since the first attempt rather than creating a second.
   */
  async create(type: JobType, name: string): Promise<ComplianceJob> {
    const what = `creating a ${type} job`
    const payload = JSON.stringify(name ? { type, name, resumable: true } : { type, resumable: true })
    const state = new RetryState(this.opts.retry, this.clock)
    const firstAttempt = this.clock.now()
    for (;;) {
      await this.waitForRateLimit('create', what)
      let res: HttpResponse | undefined
      let failure: unknown
      try {
        res = await this.opts.transport(this.request('POST', '/2/compliance/jobs', payload))
        this.noteRateLimit('create', res)
      } catch (err) {
        if (!isRetryableError(err)) throw this.networkError(what, err)
        failure = err
      }
      if (res && res.status >= 200 && res.status < 300)
        return this.parseJob(await readJson(res, what), 'the new job')
      if (res && !isRetryableStatus(res.status)) throw await this.refusal(type, what, res)

      const floor = res ? this.floorFor(res) : undefined
      const ambiguous = !res || res.status !== 429
      if (res) await res.dispose()
      const delay = this.failure(state, what, failure ?? httpCause(res!), floor)
      this.opts.onRetry?.(what, {
        attempt: state.consecutiveFailures,
        delayMs: delay,
        reason: reasonOf(failure, res)
      })
      await this.clock.sleep(delay, this.opts.signal)
      if (ambiguous) {
        const adopted = await this.findCreatedSince(type, name, firstAttempt)
        if (adopted) return adopted
      }
    }
  }

  /**
   * A refused create may mean a job of this type is already active (X allows one per type per App). X does not
   * document that error, so ask the API which job is active instead of reading the message.
   */
  private async refusal(type: JobType, what: string, res: HttpResponse): Promise<Error> {
    const error = await this.httpError(what, res)
    if (res.status === 401 || res.status === 403 || res.status < 400 || res.status >= 500) return error
    try {
      const active = [...(await this.list(type, 'in_progress')), ...(await this.list(type, 'created'))]
      return active.length > 0 ? new ActiveJobError(type, active[0], error) : error
    } catch {
      return error // the listing is only a diagnosis: the create's own error is what to report
    }
  }

  private async findCreatedSince(
    type: JobType,
    name: string,
    since: number
  ): Promise<ComplianceJob | undefined> {
    const created = await this.list(type, 'created')
    return created
      .filter(j => (name ? j.name === name : true) && Date.parse(j.created_at) >= since - ADOPT_SKEW_MS)
      .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0]
  }

  /** One idempotent request with the shared retry policy; returns the parsed JSON body of a 2xx. */
  private async call(
    family: string,
    method: HttpRequest['method'],
    path: string,
    what: string
  ): Promise<unknown> {
    await this.waitForRateLimit(family, what)
    const state = new RetryState(this.opts.retry, this.clock)
    let res: HttpResponse
    try {
      res = await requestWithRetry(this.opts.transport, () => this.request(method, path), {
        state,
        clock: this.clock,
        signal: this.opts.signal,
        delayFloorMs: r => {
          this.noteRateLimit(family, r)
          return this.floorFor(r)
        },
        onRetry: e => this.opts.onRetry?.(what, e)
      })
    } catch (err) {
      if (err instanceof RetriesExhaustedError) {
        throw exhausted(what, err)
      }
      throw this.networkError(what, err)
    }
    this.noteRateLimit(family, res)
    if (res.status < 200 || res.status >= 300) throw await this.httpError(what, res)
    return readJson(res, what)
  }

  private request(method: HttpRequest['method'], path: string, body?: string): HttpRequest {
    return jsonRequest({ ...this.opts, userAgent: 'x-compliance-action' }, method, path, body)
  }

  private failure(state: RetryState, what: string, cause: unknown, floor?: number): number {
    try {
      return state.failure(cause, floor)
    } catch (err) {
      if (err instanceof RetriesExhaustedError) {
        throw exhausted(what, err)
      }
      throw err
    }
  }

  /** `x-rate-limit-remaining: 0` means the next request of this family must wait until the reset. */
  private noteRateLimit(family: string, res: HttpResponse): void {
    const remaining = res.headers.get('x-rate-limit-remaining')
    const reset = resetAt(res)
    if ((remaining === '0' || res.status === 429) && reset !== undefined) {
      this.notBefore.set(family, Math.max(this.notBefore.get(family) ?? 0, reset))
    }
  }

  private floorFor(res: HttpResponse): number | undefined {
    const now = this.clock.now()
    const reset = res.status === 429 ? resetAt(res) : undefined
    const floors = [reset === undefined ? undefined : reset - now, retryAfterMs(res.headers, now)]
    const defined = floors.filter((f): f is number => f !== undefined)
    return defined.length > 0 ? Math.max(0, ...defined) : undefined
  }

  private async waitForRateLimit(family: string, what: string): Promise<void> {
    const until = this.notBefore.get(family) ?? 0
    const wait = until - this.clock.now()
    if (wait > 0) {
      this.opts.onRateLimitWait?.(what, wait)
      await this.clock.sleep(wait, this.opts.signal)
    }
  }

  private async httpError(what: string, res: HttpResponse): Promise<XApiError> {
    const problem = summarizeProblem(await res.text(64 * 1024).catch(() => ''))
    const hint =
      res.status === 401
        ? ' Check that bearer-token is a valid App-only bearer token (not a user token or an API key).'
        : res.status === 403
          ? " The token's App lacks access to the batch compliance endpoints: check its project and access level in the X developer portal."
          : ''
    const text = /[.!?…]$/.test(problem.text) ? problem.text : `${problem.text}.`
    return new XApiError(`X API: ${what} failed: HTTP ${res.status}: ${text}${hint}`, res.status, problem)
  }

  private networkError(what: string, err: unknown): Error {
    if (err instanceof XApiError) return err
    const why = failureReason(err)
    return why === undefined ? (err as Error) : new XApiError(`X API: ${what} failed: ${why}`)
  }

  private parseJob(body: unknown, what: string): ComplianceJob {
    const data = (body as { data?: unknown }).data as Record<string, unknown> | undefined
    const ok =
      data &&
      typeof data.id === 'string' &&
      /^[0-9]{1,19}$/.test(data.id) &&
      typeof data.status === 'string' &&
      (data.type === 'tweets' || data.type === 'users')
    if (!ok) throw new XApiError(`X API: ${what} has an unexpected shape (no id, type or status).`)
    const job = {
      ...data,
      upload_url: typeof data.upload_url === 'string' ? data.upload_url : '',
      download_url: typeof data.download_url === 'string' ? data.download_url : '',
      upload_expires_at: typeof data.upload_expires_at === 'string' ? data.upload_expires_at : '',
      download_expires_at: typeof data.download_expires_at === 'string' ? data.download_expires_at : '',
      created_at: typeof data.created_at === 'string' ? data.created_at : ''
    } as ComplianceJob
    this.opts.onJob?.(job)
    return job
  }
}

function exhausted(what: string, err: RetriesExhaustedError): XApiError {
  return new XApiError(
    `X API: ${what} failed after ${err.attempts} attempts: ${err.message}`,
    undefined,
    undefined,
    {
      cause: err
    }
  )
}

function resetAt(res: HttpResponse): number | undefined {
  const raw = res.headers.get('x-rate-limit-reset')
  if (!raw || !/^[0-9]+$/.test(raw.trim())) return undefined
  return Number(raw.trim()) * 1000 + RESET_MARGIN_MS
}

function readJson(res: HttpResponse, what: string): Promise<unknown> {
  return readJsonBody(
    res,
    () => new XApiError(`X API: ${what} returned a body that is not JSON (HTTP ${res.status}).`, res.status)
  )
}

function httpCause(res: HttpResponse): Error {
  return new Error(`HTTP ${res.status}`)
}

function reasonOf(err: unknown, res?: HttpResponse): string {
  if (res) return `HTTP ${res.status}`
  return (err as { code?: string }).code ?? String(err)
}
