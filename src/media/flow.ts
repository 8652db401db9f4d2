// The media-upload flow: initialize, append the segments (bounded, each retried), finalize, then STATUS only
// when finalize offered processing_info, never before check_after_secs (at least 1 s), until succeeded, failed
// (its error quoted) or processing-timeout-minutes; then the alt text and the post when asked.
import * as path from 'node:path'
import type { Logger } from '../action/log.js'
import type { Clock } from '../net/clock.js'
import type { Transport } from '../net/transport.js'
import { multipartBody } from '../upload/multipart.js'
import { uploadSegments } from '../upload/x-media-segments.js'
import { MediaApiError, MediaClient, type MediaInfo, type ProcessingInfo } from './client.js'
import type { MediaInputs } from './inputs.js'
import { authHeader, signatureOf, type SignerClock } from './oauth.js'
import { postUrl, type MediaReport } from './report.js'

export class ProcessingFailedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProcessingFailedError'
  }
}

export class ProcessingTimeoutError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProcessingTimeoutError'
  }
}

export interface MediaFlowDeps {
  log: Logger
  transport: Transport
  clock: Clock
  signal: AbortSignal
  signer?: SignerClock
  onMediaId?: (id: string) => void
  onProgress?: (acknowledged: number, total: number) => void
}

export async function runMediaUpload(
  inputs: MediaInputs,
  d: MediaFlowDeps,
  report: MediaReport
): Promise<void> {
  const { log, clock } = d
  const sign = authHeader(inputs.auth, d.signer)
  // Every Authorization header is a credential: each OAuth signature is masked as soon as it is made.
  const masked = (method: string, url: string) => {
    const h = sign(method, url)
    // The rest of the header is the masked key and token, a nonce and a timestamp.
    const s = signatureOf(h)
    if (s) log.mask(s)
    return h
  }
  const client = new MediaClient({
    baseUrl: inputs.apiBaseUrl,
    auth: inputs.auth,
    sign: masked,
    transport: d.transport,
    retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
    stallTimeoutMs: inputs.requestTimeoutSeconds * 1000,
    clock,
    signal: d.signal,
    onRetry: (what, e) =>
      log.info(`X API: ${what} failed (${e.reason}); retrying in ${(e.delayMs / 1000).toFixed(1)} s`),
    onRateLimitWait: (what, ms, limit) =>
      log.info(`X API: the ${limit} is spent; waiting ${Math.ceil(ms / 1000)} s before ${what}`)
  })
  if (inputs.chunkRaisedFrom)
    log.info(
      `chunk-size raised from ${inputs.chunkRaisedFrom} to ${inputs.chunkSize} bytes: X takes at most 1000 segments`
    )

  const init = await client.initialize(inputs.mediaType, inputs.size, inputs.category)
  note(init, report, clock)
  d.onMediaId?.(init.id)
  log.info(
    `Media ${init.id}: uploading ${path.basename(inputs.file)} (${inputs.mediaType}, ${inputs.category}, ${inputs.size} bytes) in segments of ${inputs.chunkSize} bytes, ${inputs.concurrency} at a time`
  )

  const up = await uploadSegments({
    path: inputs.file,
    size: inputs.size,
    segmentSize: inputs.chunkSize,
    concurrency: inputs.concurrency,
    retry: { maxRetries: inputs.maxRetries, baseDelayMs: inputs.retryBaseDelayMs },
    clock,
    signal: d.signal,
    send: async (seg, body, state, signal) => {
      const expires = await client.append(
        init.id,
        seg.index,
        () =>
          multipartBody(
            { segment_index: String(seg.index) },
            {
              name: 'media',
              filename: `segment-${seg.index}`,
              contentType: 'application/octet-stream',
              source: body()
            }
          ),
        state,
        signal
      )
      // The latest answer that gave an expiry is the one that counts (it may be earlier than one before it).
      if (expires !== undefined) report.expiresAt = expires
    },
    onProgress: p => {
      report.bytesUploaded = p.acknowledged
      d.onProgress?.(p.acknowledged, p.total)
    }
  })
  report.segments = up.segments
  report.bytesUploaded = up.bytes
  report.uploadMs = up.elapsedMs
  report.faultsRecovered += up.faultsRecovered
  log.info(
    `Media ${init.id}: ${up.segments} segments sent in ${(up.elapsedMs / 1000).toFixed(2)} s${up.faultsRecovered ? ` (${up.faultsRecovered} faults recovered)` : ''}`
  )

  const fin = await client.finalize(init.id)
  note(fin, report, clock)
  const finalizedAt = clock.now()
  let info = fin.processing_info
  if (info) {
    log.info(`Media ${init.id}: processing (${info.state})`)
    info = await waitForProcessing(
      client,
      init.id,
      info,
      finalizedAt,
      inputs.processingTimeoutMinutes,
      d,
      report
    )
  }
  report.processingState = info?.state ?? 'succeeded'
  report.processingMs = info ? clock.now() - finalizedAt : 0

  if (inputs.altText) {
    await client.setAltText(init.id, inputs.altText)
    log.info(`Media ${init.id}: alt text set`)
  }
  if (inputs.postText) {
    const post = await client.post(inputs.postText, init.id)
    report.postId = post.id
    log.info(`Posted ${postUrl(post.id)}`)
  }
}

export async function waitForProcessing(
  client: MediaClient,
  id: string,
  first: ProcessingInfo,
  finalizedAt: number,
  timeoutMinutes: number,
  d: MediaFlowDeps,
  report: MediaReport
): Promise<ProcessingInfo> {
  const deadline = finalizedAt + timeoutMinutes * 60_000
  let info = first
  for (;;) {
    report.processingState = info.state
    if (info.state === 'succeeded') return info
    if (info.state === 'failed') {
      const e = info.error
      const why = e ? [e.name, e.message].filter(Boolean).join(': ') || `code ${e.code}` : 'no reason given'
      throw new ProcessingFailedError(
        `X could not process media ${id}: ${why}. Check the file against X's media requirements (format, duration, size) and upload a fixed one.`
      )
    }
    // Never earlier than X asked, and at least 1 s after its last answer.
    const gap = Math.max(1, info.check_after_secs ?? 1) * 1000
    if (d.clock.now() + gap > deadline)
      throw new ProcessingTimeoutError(
        `X was still processing media ${id} (${info.state}${info.progress_percent !== undefined ? `, ${info.progress_percent}%` : ''}) after processing-timeout-minutes (${timeoutMinutes}); it may still finish: raise processing-timeout-minutes, or post it later with its media id.`
      )
    await d.clock.sleep(gap, d.signal)
    const st = await client.status(id)
    note(st, report, d.clock)
    if (!st.processing_info)
      throw new MediaApiError(`X API: STATUS of media ${id} returned no processing_info.`)
    info = st.processing_info
    if (info.progress_percent !== undefined)
      d.log.info(`Media ${id}: ${info.state} ${info.progress_percent}%`)
  }
}

/** Keeps the media id, key and expiry from an answer. */
function note(m: MediaInfo, report: MediaReport, clock: Clock): void {
  report.mediaId = m.id
  if (m.media_key) report.mediaKey = m.media_key
  if (typeof m.expires_after_secs === 'number') report.expiresAt = clock.now() + m.expires_after_secs * 1000
}
