// A one-line progress display for a terminal (stderr): the upload's acknowledged bytes, MB/s and ETA, then the
// job's status while it is polled. Log lines are printed above it. Pure apart from the stream and the clock.

export interface BarStream {
  write(text: string): unknown
  columns?: number
}

export interface BarClock {
  now(): number
}

const RATE_WINDOW_MS = 5000
const MIN_REDRAW_MS = 100
const CLEAR_LINE = '\r\x1b[K'

export interface UploadView {
  acknowledged: number
  /** the send cursor: bytes past `acknowledged` are in flight (drawn as `=`) */
  sent?: number
  total: number
  /** bytes per second, undefined until known */
  rate?: number
  width: number
}

/** `Upload [#####==---]  45%  1.2/2.7 MiB  3.4 MB/s  ETA 0:02` (# acknowledged, = in flight), cut to `width`. */
export function renderUpload(v: UploadView): string {
  const fraction = v.total > 0 ? Math.min(1, v.acknowledged / v.total) : 1
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4)
  const sizes = `${mib(v.acknowledged)}/${mib(v.total)} MiB`
  const rate = v.rate !== undefined ? `${(v.rate / 1e6).toFixed(1)} MB/s` : '-- MB/s'
  const eta =
    v.rate !== undefined && v.rate > 0 ? `ETA ${clock((v.total - v.acknowledged) / v.rate)}` : 'ETA --:--'
  const tail = ` ${pct}  ${sizes}  ${rate}  ${eta}`
  const barWidth = Math.max(0, Math.min(40, v.width - 'Upload []'.length - tail.length - 1))
  const filled = Math.round(fraction * barWidth)
  const sentFraction = v.total > 0 ? Math.min(1, Math.max(v.sent ?? 0, v.acknowledged) / v.total) : 1
  const flying = Math.max(0, Math.round(sentFraction * barWidth) - filled)
  const bar =
    barWidth > 0
      ? ` [${'#'.repeat(filled)}${'='.repeat(flying)}${'-'.repeat(barWidth - filled - flying)}]`
      : ''
  return `Upload${bar}${tail}`.slice(0, Math.max(0, v.width - 1))
}

/** `Job 123: in_progress, waited 1:05`, cut to `width` columns. */
export function renderStatus(text: string, waitedMs: number | undefined, width: number): string {
  const line = waitedMs === undefined ? text : `${text}, waited ${clock(waitedMs / 1000)}`
  return line.slice(0, Math.max(0, width - 1))
}

/** m:ss, or h:mm:ss past an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

function mib(n: number): string {
  return (n / 1048576).toFixed(1)
}

export class ProgressBar {
  private line = ''
  private shown = false
  private lastDraw = -Infinity
  private samples: { t: number; bytes: number }[] = []
  private upload?: { acknowledged: number; sent: number; total: number }
  private statusText?: string
  private statusSince?: number
  private stopped = false

  constructor(
    private readonly stream: BarStream,
    private readonly clock: BarClock
  ) {}

  /**
   * Bytes the server acknowledged, and the send cursor (the rate follows it: acknowledgements come a chunk at a
   * time); redrawn at most every 100 ms, and always at 100%.
   */
  setUpload(acknowledged: number, total: number, sent = acknowledged): void {
    const t = this.clock.now()
    this.upload = { acknowledged, sent, total }
    this.statusText = undefined
    // After a fault the cursor moves back to the server's offset: measure afresh from there.
    if (sent < (this.samples.at(-1)?.bytes ?? 0)) this.samples = []
    this.samples.push({ t, bytes: sent })
    while (this.samples.length > 2 && t - this.samples[1].t >= RATE_WINDOW_MS) this.samples.shift()
    this.draw(acknowledged >= total)
  }

  /** Bytes per second over the last few seconds, undefined until a fifth of a second has passed. */
  rate(): number | undefined {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    if (!first || !last || last.t - first.t < 200) return undefined
    return ((last.bytes - first.bytes) * 1000) / (last.t - first.t)
  }

  /** A status line (the job being polled); `timed` shows the time since the first status with timed set. */
  setStatus(text: string, timed = false): void {
    if (timed && this.statusSince === undefined) this.statusSince = this.clock.now()
    if (!timed) this.statusSince = undefined
    this.statusText = text
    this.upload = undefined
    this.draw(true)
  }

  /** Redraws the current line (a timer calls this to move the waited time along). */
  tick(): void {
    this.draw(false)
  }

  /** Prints a whole line above the bar. */
  log(text: string): void {
    if (this.shown) this.stream.write(CLEAR_LINE)
    this.stream.write(`${text}\n`)
    this.shown = false
    if (!this.stopped && this.line) {
      this.stream.write(this.line)
      this.shown = true
    }
  }

  /** Removes the bar for good; later log lines print plainly. */
  stop(): void {
    if (this.shown) this.stream.write(CLEAR_LINE)
    this.shown = false
    this.stopped = true
    this.line = ''
  }

  private draw(force: boolean): void {
    if (this.stopped) return
    const now = this.clock.now()
    if (!force && now - this.lastDraw < MIN_REDRAW_MS) return
    const width = this.stream.columns || 80
    let line = ''
    if (this.upload) line = renderUpload({ ...this.upload, rate: this.rate(), width })
    else if (this.statusText !== undefined)
      line = renderStatus(
        this.statusText,
        this.statusSince === undefined ? undefined : now - this.statusSince,
        width
      )
    if (!line) return
    this.lastDraw = now
    if (line === this.line && this.shown) return
    this.line = line
    this.stream.write(`${CLEAR_LINE}${line}`)
    this.shown = true
  }
}
