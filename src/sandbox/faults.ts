// Declarative fault plan: each rule picks requests of a kind and makes one real fault happen on the wire.
import type { RequestKind } from './types.js'

export type Fault =
  /** Answer this status. Upload data: keep `keepBytes` (default 0) of the new bytes first.
   *  X API: with `commit`, the operation happens, then the error is answered. */
  | { status: number; body?: string; headers?: Record<string, string>; keepBytes?: number; commit?: boolean }
  /** TCP RST (SO_LINGER 0) once `afterBytes` of the request body were read (default 0: at once).
   *  On a download, `afterBytes` counts response bytes and the connection is closed mid-body. */
  | { reset: { afterBytes?: number } }
  /** Stop reading the body after `afterBytes`; without `afterBytes`, read it and do not answer.
   *  After `ms` carry on normally; without `ms`, never (until the client gives up or close()).
   *  On a download, `afterBytes` counts response bytes. */
  | { stall: { afterBytes?: number; ms?: number } }
  /** Upload data: persist only this many of the chunk's new bytes; the 308 Range shows less. */
  | { keepLess: number }
  /** Upload data or status query: lose everything persisted; answer 308 without Range. */
  | { dropAll: true }
  /** The session stops existing: this request gets the code, later ones 404 (499) or the same code. */
  | { sessionGone: 404 | 410 | 499 }
  /** X API: the family's window is spent until now + resetInSeconds. '429' (default) answers 429 at
   *  once; 'exhaust' answers normally with remaining 0, so only a client that ignores it gets a 429. */
  | { rateLimit: { resetInSeconds: number; mode?: '429' | 'exhaust' } }
  /** Do the work, send headers with the full Content-Length, half the body, then close.
   *  'empty' instead answers the status with an empty body (Content-Length: 0). */
  | { truncateFinalResponse: true | 'empty' }
  /** Do the work (commit), then reset the connection instead of answering. */
  | { loseFinalResponse: true }
  /** The job this request concerns ends this way when processing finishes (no effect on the wire now). */
  | { jobOutcome: 'complete' | 'failed' | 'expired'; error?: string }

export interface FaultRule {
  on: RequestKind | RequestKind[] | '*'
  /** Fire from the nth (1-based) request this rule matches since the plan was set; default 1. */
  nth?: number
  /** How many matching requests it fires on; default 1 (Infinity: all from nth on). */
  times?: number
  /** Only requests that would finalize the upload (true) or would not (false). A status query
   *  counts as final when every byte is already persisted; `a-*` forms always count as final. */
  final?: boolean
  do: Fault
}

export type FaultPlan = readonly FaultRule[]

/** The name used in stats and logs for a fault. */
export function faultName(f: Fault): string {
  if ('status' in f) return `status ${f.status}`
  return Object.keys(f)[0] ?? 'fault'
}

/** Counts matching requests per rule and hands out the fault that fires, first rule first. */
export class FaultBook {
  private rules: { rule: FaultRule; seen: number; fired: number }[] = []
  injected = 0

  constructor(plan: FaultPlan = []) {
    this.set(plan)
  }

  set(plan: FaultPlan): void {
    this.rules = plan.map(rule => ({ rule, seen: 0, fired: 0 }))
  }

  match(kind: RequestKind, final: boolean): Fault | undefined {
    let hit: Fault | undefined
    for (const r of this.rules) {
      const on = r.rule.on
      const kindOk = on === '*' || on === kind || (Array.isArray(on) && on.includes(kind))
      if (!kindOk || (r.rule.final !== undefined && r.rule.final !== final)) continue
      r.seen++
      if (hit === undefined && r.seen >= (r.rule.nth ?? 1) && r.fired < (r.rule.times ?? 1)) {
        r.fired++
        hit = r.rule.do
      }
    }
    if (hit) this.injected++
    return hit
  }
}

const KiB = 1024

/** Named plans for tests, the demo and the bench. */
export const faultPresets = {
  none: [],
  /** Testbench return-503-after-256K: keep 256 KiB of the first chunk, then 503. */
  '503-after-256k': [{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }],
  /** Testbench return-503 / return-408 on the first chunk, nothing kept. */
  '503-on-chunk': [{ on: 'chunk', do: { status: 503 } }],
  '408-on-chunk': [{ on: 'chunk', do: { status: 408 } }],
  /** Connection reset while the first chunk's body is arriving (whole 256 KiB blocks are kept). */
  'reset-mid-chunk': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
  'reset-on-start': [{ on: 'start', do: { reset: {} } }],
  '503-on-start': [{ on: 'start', do: { status: 503 } }],
  /** F7: the server keeps only 256 KiB of the first chunk. */
  'keeps-less': [{ on: 'chunk', do: { keepLess: 256 * KiB } }],
  /** F8: 308 without Range after the second chunk: everything is lost. */
  'drops-all': [{ on: 'chunk', nth: 2, do: { dropAll: true } }],
  'session-gone-404': [{ on: 'chunk', nth: 2, do: { sessionGone: 404 } }],
  'session-gone-410': [{ on: 'chunk', nth: 2, do: { sessionGone: 410 } }],
  /** F11: stop reading mid-body and never answer (the client's watchdog must fire). */
  'stall-mid-body': [{ on: 'chunk', do: { stall: { afterBytes: 256 * KiB } } }],
  'stall-before-answer': [{ on: 'chunk', do: { stall: {} } }],
  /** F9 / F10: the final chunk is committed but its answer is lost or truncated. */
  'lose-final-response': [{ on: 'chunk', final: true, do: { loseFinalResponse: true } }],
  'truncate-final-response': [{ on: 'chunk', final: true, do: { truncateFinalResponse: true } }],
  'empty-final-response': [{ on: 'chunk', final: true, do: { truncateFinalResponse: 'empty' } }],
  /** F13: the first status query fails. */
  '503-on-status': [{ on: 'status', do: { status: 503 } }],
  /** Ambiguous create: the job exists but the client never hears of it. */
  'create-lost': [{ on: 'create', do: { loseFinalResponse: true } }],
  'create-503-committed': [{ on: 'create', do: { status: 503, commit: true } }],
  'poll-rate-limited': [{ on: 'get', do: { rateLimit: { resetInSeconds: 2 } } }],
  'poll-remaining-zero': [{ on: 'get', do: { rateLimit: { resetInSeconds: 2, mode: 'exhaust' } } }],
  'poll-503': [{ on: 'get', do: { status: 503 } }],
  'job-failed': [{ on: 'create', do: { jobOutcome: 'failed', error: 'Internal error while processing' } }],
  'job-expired': [{ on: 'create', do: { jobOutcome: 'expired' } }],
  /** Broken download stream after 100 bytes (resume with Range). */
  'download-broken': [{ on: 'download', do: { reset: { afterBytes: 100 } } }],
  '503-on-download': [{ on: 'download', do: { status: 503 } }],
  /** A bit of everything on one upload: what a robust client must shrug off. */
  'rough-network': [
    { on: 'start', do: { status: 503 } },
    { on: 'chunk', nth: 1, do: { reset: { afterBytes: 300 * KiB } } },
    { on: 'status', nth: 1, do: { status: 408 } },
    { on: 'chunk', nth: 3, do: { keepLess: 256 * KiB } },
    { on: 'chunk', nth: 5, do: { status: 503, keepBytes: 256 * KiB } },
    { on: 'chunk', final: true, do: { loseFinalResponse: true } },
    { on: 'get', nth: 1, do: { status: 503 } }
  ]
} satisfies Record<string, FaultPlan>

export type FaultPresetName = keyof typeof faultPresets
