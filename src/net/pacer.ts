// Keeps a run's requests to one API within a sliding window (Redivis: about 100 requests per 100 s), so that
// many uploads polled at once slow down instead of meeting 429s. Concurrent callers queue in call order.
import type { Clock } from './clock.js'

export class RequestPacer {
  private readonly sent: number[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock
  ) {}

  /** Resolves when one more request fits in the window (and counts it). */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom(signal))
    this.queue = turn.catch(() => undefined)
    return turn
  }

  private async waitForRoom(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now()
      while (this.sent.length > 0 && this.sent[0] <= now - this.windowMs) this.sent.shift()
      if (this.sent.length < this.limit) {
        this.sent.push(now)
        return
      }
      await this.clock.sleep(this.sent[0] + this.windowMs - now, signal)
    }
  }
}
