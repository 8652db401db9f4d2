// GCS XML API resumable upload of a file, as an explicit state machine (modelled on tus-js-client):
//
//   start ──> send(offset) ──308 Range──> send(next) ... ──200/201──> done
//                 │ fault                     ▲
//                 ▼                           │ 308 (Range or none)
//               query ───────────────────────-┤
//                 │ 308 Range = whole object  │
//                 ▼                           │
//              finalize ──────────────────────┘
//   404/410/499 anywhere -> lost -> start (a new session, from byte 0)
//
// Only the server's Range decides where to continue; the bytes are read again from the file, so at
// most two chunk buffers exist. A fault is never answered by resending blindly: first ask the server.
import { ChunkReader } from './chunk-reader.js'
import { UploadError } from './errors.js'
import { dataRange, GCS_BLOCK, nextOffset, redact, serverMessage, statusRange } from './gcs-protocol.js'
import { abortedError } from './http.js'
import type { HttpRequest, HttpResponse, Transport } from './http.js'
import {
  describeCause,
  HttpStatusError,
  isRetryableError,
  isRetryableStatus,
  requestWithRetry,
  retryAfterMs,
  RetryState,
  systemClock
} from './retry.js'
import type { Clock, RetryConfig, RetryEvent } from './retry.js'

export { UploadError } from './errors.js'

export type UploadPhase = 'start' | 'chunk' | 'status' | 'finalize'

export interface ResumableUploadOptions {
  transport: Transport
  clock?: Clock
  retry: RetryConfig
  /** Largest body of one data PUT; a multiple of 256 KiB. */
  chunkSize: number
  stallTimeoutMs: number
  file: { path: string; size: number }
  /** The signed start request; these headers are sent exactly as given (they are signed). */
  start: { url: string; headers: Record<string, string> }
  /** Called as soon as the session URI arrives, before anything else (the caller masks it). */
  onSessionUri?: (uri: string) => void
  /** Called before replacing a lost session (404/410/499); throw to refuse (e.g. the start URL expired). */
  beforeNewSession?: (reason: string) => void | Promise<void>
  /** `sent`: the send cursor (may move back after a fault); `acknowledged`: bytes the server confirmed. */
  onProgress?: (p: { sent: number; acknowledged: number; total: number }) => void
  onRetry?: (e: RetryEvent & { phase: UploadPhase }) => void
  signal?: AbortSignal
  /** Opens the file reader; injectable so tests can watch its buffers. */
  openReader?: (path: string, size: number, chunkSize: number) => Promise<ChunkReader>
}

export interface UploadResult {
  bytes: number
  status: number
  sessions: number
  faultsRecovered: number
  elapsedMs: number
  requests: number
  response: { headers: Headers; body: string }
}

/** Consecutive lost sessions allowed without getting further into the file than ever before. */
export const MAX_SESSION_RESTARTS = 3

type Step =
  | { kind: 'start' }
  | { kind: 'send'; offset: number }
  | { kind: 'query' }
  | { kind: 'finalize' }
  | { kind: 'lost'; status: number }
  | { kind: 'done'; status: number; response: { headers: Headers; body: string } }

const LOST_SESSION = new Set([404, 410, 499])

export async function uploadResumable(opts: ResumableUploadOptions): Promise<UploadResult> {
  validate(opts)
  if (opts.signal?.aborted) throw abortedError(opts.signal)
  const openReader = opts.openReader ?? ((path, size, chunkSize) => ChunkReader.open(path, size, chunkSize))
  const reader = await openReader(opts.file.path, opts.file.size, opts.chunkSize)
  try {
    return await new ResumableUpload(opts, reader).run()
  } finally {
    await reader.close()
  }
}

function validate(opts: ResumableUploadOptions): void {
  const { chunkSize, file, stallTimeoutMs } = opts
  if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0 || chunkSize % GCS_BLOCK !== 0) {
    throw new Error(`chunk size ${chunkSize} is not a positive multiple of 256 KiB`)
  }
  if (!Number.isSafeInteger(file.size) || file.size < 0) throw new Error(`invalid file size ${file.size}`)
  if (!(stallTimeoutMs > 0)) throw new Error(`invalid stall timeout ${stallTimeoutMs} ms`)
}

class ResumableUpload {
  private readonly clock: Clock
  private readonly retry: RetryState
  private readonly total: number
  private readonly startedAt: number
  private session: string | undefined
  private sessions = 0
  private requests = 0
  /** The server's offset in the current session (its word, even when it goes down). */
  private acknowledged = 0
  /** The end of the furthest bytes put into any request of the current session. */
  private maxSent = 0
  /** The furthest offset any session ever reached, and the lost sessions since it last grew. */
  private best = 0
  private restartsWithoutProgress = 0
  private lostSessionsRecovered = 0

  constructor(
    private readonly opts: ResumableUploadOptions,
    private readonly reader: ChunkReader
  ) {
    this.clock = opts.clock ?? systemClock
    this.retry = new RetryState(opts.retry, this.clock)
    this.total = opts.file.size
    this.startedAt = this.clock.now()
  }

  async run(): Promise<UploadResult> {
    let step: Step = { kind: 'start' }
    while (step.kind !== 'done') {
      if (this.opts.signal?.aborted) throw abortedError(this.opts.signal)
      step = await this.next(step)
    }
    this.acknowledged = this.total
    this.report(this.total)
    return {
      bytes: this.total,
      status: step.status,
      sessions: this.sessions,
      faultsRecovered: this.retry.totalRecovered + this.lostSessionsRecovered,
      elapsedMs: this.clock.now() - this.startedAt,
      requests: this.requests,
      response: step.response
    }
  }

  private next(step: Exclude<Step, { kind: 'done' }>): Promise<Step> {
    switch (step.kind) {
      case 'start':
        return this.startSession()
      case 'send':
        return this.sendChunk(step.offset)
      case 'query':
        return this.sendStatus('status')
      case 'finalize':
        return this.sendStatus('finalize')
      case 'lost':
        return this.replaceSession(step.status)
    }
  }

  private async startSession(): Promise<Step> {
    const { url, headers } = this.opts.start
    const res = await requestWithRetry(
      this.transport,
      () => ({ method: 'POST', url, headers: { ...headers }, stallTimeoutMs: this.opts.stallTimeoutMs }),
      this.retryOptions('start')
    )
    if (res.status !== 200 && res.status !== 201) throw await this.refused(res, 'starting the upload session')
    const location = res.headers.get('location')
    if (!location) {
      await res.dispose()
      throw new UploadError(
        `starting the upload session failed: the server answered HTTP ${res.status} without a Location ` +
          'header, so there is no session to upload to; check that the URL is a resumable upload URL',
        { status: res.status }
      )
    }
    this.session = new URL(location, url).href
    this.opts.onSessionUri?.(this.session)
    await res.dispose()
    this.sessions++
    this.acknowledged = 0
    this.maxSent = 0
    return { kind: 'send', offset: 0 }
  }

  private async sendChunk(offset: number): Promise<Step> {
    const body = this.total === 0 ? Buffer.alloc(0) : await this.reader.read(offset)
    const end = offset + body.length
    if (end < this.total) this.reader.prefetch(end)
    else if (this.total > 0) await this.reader.checkUnchanged()
    const range = this.total === 0 ? statusRange(0) : dataRange(offset, body.length, this.total)
    this.maxSent = Math.max(this.maxSent, end)
    let res: HttpResponse
    try {
      res = await this.transport({
        ...this.sessionRequest(range, body),
        onBodyProgress: n => this.report(offset + n)
      })
    } catch (err) {
      return this.fault(err, 'chunk')
    }
    return this.answer(res, 'chunk', { from: offset, final: end === this.total, range })
  }

  /** A status query, or (same request) the empty PUT that finalizes an upload whose bytes are all kept. */
  private async sendStatus(phase: 'status' | 'finalize'): Promise<Step> {
    const res = await requestWithRetry(
      this.transport,
      () => this.sessionRequest(statusRange(this.total)),
      this.retryOptions(phase)
    )
    return this.answer(res, phase)
  }

  private async answer(
    res: HttpResponse,
    phase: 'chunk' | 'status' | 'finalize',
    chunk?: { from: number; final: boolean; range: string }
  ): Promise<Step> {
    const { status } = res
    if (status === 308) {
      let offset: number
      try {
        offset = nextOffset(res.headers.get('range'))
      } finally {
        await res.dispose()
      }
      return this.resumeAt(offset, phase, chunk?.from)
    }
    if (status === 200 || status === 201) {
      if (chunk && !chunk.final) {
        await res.dispose()
        throw new UploadError(
          `the server reported the upload complete after bytes ${chunk.range.slice(6)}, before all ` +
            `${this.total} bytes were sent; the stored object would be incomplete`,
          { status }
        )
      }
      let body: string
      try {
        body = await res.text()
      } catch (err) {
        return this.fault(err, phase) // the final answer was cut: ask the server again
      }
      this.checkStoredLength(res.headers)
      return { kind: 'done', status, response: { headers: res.headers, body } }
    }
    if (LOST_SESSION.has(status)) {
      await res.dispose()
      return { kind: 'lost', status }
    }
    if (isRetryableStatus(status)) {
      const floor = retryAfterMs(res.headers, this.clock.now())
      await res.dispose()
      return this.fault(new HttpStatusError(status), phase, floor)
    }
    const what =
      phase === 'chunk'
        ? `uploading ${chunk?.range ?? 'a chunk'}`
        : phase === 'status'
          ? 'asking the server for the upload status'
          : 'finalizing the upload'
    throw await this.refused(res, what)
  }

  private async resumeAt(
    offset: number,
    phase: 'chunk' | 'status' | 'finalize',
    from?: number
  ): Promise<Step> {
    if (offset > this.maxSent) {
      throw new UploadError(
        `the server has more bytes than were sent: it reports ${offset} bytes, but this session sent at ` +
          `most ${this.maxSent}; another writer or a server fault may have corrupted the upload, so it ` +
          'was stopped; run the upload again'
      )
    }
    const advanced = offset > this.acknowledged
    this.acknowledged = offset // the server's word, even if lower: those bytes are read again from the file
    if (advanced) this.retry.progress()
    if (offset > this.best) {
      this.best = offset
      this.restartsWithoutProgress = 0
    }
    this.report(offset)
    // A data PUT (or finalizing PUT) the server took nothing from counts as a failure, so a server that
    // keeps answering 308 without progress cannot loop forever.
    const stuck = phase === 'finalize' ? offset >= this.total : phase === 'chunk' && offset <= (from ?? 0)
    if (stuck) {
      const reason =
        phase === 'finalize' ? 'the upload was not finalized' : 'the server kept none of the chunk'
      await this.backoff(new Error(reason), phase)
    }
    return offset >= this.total ? { kind: 'finalize' } : { kind: 'send', offset }
  }

  private async fault(err: unknown, phase: UploadPhase, floorMs?: number): Promise<Step> {
    if (!(err instanceof HttpStatusError) && !isRetryableError(err)) throw err
    await this.backoff(err, phase, floorMs)
    return { kind: 'query' }
  }

  private async backoff(cause: unknown, phase: UploadPhase, floorMs?: number): Promise<void> {
    const delayMs = this.retry.failure(cause, floorMs)
    this.opts.onRetry?.({
      attempt: this.retry.consecutiveFailures,
      delayMs,
      reason: describeCause(cause),
      phase
    })
    await this.clock.sleep(delayMs, this.opts.signal)
  }

  private async replaceSession(status: number): Promise<Step> {
    this.restartsWithoutProgress++
    if (this.restartsWithoutProgress > MAX_SESSION_RESTARTS) {
      throw new UploadError(
        `the upload session was lost ${this.restartsWithoutProgress} times in a row (last: HTTP ${status}) ` +
          'without getting further into the file; try again later',
        { status }
      )
    }
    const reason = `the upload session is gone (HTTP ${status})`
    await this.opts.beforeNewSession?.(reason)
    this.lostSessionsRecovered++
    this.opts.onRetry?.({
      attempt: this.restartsWithoutProgress,
      delayMs: 0,
      reason: `${reason}; starting a new session from byte 0`,
      phase: 'start'
    })
    this.session = undefined
    return { kind: 'start' }
  }

  // GCS may say how much it stored; if it disagrees with the file, the object is not what we uploaded.
  private checkStoredLength(headers: Headers): void {
    const stored = headers.get('x-goog-stored-content-length')
    if (stored !== null && stored.trim() !== '' && Number(stored) !== this.total) {
      throw new UploadError(
        `the server stored ${stored} bytes but the file has ${this.total}; the object is incomplete`
      )
    }
  }

  private async refused(res: HttpResponse, what: string): Promise<UploadError> {
    let text = ''
    try {
      text = await res.text(64 * 1024)
    } catch {
      // the status alone still explains the refusal
    }
    const message = serverMessage(text)
    const quoted = message ? redact(message, [this.opts.start.url, this.session]) : undefined
    const hint = HINTS[res.status] ?? 'the server refused the request'
    return new UploadError(
      `${what} failed: the server answered HTTP ${res.status}${quoted ? ` (${quoted})` : ''}; ${hint}`,
      { status: res.status, serverMessage: quoted }
    )
  }

  private sessionRequest(range: string, body?: Buffer): HttpRequest {
    if (this.session === undefined) throw new Error('no upload session')
    return {
      method: 'PUT',
      url: this.session,
      headers: { 'content-range': range, 'content-length': String(body?.length ?? 0) },
      body,
      stallTimeoutMs: this.opts.stallTimeoutMs,
      signal: this.opts.signal
    }
  }

  private retryOptions(phase: UploadPhase) {
    return {
      state: this.retry,
      clock: this.clock,
      signal: this.opts.signal,
      onRetry: (e: RetryEvent) => this.opts.onRetry?.({ ...e, phase })
    }
  }

  private readonly transport: Transport = req => {
    this.requests++
    return this.opts.transport(req)
  }

  private report(sent: number): void {
    this.opts.onProgress?.({ sent, acknowledged: this.acknowledged, total: this.total })
  }
}

const HINTS: Record<number, string> = {
  400: 'the server rejected the request as invalid',
  401: 'the signed URL was not accepted: it may have expired; get a fresh upload URL and run again',
  403:
    'the signed URL was refused: it may have expired, or the request headers differ from the signed ones; ' +
    'get a fresh upload URL and run again',
  404: 'the upload URL does not exist (anymore); get a fresh upload URL and run again',
  412: 'a precondition on the stored object failed',
  413: 'the server refused the size of the request'
}
