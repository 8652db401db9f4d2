// Streams the results to <dest>.partial, resuming with Range after a fault, counting on the way, then renames.
// The file is never held in memory.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import type { HttpResponse, Transport } from '../net/transport.js'
import {
  RetriesExhaustedError,
  RetryState,
  isRetryableError,
  requestWithRetry,
  type RetryConfig,
  type RetryEvent
} from '../net/retry.js'
import { systemClock, type Clock } from '../net/clock.js'
import { summarizeProblem } from './problem.js'
import { ResultsCounter, type ResultCounts } from './results.js'

export interface DownloadOptions {
  url: string
  dest: string
  transport: Transport
  retry: RetryConfig
  stallTimeoutMs: number
  clock?: Clock
  signal?: AbortSignal
  onRetry?: (e: RetryEvent) => void
}

export interface DownloadResult {
  path: string
  bytes: number
  counts: ResultCounts
  resumes: number
}

export class DownloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DownloadError'
  }
}

export async function downloadResults(opts: DownloadOptions): Promise<DownloadResult> {
  const clock = opts.clock ?? systemClock
  const partial = `${opts.dest}.partial`
  await fs.mkdir(path.dirname(opts.dest), { recursive: true })
  const file = await fs.open(partial, 'w')
  const state = new RetryState(opts.retry, clock)
  let counter = new ResultsCounter()
  let offset = 0
  let resumes = 0
  try {
    for (;;) {
      const res = await open(opts, state, clock, offset)
      if (res.status === 416 && offset > 0) {
        await res.dispose() // everything was received before the connection dropped
        break
      }
      if (res.status === 200 && offset > 0) {
        // The server ignored Range: start over rather than append a second copy.
        await file.truncate(0)
        counter = new ResultsCounter()
        offset = 0
      } else if (res.status === 206) {
        const start = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '')?.[1]
        if (start === undefined || Number(start) !== offset) {
          await res.dispose()
          throw new DownloadError(
            `the results server answered a resume at byte ${offset} with another range.`
          )
        }
      } else if (res.status !== 200) {
        const problem = summarizeProblem(await res.text(64 * 1024).catch(() => ''))
        throw new DownloadError(`downloading the results failed: HTTP ${res.status}: ${problem.text}`)
      }
      try {
        for await (const chunk of res.body()) {
          await file.write(chunk, 0, chunk.length, offset)
          counter.push(chunk)
          offset += chunk.length
          state.progress()
        }
        break
      } catch (err) {
        if (!isRetryableError(err)) throw err
        await res.dispose()
        const delay = retryDelay(state, err)
        opts.onRetry?.({ attempt: state.consecutiveFailures, delayMs: delay, reason: codeOf(err) })
        await clock.sleep(delay, opts.signal)
        resumes++
      }
    }
    const counts = counter.end()
    await file.close()
    await fs.rename(partial, opts.dest)
    return { path: opts.dest, bytes: offset, counts, resumes }
  } catch (err) {
    await file.close().catch(() => undefined)
    throw err
  }
}

async function open(
  opts: DownloadOptions,
  state: RetryState,
  clock: Clock,
  offset: number
): Promise<HttpResponse> {
  try {
    return await requestWithRetry(
      opts.transport,
      () => ({
        method: 'GET',
        url: opts.url,
        headers: offset > 0 ? { range: `bytes=${offset}-` } : ({} as Record<string, string>),
        signal: opts.signal,
        stallTimeoutMs: opts.stallTimeoutMs
      }),
      { state, clock, signal: opts.signal, onRetry: opts.onRetry }
    )
  } catch (err) {
    if (err instanceof RetriesExhaustedError) {
      throw new DownloadError(
        `downloading the results failed after ${err.attempts} attempts: ${err.message}`,
        { cause: err }
      )
    }
    throw err
  }
}

function retryDelay(state: RetryState, err: unknown): number {
  try {
    return state.failure(err)
  } catch (e) {
    if (e instanceof RetriesExhaustedError) {
      throw new DownloadError(`downloading the results failed after ${e.attempts} attempts: ${e.message}`, {
        cause: e
      })
    }
    throw e
  }
}

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? String(err)
}
