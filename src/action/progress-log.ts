// Plain progress lines for long uploads: at most one every few seconds, acknowledged bytes first
// (what the server confirmed), then what was sent, rate and ETA.
import type { Clock } from '../net/clock.js'
import type { Logger } from './log.js'

const EVERY_MS = 5000

export function createProgressLogger(log: Logger, clock: Clock, total: number) {
  const start = clock.now()
  let last = start
  return {
    update(acknowledged: number, sent: number): void {
      const now = clock.now()
      if (now - last < EVERY_MS) return
      last = now
      const rate = acknowledged / Math.max(1, now - start) / 1000 // MB/s
      const eta = rate > 0 ? (total - acknowledged) / 1e6 / rate : undefined
      log.info(
        `Upload: ${mib(acknowledged)} of ${mib(total)} acknowledged (${percent(acknowledged, total)}), ` +
          `${mib(sent)} sent, ${rate.toFixed(1)} MB/s${eta !== undefined ? `, about ${Math.ceil(eta)} s left` : ''}`
      )
    },
    done(bytes: number, elapsedMs: number): void {
      const rate = elapsedMs > 0 ? bytes / 1e6 / (elapsedMs / 1000) : 0
      log.info(
        `Upload complete: ${mib(bytes)} acknowledged in ${(elapsedMs / 1000).toFixed(2)} s (${rate.toFixed(1)} MB/s)`
      )
    }
  }
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`
}

function percent(a: number, total: number): string {
  return total === 0 ? '100%' : `${Math.floor((a / total) * 100)}%`
}
