// Fixed rate-limit windows per family: X's per-App, per-endpoint ones, reported in x-rate-limit-* headers
// (reset in epoch seconds), and Redivis's one window for all its API requests.

export interface RateState {
  limit: number
  remaining: number
  /** epoch seconds */
  reset: number
  /** ms epoch at which the window ends (for Retry-After). */
  endsAt: number
}

interface Window {
  endsAt: number
  used: number
}

export class RateLimiter {
  private windows = new Map<string, Window>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number
  ) {}

  private window(family: string): Window {
    const now = this.clock()
    let w = this.windows.get(family)
    if (!w || now >= w.endsAt) {
      w = { endsAt: now + this.windowMs, used: 0 }
      this.windows.set(family, w)
    }
    return w
  }

  private state(w: Window): RateState {
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - w.used),
      reset: Math.ceil(w.endsAt / 1000),
      endsAt: w.endsAt
    }
  }

  /** Counts one request; `ok` is false (and nothing is counted) when the window is spent. */
  take(family: string): { ok: boolean; state: RateState } {
    const w = this.window(family)
    if (w.used >= this.limit) return { ok: false, state: this.state(w) }
    w.used++
    return { ok: true, state: this.state(w) }
  }

  peek(family: string): RateState {
    return this.state(this.window(family))
  }

  /** Fault: the window is spent until `until` (ms epoch). */
  exhaust(family: string, until: number): void {
    this.windows.set(family, { endsAt: until, used: this.limit })
  }
}

export function rateHeaders(s: RateState): Record<string, string> {
  return {
    'x-rate-limit-limit': String(s.limit),
    'x-rate-limit-remaining': String(s.remaining),
    'x-rate-limit-reset': String(s.reset)
  }
}
