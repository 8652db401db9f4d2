// Rate limits of the X media endpoints and posts: a 15-minute window per family (x-rate-limit-*) and the
// 24-hour app and user windows (x-app-limit-24hour-*, x-user-limit-24hour-*), with the rateLimit faults.
import type { Fault } from './faults.js'
import type { Reply } from './http.js'
import { tooMany } from './media-errors.js'
import { rateHeaders, RateLimiter, type RateState } from './rate-limit.js'
import type { RequestKind } from './types.js'

/** init, append and finalize share one window, as X's "media upload" does. */
export type MediaFamily = 'upload' | 'status' | 'metadata' | 'tweets'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
export const MEDIA_RATE_DEFAULTS = { limit: 10_000, windowMs: 15 * MINUTE }
// X's per-App media upload figure; the user one is generous too so no test run meets it by accident.
const DAY_APP_LIMIT = 180_000
const DAY_USER_LIMIT = 100_000

export function familyOf(kind: RequestKind): MediaFamily {
  if (kind === 'mediaStatus') return 'status'
  if (kind === 'mediaMetadata') return 'metadata'
  if (kind === 'post') return 'tweets'
  return 'upload'
}

function dayHeaders(prefix: string, s: RateState): Record<string, string> {
  return {
    [`${prefix}-24hour-limit`]: String(s.limit),
    [`${prefix}-24hour-remaining`]: String(s.remaining),
    [`${prefix}-24hour-reset`]: String(s.reset)
  }
}

export class MediaLimits {
  private readonly window: RateLimiter
  private readonly app: RateLimiter
  private readonly user: RateLimiter

  constructor(
    private readonly clock: () => number,
    rate: { limit: number; windowMs: number } = MEDIA_RATE_DEFAULTS
  ) {
    this.window = new RateLimiter(rate.limit, rate.windowMs, clock)
    this.app = new RateLimiter(DAY_APP_LIMIT, DAY, clock)
    this.user = new RateLimiter(DAY_USER_LIMIT, DAY, clock)
  }

  /** The windows as they stand, for answers made before or instead of the endpoint's. */
  headers(family: MediaFamily): Record<string, string> {
    return this.all(this.window.peek(family), family)
  }

  private all(window: RateState, family: MediaFamily): Record<string, string> {
    return {
      ...rateHeaders(window),
      ...dayHeaders('x-app-limit', this.app.peek(family)),
      ...dayHeaders('x-user-limit', this.user.peek(family))
    }
  }

  /** Counts the request in every window (a rate fault spends one first); `refused` is the 429 when one is spent. */
  admit(family: MediaFamily, fault: Fault | undefined): { headers: Record<string, string>; refused?: Reply } {
    const now = this.clock()
    if (fault && 'rateLimit24h' in fault)
      this.user.exhaust(family, now + fault.rateLimit24h.resetInSeconds * 1000)
    if (fault && 'rateLimit' in fault) {
      this.window.exhaust(family, now + fault.rateLimit.resetInSeconds * 1000)
      // 'exhaust': answered normally with remaining 0; only the next request is refused.
      if (fault.rateLimit.mode === 'exhaust') return { headers: this.headers(family) }
    }
    const spent = [this.window, this.app, this.user].some(l => l.peek(family).remaining === 0)
    if (spent) return { headers: this.headers(family), refused: tooMany() }
    const taken = this.window.take(family)
    this.app.take(family)
    this.user.take(family)
    return { headers: this.all(taken.state, family) }
  }
}
