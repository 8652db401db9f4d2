// X media segments: the file cut into `segmentSize` pieces (segment_index 0..n-1), at most `concurrency` in
// flight, each body read from the file when it is sent (memory stays near concurrency x one read pool, whatever
// the segment size), each retried on its own with the shared retry policy. A resent segment carries the same
// index, which X takes as a replacement (harmless). Progress: bytes sent, and bytes acknowledged (segments answered).
// The first segment to fail for good aborts the others (requests, backoffs, rate-limit waits); its error is reported.
import { abortedError, type BodySource } from '../net/transport.js'
import { RetryState, type RetryConfig } from '../net/retry.js'
import type { Clock } from '../net/clock.js'
import { FileSource } from './file-source.js'

export interface SegmentPlan {
  index: number
  offset: number
  length: number
}

export function planSegments(size: number, segmentSize: number): SegmentPlan[] {
  const out: SegmentPlan[] = []
  for (let offset = 0, index = 0; offset < size; offset += segmentSize, index++)
    out.push({ index, offset, length: Math.min(segmentSize, size - offset) })
  return out
}

export interface SegmentUploadOptions {
  path: string
  size: number
  segmentSize: number
  concurrency: number
  retry: RetryConfig
  clock: Clock
  signal?: AbortSignal
  /**
   * Sends one segment (retrying with `state`); `body()` reads the segment from the file again for each attempt.
   * `signal` (the caller's, combined with the upload's own) aborts when the caller stops or another segment failed
   * for good: the send's requests and sleeps (retry backoff, rate-limit waits) should all honour it.
   */
  send: (
    segment: SegmentPlan,
    body: () => BodySource,
    state: RetryState,
    signal: AbortSignal
  ) => Promise<void>
  onProgress?: (p: { acknowledged: number; total: number; segments: number; done: number }) => void
}

export interface SegmentUploadResult {
  segments: number
  bytes: number
  faultsRecovered: number
  elapsedMs: number
}

export async function uploadSegments(o: SegmentUploadOptions): Promise<SegmentUploadResult> {
  const started = o.clock.now()
  const plan = planSegments(o.size, o.segmentSize)
  const file = await FileSource.open(o.path, o.size)
  let next = 0
  let acknowledged = 0
  let done = 0
  let recovered = 0
  let failed: unknown
  // The first failure stops the others at once: in-flight requests, retry backoffs and rate-limit waits all end
  // on this signal, so the step fails when the first segment fails for good, with that segment's error.
  const stop = new AbortController()
  const signal = o.signal ? AbortSignal.any([o.signal, stop.signal]) : stop.signal
  try {
    const worker = async (): Promise<void> => {
      while (next < plan.length && failed === undefined) {
        if (signal.aborted) {
          failed ??= abortedError(signal)
          return
        }
        const seg = plan[next++]
        const state = new RetryState(o.retry, o.clock)
        try {
          await o.send(seg, () => file.body(seg.offset, seg.length), state, signal)
        } catch (err) {
          if (failed === undefined) {
            failed = err
            stop.abort(err)
          }
          return
        } finally {
          recovered += state.totalRecovered
        }
        acknowledged += seg.length
        done++
        o.onProgress?.({ acknowledged, total: o.size, segments: plan.length, done })
      }
    }
    // Every worker ends (quickly, once aborted) before the file is closed or the failure is reported.
    await Promise.all(Array.from({ length: Math.min(o.concurrency, plan.length) }, worker))
    if (failed !== undefined) throw failed
    await file.checkUnchanged()
  } finally {
    await file.close()
  }
  return {
    segments: plan.length,
    bytes: acknowledged,
    faultsRecovered: recovered,
    elapsedMs: o.clock.now() - started
  }
}
