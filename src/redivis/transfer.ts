// The bytes of one file to its temp upload URL: a GCS resumable session on the shared engine (with the Redivis
// start headers and the token on every request, as Redivis's clients send them), or one PUT for a small file,
// retried from byte 0. The token goes to the URLs Redivis returned and nowhere else.
import { FileSource } from '../upload/file-source.js'
import { uploadResumable, type UploadPhase } from '../upload/gcs-resumable.js'
import { UploadError } from '../upload/errors.js'
import { redact, serverMessage } from '../upload/gcs-protocol.js'
import {
  requestWithRetry,
  RetriesExhaustedError,
  RetryState,
  type RetryConfig,
  type RetryEvent
} from '../net/retry.js'
import type { Transport } from '../net/transport.js'
import type { Clock } from '../net/clock.js'
import { resumableStartHeaders } from './model.js'

export interface TransferOptions {
  transport: Transport
  clock: Clock
  retry: RetryConfig
  chunkSize: number
  stallTimeoutMs: number
  token: string
  signal?: AbortSignal
  /** A new session URI (a credential: mask it). */
  onSession?: (uri: string) => void
  onProgress?: (acknowledged: number) => void
  onRetry?: (e: RetryEvent & { phase: UploadPhase | 'put' }) => void
}

export interface TransferResult {
  bytes: number
  faultsRecovered: number
  elapsedMs: number
}

export async function transferFile(
  file: { path: string; size: number },
  target: { url: string; resumable: boolean },
  o: TransferOptions
): Promise<TransferResult> {
  try {
    return await send(file, target, o)
  } catch (err) {
    throw tokenRefusal(err)
  }
}

/** The transfer requests carry the token: a 401/403 there is Redivis refusing it, not an expired signed URL. */
function tokenRefusal(err: unknown): unknown {
  if (!(err instanceof UploadError) || (err.status !== 401 && err.status !== 403)) return err
  const quoted = err.serverMessage ? ` (${err.serverMessage})` : ''
  return new UploadError(
    `uploading the file failed: Redivis answered HTTP ${err.status}${quoted}; it refused the api-token for the transfer: check that the token is current and has the data.edit scope`,
    { status: err.status, serverMessage: err.serverMessage, atStart: err.atStart, cause: err }
  )
}

async function send(
  file: { path: string; size: number },
  target: { url: string; resumable: boolean },
  o: TransferOptions
): Promise<TransferResult> {
  const auth = { authorization: `Bearer ${o.token}` }
  if (target.resumable) {
    const r = await uploadResumable({
      transport: o.transport,
      clock: o.clock,
      retry: o.retry,
      chunkSize: o.chunkSize,
      stallTimeoutMs: o.stallTimeoutMs,
      file,
      start: { url: target.url, headers: resumableStartHeaders(file.size) },
      headers: auth,
      store: { onSession: o.onSession, onAcknowledged: n => o.onProgress?.(n) },
      onRetry: e => o.onRetry?.(e),
      signal: o.signal
    })
    return { bytes: r.bytes, faultsRecovered: r.faultsRecovered, elapsedMs: r.elapsedMs }
  }
  return simplePut(file, target.url, auth, o)
}

async function simplePut(
  file: { path: string; size: number },
  url: string,
  auth: Record<string, string>,
  o: TransferOptions
): Promise<TransferResult> {
  const started = o.clock.now()
  const source = await FileSource.open(file.path, file.size)
  const state = new RetryState(o.retry, o.clock)
  try {
    let res
    try {
      res = await requestWithRetry(
        o.transport,
        () => ({
          method: 'PUT',
          url,
          headers: { ...auth, 'content-type': 'application/octet-stream' },
          body: source.body(0, file.size),
          stallTimeoutMs: o.stallTimeoutMs,
          signal: o.signal
        }),
        { state, clock: o.clock, signal: o.signal, onRetry: e => o.onRetry?.({ ...e, phase: 'put' }) }
      )
    } catch (err) {
      if (err instanceof RetriesExhaustedError)
        throw new UploadError(`uploading the file failed: ${err.message}`, { cause: err })
      throw err
    }
    if (res.status !== 200 && res.status !== 201) {
      const text = serverMessage(await res.text(64 * 1024).catch(() => ''))
      const message = text ? redact(text, [url]) : undefined
      throw new UploadError(
        `uploading the file failed: the server answered HTTP ${res.status}${message ? ` (${message})` : ''}`,
        { status: res.status, serverMessage: message }
      )
    }
    await res.dispose()
    await source.checkUnchanged()
    o.onProgress?.(file.size)
    return { bytes: file.size, faultsRecovered: state.totalRecovered, elapsedMs: o.clock.now() - started }
  } finally {
    await source.close()
  }
}
