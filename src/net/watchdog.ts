// A stall watchdog: fires once when no activity was reported for `timeoutMs` while armed.
// kick() only stores a timestamp, so it is cheap enough to call for every body slice;
// the timer re-arms itself for the remaining time instead of being reset on each kick.
export class Watchdog {
  private last = 0
  private timer: ReturnType<typeof setTimeout> | undefined
  private fired = false

  constructor(
    private readonly timeoutMs: number,
    private readonly onStall: () => void
  ) {}

  /** Start (or restart) watching, counting from now. */
  arm(): void {
    if (this.fired) return
    this.last = performance.now()
    if (this.timer === undefined) this.schedule(this.timeoutMs)
  }

  /** Report activity: the idle period starts again. */
  kick(): void {
    this.last = performance.now()
  }

  /** Stop watching until the next arm(). */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(1, Math.ceil(ms)))
  }

  private check(): void {
    this.timer = undefined
    const idle = performance.now() - this.last
    if (idle < this.timeoutMs) return this.schedule(this.timeoutMs - idle)
    this.fired = true
    this.onStall()
  }
}
