// Waits for tabular uploads to finish processing: each upload is polled with gaps from 2 s growing ×1.5 up to
// 30 s (the client's pacer keeps the whole run inside Redivis's rate limit, and its retry honours Retry-After).
import type { Logger } from '../action/log.js'
import type { Clock } from '../net/clock.js'
import type { RedivisClient } from './api.js'
import type { FileReport } from './report.js'

export const POLL = { firstMs: 2000, factor: 1.5, maxMs: 30_000 }

export interface WaitOptions {
  clock: Clock
  signal: AbortSignal
  log: Logger
  timeoutMs: number
}

/** Polls until every upload is completed or failed; returns those still processing when the timeout ran out. */
export async function waitForUploads(
  files: FileReport[],
  client: RedivisClient,
  o: WaitOptions
): Promise<FileReport[]> {
  const deadline = o.clock.now() + o.timeoutMs
  let gap = POLL.firstMs
  let open = files.filter(f => f.status === 'queued' || f.status === 'running')
  if (open.length > 0)
    o.log.info(`Waiting for Redivis to process ${open.length} upload${open.length === 1 ? '' : 's'}`)
  while (open.length > 0) {
    const left = deadline - o.clock.now()
    if (left <= 0) return open
    await o.clock.sleep(Math.min(gap, left), o.signal)
    gap = Math.min(POLL.maxMs, gap * POLL.factor)
    for (const f of open) {
      const u = await client.getUpload(f.uploadUri!, f.name)
      f.rows = u.numRows
      if (u.status === 'completed') {
        f.status = 'completed'
        o.log.info(`${f.name}: processed, ${u.numRows ?? 0} rows`)
      } else if (u.status === 'failed') {
        f.status = 'failed'
        f.error = u.errorMessage ?? 'Redivis reported the upload as failed without a message'
        o.log.error(`${f.name}: processing failed: ${f.error}`)
      } else if (u.status === 'running') f.status = 'running'
    }
    open = open.filter(f => f.status === 'queued' || f.status === 'running')
  }
  return []
}
