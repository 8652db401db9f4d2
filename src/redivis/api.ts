// Redivis REST API client: the calls the upload flow makes. The token goes only to the API (and, as Redivis's
// own clients do, to the transfer URLs Redivis returns: see transfer.ts). Every call shares the one retry
// policy and a run-wide pacer that keeps within Redivis's rate limit; a create that failed ambiguously (reset,
// timeout, 5xx) looks for what it may have made before trying again, so nothing is made twice.
import { type HttpRequest, type HttpResponse, type Transport } from '../net/transport.js'
import {
  describeCause,
  HttpStatusError,
  isRetryableError,
  isRetryableStatus,
  requestWithRetry,
  RetriesExhaustedError,
  retryAfterMs,
  RetryState,
  type RetryConfig,
  type RetryEvent
} from '../net/retry.js'
import { systemClock, type Clock } from '../net/clock.js'
import { isLoopbackHost } from '../net/loopback.js'
import { RequestPacer } from '../net/pacer.js'
import { failureReason, jsonRequest, readJsonBody } from '../net/json-api.js'
import { refPath, uploadNamePath } from './reference.js'
import type { UploadOptions, UploadStatus } from './model.js'

/** Redivis allows about 100 requests per 100 s; a margin is kept for other clients of the same token. */
export const RATE_LIMIT = { limit: 90, windowMs: 100_000 }

export class RedivisApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'RedivisApiError'
  }
}

export interface Version {
  tag: string
}
export interface Dataset {
  nextVersion: Version | null
  currentVersion: Version | null
}
export interface Table {
  uri?: string
  isFileIndex: boolean
  uploadMergeStrategy?: string
}
export interface TempUpload {
  id: string
  url: string
  resumable: boolean
}
export interface Upload {
  uri: string
  name: string
  status: UploadStatus | (string & {})
  numRows: number | null
  errorMessage: string | null
}
export interface RawFile {
  name: string
  size?: number
}

export interface RedivisClientOptions {
  baseUrl: string
  token: string
  transport: Transport
  retry: RetryConfig
  stallTimeoutMs: number
  clock?: Clock
  signal?: AbortSignal
  /** The table reference as the user gave it, named in a 404. */
  tableInput: string
  onRetry?: (what: string, e: RetryEvent) => void
  /** An ambiguous failure had done the work: what it made is used instead of making it again. */
  onAdopted?: (what: string) => void
}

type Method = HttpRequest['method']

export class RedivisClient {
  private readonly clock: Clock
  private readonly pacer: RequestPacer
  /** Requests sent to the API (not the transfers). */
  requests = 0

  constructor(private readonly opts: RedivisClientOptions) {
    this.clock = opts.clock ?? systemClock
    this.pacer = new RequestPacer(RATE_LIMIT.limit, RATE_LIMIT.windowMs, this.clock)
  }

  async getDataset(ref: string): Promise<Dataset> {
    const body = (await this.call(
      'GET',
      `/datasets/${refPath(ref)}`,
      `reading the dataset ${ref}`
    )) as Record<string, unknown>
    return { nextVersion: version(body.nextVersion), currentVersion: version(body.currentVersion) }
  }

  /** Creates the next version; after an ambiguous failure, a next version that now exists is it. */
  async createNextVersion(ref: string): Promise<Version> {
    const what = `creating a next version of the dataset ${ref}`
    const made = await this.create(
      'POST',
      `/datasets/${refPath(ref)}/versions`,
      undefined,
      what,
      async () => {
        const ds = await this.getDataset(ref)
        return ds.nextVersion ?? undefined
      }
    )
    return version(made) ?? (await this.getDataset(ref)).nextVersion ?? { tag: 'next' }
  }

  async getTable(ref: string): Promise<Table> {
    const body = (await this.call('GET', `/tables/${refPath(ref)}`, `reading the table ${ref}`)) as Record<
      string,
      unknown
    >
    return tableOf(body)
  }

  async setMergeStrategy(ref: string, strategy: 'append' | 'replace'): Promise<Table> {
    const body = (await this.call(
      'PATCH',
      `/tables/${refPath(ref)}`,
      `setting the upload merge strategy of ${ref} to ${strategy}`,
      {
        uploadMergeStrategy: strategy
      }
    )) as Record<string, unknown>
    return tableOf(body)
  }

  /** Temp uploads in request order (asking again after a failure only leaves unused temp uploads behind). */
  async createTempUploads(
    ref: string,
    items: { name: string; size: number; resumable: boolean }[]
  ): Promise<TempUpload[]> {
    const what = `requesting ${items.length} temp upload${items.length === 1 ? '' : 's'} for ${ref}`
    const body = (await this.call('POST', `/tables/${refPath(ref)}/tempUploads`, what, {
      tempUploads: items
    })) as {
      results?: unknown
    }
    const results = body.results
    if (!Array.isArray(results) || results.length !== items.length)
      throw new RedivisApiError(
        `Redivis API: ${what} returned ${Array.isArray(results) ? results.length : 'no'} temp uploads for ${items.length} files.`
      )
    return results.map((r: Record<string, unknown>) => {
      if (typeof r.id !== 'string' || typeof r.url !== 'string')
        throw new RedivisApiError(`Redivis API: ${what} returned a temp upload without an id or url.`)
      // The token goes with every transfer request: never in the clear (the URL itself is a secret: not quoted).
      const url = URL.canParse(r.url) ? new URL(r.url) : undefined
      if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))))
        throw new RedivisApiError(
          `Redivis API: ${what} returned a temp upload URL that is not https${url ? ` (${url.protocol}//${url.hostname})` : ''}; the api-token goes with every transfer request, so it was not used.`
        )
      return { id: r.id, url: r.url, resumable: r.resumable === true }
    })
  }

  /** The upload of that name in the table, or undefined (HEAD, as Redivis's clients check it). */
  async uploadExists(ref: string, name: string): Promise<boolean> {
    const res = await this.call(
      'HEAD',
      `/tables/${refPath(ref)}/uploads/${uploadNamePath(name)}`,
      `looking up the upload ${name}`,
      undefined,
      true
    )
    return res !== undefined
  }

  async findUpload(ref: string, name: string): Promise<Upload | undefined> {
    const body = await this.call(
      'GET',
      `/tables/${refPath(ref)}/uploads/${uploadNamePath(name)}`,
      `looking up the upload ${name}`,
      undefined,
      true
    )
    return body === undefined ? undefined : uploadOf(body, `the upload ${name}`)
  }

  async getUpload(uri: string, name: string): Promise<Upload> {
    return uploadOf(await this.call('GET', uri, `checking the upload ${name}`), `the upload ${name}`)
  }

  /** Deletes an upload; one that is already gone counts as deleted. */
  async deleteUpload(uri: string, name: string): Promise<void> {
    await this.call('DELETE', uri, `deleting the upload ${name}`, undefined, true)
  }

  /**
   * Creates a tabular upload. After an ambiguous failure the upload may exist anyway: one of this name is adopted
   * (this run made sure none existed before), rather than making a second that Redivis would rename.
   */
  async createUpload(
    ref: string,
    payload: { name: string; type: string | null; tempUploadId: string } & UploadOptions
  ): Promise<Upload> {
    const what = `creating the upload ${payload.name}`
    const body = await this.create('POST', `/tables/${refPath(ref)}/uploads`, payload, what, () =>
      this.findUpload(ref, payload.name)
    )
    return uploadOf(body, `the new upload ${payload.name}`)
  }

  /** Adds raw files to a file index table; after an ambiguous failure, files of these names that exist are them. */
  async addRawFiles(ref: string, files: { name: string; tempUploadId: string }[]): Promise<RawFile[]> {
    const what = `adding ${files.length} raw file${files.length === 1 ? '' : 's'} to ${ref}`
    const body = (await this.create('POST', `/tables/${refPath(ref)}/rawFiles`, { files }, what, async () => {
      const listed = await this.listRawFiles(ref)
      const names = new Set(listed.map(f => f.name))
      return files.every(f => names.has(f.name)) ? { results: files.map(f => ({ name: f.name })) } : undefined
    })) as { results?: unknown }
    if (!Array.isArray(body.results)) throw new RedivisApiError(`Redivis API: ${what} returned no file list.`)
    return body.results.map((r: Record<string, unknown>) => ({
      name: String(r.name),
      size: typeof r.size === 'number' ? r.size : undefined
    }))
  }

  async listRawFiles(ref: string): Promise<RawFile[]> {
    const body = (await this.call(
      'GET',
      `/tables/${refPath(ref)}/rawFiles`,
      `listing the raw files of ${ref}`
    )) as { results?: unknown }
    return Array.isArray(body.results)
      ? body.results.map((r: Record<string, unknown>) => ({ name: String(r.name) }))
      : []
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  /** One idempotent request with the retry policy; the parsed JSON of a 2xx (undefined for a 404 when allowed). */
  private async call(
    method: Method,
    path: string,
    what: string,
    body?: unknown,
    allow404 = false
  ): Promise<unknown> {
    const state = new RetryState(this.opts.retry, this.clock)
    let res: HttpResponse
    try {
      res = await requestWithRetry(this.paced, () => this.request(method, path, body), {
        state,
        clock: this.clock,
        signal: this.opts.signal,
        onRetry: e => this.opts.onRetry?.(what, e)
      })
    } catch (err) {
      throw this.failure(what, err)
    }
    if (allow404 && res.status === 404) {
      await res.dispose()
      return undefined
    }
    if (res.status < 200 || res.status >= 300) throw await this.httpError(what, res, method)
    return method === 'HEAD' ? (await res.dispose(), {}) : readJson(res, what)
  }

  /** A request that makes something: after an ambiguous failure, `adopt` finds what it may have made. */
  private async create(
    method: Method,
    path: string,
    body: unknown,
    what: string,
    adopt: () => Promise<unknown>
  ): Promise<unknown> {
    const state = new RetryState(this.opts.retry, this.clock)
    for (;;) {
      let res: HttpResponse | undefined
      let cause: unknown
      try {
        res = await this.paced(this.request(method, path, body))
      } catch (err) {
        if (!isRetryableError(err)) throw this.failure(what, err)
        cause = err
      }
      if (res && res.status >= 200 && res.status < 300) return readJson(res, what)
      if (res && !isRetryableStatus(res.status)) throw await this.httpError(what, res, method)
      const floor = res ? retryAfterMs(res.headers, this.clock.now()) : undefined
      // A 429 was refused before any work; a reset, a timeout or a 5xx may have done it.
      const ambiguous = !res || res.status !== 429
      if (res) {
        cause = new HttpStatusError(res.status)
        await res.dispose()
      }
      let delay: number
      try {
        delay = state.failure(cause, floor)
      } catch (err) {
        // Out of retries: the last attempt may still have made it, and it must not be left behind unseen.
        const found = ambiguous ? await adopt().catch(() => undefined) : undefined
        if (found !== undefined) {
          this.opts.onAdopted?.(what)
          return found
        }
        throw this.failure(what, err)
      }
      this.opts.onRetry?.(what, {
        attempt: state.consecutiveFailures,
        delayMs: delay,
        reason: describeCause(cause)
      })
      await this.clock.sleep(delay, this.opts.signal)
      if (ambiguous) {
        const found = await adopt()
        if (found !== undefined) {
          this.opts.onAdopted?.(what)
          return found
        }
      }
    }
  }

  private readonly paced: Transport = async req => {
    await this.pacer.take(this.opts.signal)
    this.requests++
    return this.opts.transport(req)
  }

  private request(method: Method, path: string, body?: unknown): HttpRequest {
    // Upload URIs come from Redivis with or without the API prefix.
    const rel = path.startsWith('/api/v1/') ? path.slice('/api/v1'.length) : path
    const json = body === undefined ? undefined : JSON.stringify(body)
    return jsonRequest({ ...this.opts, userAgent: 'x-compliance-redivis-upload' }, method, rel, json)
  }

  private failure(what: string, err: unknown): Error {
    if (err instanceof RedivisApiError) return err
    if (err instanceof RetriesExhaustedError)
      return new RedivisApiError(
        `Redivis API: ${what} failed after ${err.attempts} attempts: ${err.message}`,
        undefined,
        undefined,
        { cause: err }
      )
    const why = failureReason(err)
    return why === undefined ? (err as Error) : new RedivisApiError(`Redivis API: ${what} failed: ${why}`)
  }

  private async httpError(what: string, res: HttpResponse, method: Method): Promise<RedivisApiError> {
    const raw =
      method === 'HEAD'
        ? decodeHeader(res.headers.get('x-redivis-error-payload'))
        : await res.text(64 * 1024).catch(() => '')
    await res.dispose()
    const { code, text } = redivisError(raw)
    const hint =
      res.status === 401
        ? ' Check that api-token is a valid Redivis API token (it may have expired or been revoked).'
        : res.status === 403
          ? ' The token needs the data.edit scope and edit access to the dataset: create a token with data.edit in Redivis (Settings → API tokens) and make sure its owner can edit the dataset.'
          : res.status === 404
            ? ` Check the table input (${this.opts.tableInput}): the dataset or table does not exist or this token cannot see it. The action does not create tables: create the table in Redivis first.`
            : ''
    const quoted = text ? `: ${/[.!?…]$/.test(text) ? text : `${text}.`}` : '.'
    return new RedivisApiError(
      `Redivis API: ${what} failed: HTTP ${res.status}${quoted}${hint}`,
      res.status,
      code
    )
  }
}

/** Redivis's error bodies in both shapes: `{error, error_description}` and `{error: {status, message}}`. */
export function redivisError(raw: string): { code?: string; text: string } {
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return { text: raw.trim().slice(0, 300) }
  }
  const error = (body as { error?: unknown })?.error
  if (typeof error === 'string') {
    const desc = (body as { error_description?: unknown }).error_description
    return { code: error, text: typeof desc === 'string' && desc ? `${desc} (${error})` : error }
  }
  if (error && typeof error === 'object') {
    const m = (error as { message?: unknown }).message
    return { text: typeof m === 'string' ? m : JSON.stringify(error).slice(0, 300) }
  }
  return { text: raw.trim().slice(0, 300) }
}

function decodeHeader(v: string | null): string {
  if (!v) return ''
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

function readJson(res: HttpResponse, what: string): Promise<unknown> {
  return readJsonBody(
    res,
    () =>
      new RedivisApiError(
        `Redivis API: ${what} returned a body that is not JSON (HTTP ${res.status}).`,
        res.status
      )
  )
}

function version(v: unknown): Version | null {
  if (!v || typeof v !== 'object') return null
  const tag = (v as { tag?: unknown }).tag
  return typeof tag === 'string' ? { tag } : null
}

function tableOf(body: Record<string, unknown>): Table {
  return {
    uri: typeof body.uri === 'string' ? body.uri : undefined,
    isFileIndex: body.isFileIndex === true,
    uploadMergeStrategy: typeof body.uploadMergeStrategy === 'string' ? body.uploadMergeStrategy : undefined
  }
}

function uploadOf(body: unknown, what: string): Upload {
  const b = body as Record<string, unknown>
  if (!b || typeof b.uri !== 'string' || typeof b.status !== 'string')
    throw new RedivisApiError(`Redivis API: ${what} has an unexpected shape (no uri or status).`)
  const rows = b.numRows === null || b.numRows === undefined ? null : Number(b.numRows)
  return {
    uri: b.uri,
    name: typeof b.name === 'string' ? b.name : '',
    status: b.status,
    numRows: rows === null || Number.isNaN(rows) ? null : rows,
    errorMessage: typeof b.errorMessage === 'string' ? b.errorMessage : null
  }
}
