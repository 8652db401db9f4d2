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
//   store.resumeUri -> query first (skips start)
//   400 "CRC32C mismatch" on the finalizing request -> once: start (from byte 0), with the file hashed again
//
// Only the server's Range decides where to continue; the bytes are read again from the file, and every body
// streams from the disk in slices (memory does not grow with the chunk size). A fault is never answered by
// resending blindly: first ask the server. Status queries say `bytes */*`, which cannot finalize; only the
// finalizing request (the last data chunk, or the empty `bytes */total` when the server holds every byte but
// did not finalize) finalizes, and it carries the file's CRC32C, known before the first byte is sent (a body's
// headers go out before its bytes), so the server refuses an object that differs from the file. The server's own
// CRC32C in the final answer is compared too.
import { crc32cOf, fileCrc32c } from './crc32c.js'
import { FileSource } from './file-source.js'
import { UploadError } from './errors.js'
import {
  dataRange,
  GCS_BLOCK,
  hashHeader,
  isHashMismatch,
  nextOffset,
  QUERY_RANGE,
  redact,
  serverMessage,
  statusRange
} from './gcs-protocol.js'
import { abortedError } from '../net/transport.js'
import type { BodySource, HttpRequest, HttpResponse, Transport } from '../net/transport.js'
import {
  describeCause,
  HttpStatusError,
  isRetryableError,
  isRetryableStatus,
  requestWithRetry,
  retryAfterMs,
  RetryState
} from '../net/retry.js'
import { systemClock } from '../net/clock.js'
import type { RetryConfig, RetryEvent } from '../net/retry.js'
import type { Clock } from '../net/clock.js'

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
  /**
   * The start request, from whoever issued the upload URL; these headers are sent exactly as
   * given (they may be signed).
   */
  start: { url: string; headers: Record<string, string> }
  /** Headers for every request, the start and each session request (a token the issuer wants on each). */
  headers?: Record<string, string>
  /** Where the session lives between runs; without one, every run starts a new session. */
  store?: SessionStore
  /** Called before replacing a lost session (404/410/499); throw to refuse (e.g. the start URL expired). */
  beforeNewSession?: (reason: string) => void | Promise<void>
  /** `sent`: the send cursor (may move back after a fault); `acknowledged`: bytes the server confirmed. */
  onProgress?: (p: { sent: number; acknowledged: number; total: number }) => void
  onRetry?: (e: RetryEvent & { phase: UploadPhase }) => void
  signal?: AbortSignal
  /**
   * The file's CRC32C (base64 of the big-endian value), when the caller computed it already (in a validation
   * pass that reads the file anyway); else the engine hashes the file before the first request.
   */
  crc32c?: string
  /** Opens the file; injectable so tests can watch what is read. */
  openFile?: (path: string, size: number) => Promise<FileSource>
}

/** The caller's keeping of the session between runs (like tus-js-client's urlStorage). */
export interface SessionStore {
  /**
   * A session URI from an earlier run (of this file): skip the start POST and ask this session where it
   * stands. 308 -> continue from its offset (the prefix is read again for the CRC32C); 200/201 -> done;
   * 404/410/499 -> lost: beforeNewSession, then a new session from `start`. onSession is not called for it.
   * Bytes it already holds came from the earlier run: the final CRC32C check vouches for them.
   */
  resumeUri?: string
  /** A new session URI, as soon as it arrives and before anything is sent to it (a credential: mask it). */
  onSession?(uri: string): void
  /** The server's acknowledged offset changed (also back to 0 in a new session). */
  onAcknowledged?(offset: number): void
}

export interface UploadResult {
  bytes: number
  status: number
  sessions: number
  faultsRecovered: number
  elapsedMs: number
  requests: number
  response: { headers: Headers; body: string }
  /** CRC32C of the file (base64 of the big-endian value, as GCS writes it); the server checked it. */
  crc32c: string
}

/** Consecutive lost sessions allowed without getting further into the file than ever before. */
export const MAX_SESSION_RESTARTS = 3

type Step =
  | { kind: 'start' }
  | { kind: 'resume'; uri: string }
  | { kind: 'send'; offset: number }
  | { kind: 'query' }
  | { kind: 'finalize' }
  | { kind: 'lost'; status: number }
  | { kind: 'done'; status: number; response: { headers: Headers; body: string } }

const LOST_SESSION = new Set([404, 410, 499])

export async function uploadResumable(opts: ResumableUploadOptions): Promise<UploadResult> {
  validate(opts)
  if (opts.signal?.aborted) throw abortedError(opts.signal)
  const file = await (opts.openFile ?? FileSource.open)(opts.file.path, opts.file.size)
  try {
    const crc32c = opts.crc32c ?? (await fileCrc32c(opts.file.path))
    return await new ResumableUpload(opts, file, crc32c).run()
  } finally {
    await file.close()
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
  /** The current session came from store.resumeUri: what an earlier run sent is unknown. */
  private resumed = false
  private hashRestarts = 0

  constructor(
    private readonly opts: ResumableUploadOptions,
    private readonly file: FileSource,
    /** The file's CRC32C, as the finalizing request states it. */
    private crc32c: string
  ) {
    this.clock = opts.clock ?? systemClock
    this.retry = new RetryState(opts.retry, this.clock)
    this.total = opts.file.size
    this.startedAt = this.clock.now()
  }

  async run(): Promise<UploadResult> {
    const uri = this.opts.store?.resumeUri
    let step: Step = uri ? { kind: 'resume', uri } : { kind: 'start' }
    while (step.kind !== 'done') {
      if (this.opts.signal?.aborted) throw abortedError(this.opts.signal)
      step = await this.next(step)
    }
    this.setAcknowledged(this.total)
    this.report(this.total)
    return {
      bytes: this.total,
      status: step.status,
      sessions: this.sessions,
      faultsRecovered: this.retry.totalRecovered + this.lostSessionsRecovered,
      elapsedMs: this.clock.now() - this.startedAt,
      requests: this.requests,
      response: step.response,
      crc32c: this.crc32c
    }
  }

  private next(step: Exclude<Step, { kind: 'done' }>): Promise<Step> {
    switch (step.kind) {
      case 'start':
        return this.startSession()
      case 'resume':
        return Promise.resolve(this.resumeSession(step.uri))
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
      () => ({
        method: 'POST',
        url,
        headers: { ...this.opts.headers, ...headers },
        stallTimeoutMs: this.opts.stallTimeoutMs
      }),
      this.retryOptions('start')
    )
    if (res.status !== 200 && res.status !== 201)
      throw await this.refused(res, 'starting the upload session', true)
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
    this.opts.store?.onSession?.(this.session)
    await res.dispose()
    this.sessions++
    this.resumed = false
    this.setAcknowledged(0)
    this.maxSent = 0
    return { kind: 'send', offset: 0 }
  }

  /** Adopt a session of an earlier run: its first status answer says where to continue. */
  private resumeSession(uri: string): Step {
    this.session = uri
    this.sessions++
    this.resumed = true
    return { kind: 'query' }
  }

  private async sendChunk(offset: number): Promise<Step> {
    const length = Math.min(this.opts.chunkSize, this.total - offset)
    const body = this.total === 0 ? Buffer.alloc(0) : this.file.body(offset, length)
    const end = offset + length
    const final = end === this.total
    if (final) await this.file.checkUnchanged()
    const range = this.total === 0 ? statusRange(0) : dataRange(offset, length, this.total)
    this.maxSent = Math.max(this.maxSent, end)
    let res: HttpResponse
    try {
      res = await this.transport({
        ...this.sessionRequest(range, body, final),
        onBodyProgress: n => this.report(offset + n)
      })
    } catch (err) {
      return this.fault(err, 'chunk')
    }
    return this.answer(res, 'chunk', { from: offset, final, range })
  }

  // A status query (bytes */*), or the empty PUT (bytes */total) that finalizes, with the hash.
  private async sendStatus(phase: 'status' | 'finalize'): Promise<Step> {
    if (phase === 'finalize') await this.file.checkUnchanged()
    const res = await requestWithRetry(
      this.transport,
      () =>
        phase === 'finalize'
          ? this.sessionRequest(statusRange(this.total), undefined, true)
          : this.sessionRequest(QUERY_RANGE),
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
      await this.checkStoredHash(res.headers)
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
    const err = await this.refused(res, what)
    // GCS refuses a CRC32C mismatch with 400 (storage-testbench with 412); a precondition 412 names no hash.
    const hashed = phase === 'finalize' || chunk?.final === true
    if ((status === 400 || status === 412) && hashed && isHashMismatch(err.serverMessage)) {
      return this.hashRejected(err)
    }
    throw err
  }

  private async resumeAt(
    offset: number,
    phase: 'chunk' | 'status' | 'finalize',
    from?: number
  ): Promise<Step> {
    // A resumed session holds what an earlier run sent (unknown here; the final CRC32C check vouches for it).
    const ceiling = this.resumed ? this.total : this.maxSent
    if (offset > ceiling) {
      const sent = this.resumed ? `the file has ${this.total}` : `this session sent at most ${this.maxSent}`
      throw new UploadError(
        `the server has more bytes than were sent: it reports ${offset} bytes, but ${sent}; another ` +
          'writer or a server fault may have corrupted the upload, so it was stopped; run the upload again'
      )
    }
    const advanced = offset > this.acknowledged
    this.setAcknowledged(offset) // the server's word, even if lower: those bytes are read again from the file
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

  /**
   * The server refused the finalizing request because the bytes it holds do not match the file's CRC32C.
   * If the file is unchanged, the bytes were damaged on the way: once, start over in a new session (the old
   * one is left to expire, never deleted); a second time, stop.
   */
  private async hashRejected(err: UploadError): Promise<Step> {
    const quoted = err.serverMessage ? ` (${err.serverMessage})` : ''
    if (this.hashRestarts > 0) {
      throw new UploadError(
        `the server's CRC32C check failed again after starting over in a new session: HTTP ${err.status}${quoted}; ` +
          'the bytes reaching the server differ from the file (something between the disk and the server ' +
          'corrupts them), so nothing was finalized; check the machine and the network, then run again',
        { status: err.status, serverMessage: err.serverMessage }
      )
    }
    await this.file.checkUnchanged() // a changed file explains the mismatch: that is the error then
    this.hashRestarts++
    // Hashed again: a change the size and modification time hide is then uploaded as the file now is.
    const now = await fileCrc32c(this.file.path)
    const changed = now !== this.crc32c
    this.crc32c = now
    const reason = `the server's CRC32C check of the upload failed (HTTP ${err.status}${quoted})`
    await this.opts.beforeNewSession?.(reason)
    this.lostSessionsRecovered++
    this.opts.onRetry?.({
      attempt: this.hashRestarts,
      delayMs: 0,
      reason: changed
        ? `${reason}; the file's content changed, so starting once more in a new session from byte 0`
        : `${reason}; the file is unchanged, so starting once more in a new session from byte 0`,
      phase: 'start'
    })
    this.session = undefined
    return { kind: 'start' }
  }

  /** The server's CRC32C of the finalized object must be the file's: anything else is not our upload. */
  private async checkStoredHash(headers: Headers): Promise<void> {
    const stored = crc32cOf(headers.get('x-goog-hash'))
    if (stored === undefined) return
    const local = this.crc32c
    if (stored !== local) {
      throw new UploadError(
        `the server finalized an object whose CRC32C (${stored}) differs from the file's (${local}); ` +
          'the stored object is not the file: run the upload again'
      )
    }
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

  private async refused(res: HttpResponse, what: string, atStart = false): Promise<UploadError> {
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
      { status: res.status, serverMessage: quoted, atStart }
    )
  }

  private sessionRequest(range: string, body?: Buffer | BodySource, finalizing = false): HttpRequest {
    if (this.session === undefined) throw new Error('no upload session')
    const headers: Record<string, string> = {
      ...this.opts.headers,
      'content-range': range,
      'content-length': String(body?.length ?? 0)
    }
    if (finalizing) headers['x-goog-hash'] = hashHeader(this.crc32c)
    return {
      method: 'PUT',
      url: this.session,
      headers,
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

  private setAcknowledged(offset: number): void {
    if (offset === this.acknowledged) return
    this.acknowledged = offset
    this.opts.store?.onAcknowledged?.(offset)
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
