// Declarative fault plan: each rule picks requests of a kind and makes one real fault happen on the wire.
import type { RequestKind } from './types.js'

export type Fault =
  /** Answer this status. Upload data: keep `keepBytes` (default 0) of the new bytes first.
   *  X and Redivis API: with `commit`, the operation happens, then the error is answered. */
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
  /** Upload data: persist every byte of a finalizing request but do not finalize; answer 308 with the
   *  whole Range (GCS commits bytes first and finalizes second). */
  | { holdFinal: true }
  /** Upload data (non-final) or status query: the 308 Range claims this many bytes more than are kept. */
  | { overReport: number }
  /** Upload data (non-final) or status query: commit lag, the 308 Range shows this many bytes fewer than
   *  are kept (a later answer shows them). */
  | { lagBy: number }
  /** Upload data: the first new byte of this request is stored flipped, so the object no longer matches
   *  the client's CRC32C and its finalizing request gets 400. */
  | { corrupt: true }
  /** Reset this connection and stop listening for `ms`: new connections are refused (ECONNREFUSED). */
  | { refuse: { ms: number } }
  /** Upload data or status query: lose everything persisted; answer 308 without Range. */
  | { dropAll: true }
  /** The session stops existing: this request gets the code, later ones 404 (499) or the same code. */
  | { sessionGone: 404 | 410 | 499 }
  /** X API: the family's window is spent until now + resetInSeconds (Redivis: its one window). '429'
   *  (default) answers 429 at once; 'exhaust' answers normally with remaining 0, so only a client that
   *  ignores it gets a 429. */
  | { rateLimit: { resetInSeconds: number; mode?: '429' | 'exhaust' } }
  /** X media and posts: the family's 24-hour user window is spent until now + resetInSeconds: 429 with
   *  x-user-limit-24hour-remaining 0 (the 15-minute headers as they are). */
  | { rateLimit24h: { resetInSeconds: number } }
  /** Do the work, send headers with the full Content-Length, half the body, then close.
   *  'empty' instead answers the status with an empty body (Content-Length: 0). */
  | { truncateFinalResponse: true | 'empty' }
  /** Do the work (commit), then reset the connection instead of answering. */
  | { loseFinalResponse: true }
  /** The job this request concerns ends this way when processing finishes (no effect on the wire now). */
  | { jobOutcome: 'complete' | 'failed' | 'expired'; error?: string }
  /** Redivis uploadCreate: the upload is created as asked but fails processing with this errorMessage. */
  | { uploadOutcome: 'failed'; errorMessage: string }
  /** X mediaInit or mediaFinalize: processing of this media ends failed with this error (default code 1,
   *  InvalidMedia, "Unsupported video format"). */
  | { mediaOutcome: 'failed'; error?: { code: number; name: string; message: string } }

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
const ALL = 2 ** 40

/**
 * One plan per fault scenario F1-F25 of the reference table that a server can produce (F23, a long upload
 * against a total timeout, and F24, a file changing under the client, are the client's own business).
 * Chunk numbers count data PUTs across sessions; `minChunks` in fPresetList says how many chunks an
 * upload needs for the rule to fire.
 */
const fPlans = {
  'F1-503-after-partial': [{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }],
  'F2-503-nothing-kept': [{ on: 'chunk', do: { status: 503 } }],
  'F3-reset-mid-body': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
  'F3-reset-before-body': [{ on: 'chunk', nth: 2, do: { reset: {} } }],
  'F4-start-fails': [
    { on: 'start', do: { status: 503 } },
    { on: 'start', nth: 2, do: { reset: {} } }
  ],
  'F5-408-on-chunk': [{ on: 'chunk', do: { status: 408 } }],
  'F6-429-on-chunk': [{ on: 'chunk', do: { status: 429 } }],
  'F7-keeps-less-middle': [{ on: 'chunk', final: false, do: { keepLess: 128 * KiB } }],
  'F7-keeps-less-final': [{ on: 'chunk', final: true, do: { keepLess: 1 } }],
  'F8-308-no-range': [{ on: 'chunk', nth: 2, do: { dropAll: true } }],
  'F9-final-response-lost': [{ on: 'chunk', final: true, do: { loseFinalResponse: true } }],
  'F10-final-response-truncated': [{ on: 'chunk', final: true, do: { truncateFinalResponse: true } }],
  'F10-final-response-empty': [{ on: 'chunk', final: true, do: { truncateFinalResponse: 'empty' } }],
  'F11-stall-mid-body': [{ on: 'chunk', do: { stall: { afterBytes: 128 * KiB } } }],
  'F11-stall-before-answer': [{ on: 'chunk', do: { stall: {} } }],
  'F12-persisted-not-finalized': [{ on: 'chunk', final: true, do: { holdFinal: true } }],
  'F13-status-query-fails': [
    { on: 'chunk', do: { status: 503 } },
    { on: 'status', do: { status: 503 } },
    { on: 'status', nth: 2, do: { reset: {} } }
  ],
  'F14-session-404': [{ on: 'chunk', nth: 2, do: { sessionGone: 404 } }],
  'F14-session-cancelled-499': [{ on: 'chunk', nth: 2, do: { sessionGone: 499 } }],
  'F15-session-410': [{ on: 'chunk', nth: 2, do: { sessionGone: 410 } }],
  'F16-offset-beyond-sent': [{ on: 'chunk', final: false, do: { overReport: 256 * KiB } }],
  // All of chunk 2 is kept but answered 503; the status query lags 512 KiB behind; the resend is reset
  // before its body, so the next status query shows the offset grown to the truth.
  'F17-commit-lag': [
    { on: 'chunk', nth: 2, do: { status: 503, keepBytes: ALL } },
    { on: 'status', nth: 1, do: { lagBy: 512 * KiB } },
    { on: 'chunk', nth: 3, do: { reset: {} } }
  ],
  'F18-hash-mismatch': [{ on: 'chunk', times: Infinity, do: { corrupt: true } }],
  'F18-hash-mismatch-once': [{ on: 'chunk', do: { corrupt: true } }],
  'F19-412-precondition': [{ on: 'chunk', final: true, do: { status: 412 } }],
  'F20-403-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 403 } }],
  'F20-401-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 401 } }],
  'F20-400-on-chunk': [{ on: 'chunk', nth: 2, do: { status: 400 } }],
  'F21-connection-refused': [{ on: 'chunk', nth: 2, do: { refuse: { ms: 300 } } }],
  'F22-many-spread-faults': [
    { on: 'chunk', nth: 1, do: { status: 503, keepBytes: 128 * KiB } },
    { on: 'chunk', nth: 3, do: { reset: { afterBytes: 100 * KiB } } },
    { on: 'status', nth: 2, do: { status: 503 } },
    { on: 'chunk', nth: 5, do: { status: 408 } },
    { on: 'chunk', nth: 7, do: { status: 503, keepBytes: 128 * KiB } }
  ],
  'F25-overlapping-resend': [{ on: 'chunk', final: false, do: { lagBy: 128 * KiB } }]
} satisfies Record<string, FaultPlan>

/** Named plans for tests, the demo and the bench. */
export const faultPresets = {
  ...fPlans,
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
  /** Redivis: the upload is created but the client never hears of it (it must look it up by name). */
  'redivis-upload-create-lost': [{ on: 'uploadCreate', do: { loseFinalResponse: true } }],
  'redivis-upload-create-503-committed': [{ on: 'uploadCreate', do: { status: 503, commit: true } }],
  /** Redivis: the window is spent at the upload creation: 429 with Retry-After 2. */
  'redivis-429-on-upload-create': [{ on: 'uploadCreate', do: { rateLimit: { resetInSeconds: 2 } } }],
  'redivis-429-on-temp-uploads': [{ on: 'tempUploads', do: { rateLimit: { resetInSeconds: 2 } } }],
  'redivis-poll-rate-limited': [{ on: 'uploadGet', do: { rateLimit: { resetInSeconds: 2 } } }],
  'redivis-processing-failed': [
    {
      on: 'uploadCreate',
      do: { uploadOutcome: 'failed', errorMessage: 'Processing failed (injected by the sandbox).' }
    }
  ],
  /** Redivis transfers share the GCS session emulator, so the GCS faults apply to them as they are. */
  'redivis-reset-mid-chunk': [{ on: 'chunk', do: { reset: { afterBytes: 300 * KiB } } }],
  'redivis-503-on-simple-put': [{ on: 'simplePut', do: { status: 503 } }],
  /** X media: a reset while the first append's body arrives (nothing of it is kept: resend the index). */
  'media-reset-mid-append': [{ on: 'mediaAppend', do: { reset: { afterBytes: 100 * KiB } } }],
  /** X media: the third append is answered 503 and not kept. */
  'media-503-on-append-3': [{ on: 'mediaAppend', nth: 3, do: { status: 503 } }],
  /** X media: the first append is kept, then the connection is reset instead of answering. */
  'media-append-lost-answer': [{ on: 'mediaAppend', do: { loseFinalResponse: true } }],
  /** X media: finalize finds the upload window spent: 429, x-rate-limit-reset 2 s away, nothing finalized. */
  'media-429-on-finalize': [{ on: 'mediaFinalize', do: { rateLimit: { resetInSeconds: 2 } } }],
  /** X media: processing ends failed with InvalidMedia. */
  'media-processing-failed': [{ on: 'mediaFinalize', do: { mediaOutcome: 'failed' } }],
  /** X media: the 24-hour user limit is spent at initialize, resetting in 3 hours (fail at once). */
  'media-24h-limit': [{ on: 'mediaInit', do: { rateLimit24h: { resetInSeconds: 3 * 3600 } } }],
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

/** The fault scenarios of the reference table a server can produce. */
export type ServerFaultId =
  | 'F1'
  | 'F2'
  | 'F3'
  | 'F4'
  | 'F5'
  | 'F6'
  | 'F7'
  | 'F8'
  | 'F9'
  | 'F10'
  | 'F11'
  | 'F12'
  | 'F13'
  | 'F14'
  | 'F15'
  | 'F16'
  | 'F17'
  | 'F18'
  | 'F19'
  | 'F20'
  | 'F21'
  | 'F22'
  | 'F25'

export interface FPreset {
  id: ServerFaultId
  name: keyof typeof fPlans
  plan: FaultPlan
  /** A conforming client ends with the object identical to the file. Otherwise it must fail, saying why. */
  survivable: boolean
  /** What the client must do. */
  expect: string
  /** Data chunks the upload needs for the fault to fire (e.g. a rule on the 2nd or a non-final chunk). */
  minChunks: number
}

function preset(
  id: ServerFaultId,
  name: keyof typeof fPlans,
  survivable: boolean,
  minChunks: number,
  expect: string
): FPreset {
  return { id, name, plan: fPlans[name], survivable, minChunks, expect }
}

/** Every F-preset, variants included, for tests that iterate over them. */
export const fPresetList: readonly FPreset[] = [
  preset(
    'F1',
    'F1-503-after-partial',
    true,
    1,
    'back off, ask the server, resume from its Range + 1 (re-read)'
  ),
  preset('F2', 'F2-503-nothing-kept', true, 1, 'back off, ask the server (308 without Range), resend'),
  preset('F3', 'F3-reset-mid-body', true, 1, 'ECONNRESET is retryable: ask the server, resume'),
  preset('F3', 'F3-reset-before-body', true, 2, 'ECONNRESET is retryable: ask the server, resume'),
  preset('F4', 'F4-start-fails', true, 0, 'retry the start POST (503, then a reset)'),
  preset('F5', 'F5-408-on-chunk', true, 1, '408 is retryable: ask the server, resume'),
  preset('F6', 'F6-429-on-chunk', true, 1, '429 is retryable (Retry-After honoured when sent)'),
  preset('F7', 'F7-keeps-less-middle', true, 2, 'resend from Range + 1 in the same session'),
  preset('F7', 'F7-keeps-less-final', true, 1, 'the final chunk was partly kept: resend its tail'),
  preset(
    'F8',
    'F8-308-no-range',
    true,
    2,
    '308 without Range = nothing kept: resend from byte 0, same session'
  ),
  preset('F9', 'F9-final-response-lost', true, 1, 'ask the server: 200 = done (never resend, never delete)'),
  preset('F10', 'F10-final-response-truncated', true, 1, 'ask the server: 200 = done'),
  preset('F10', 'F10-final-response-empty', true, 1, 'a 200 with an empty body is done'),
  preset(
    'F11',
    'F11-stall-mid-body',
    true,
    1,
    'the stall watchdog aborts (the stall never ends: keep the timeout short in tests); ask, resume'
  ),
  preset(
    'F11',
    'F11-stall-before-answer',
    true,
    1,
    'the watchdog aborts the wait for an answer; ask, resume'
  ),
  preset('F12', 'F12-persisted-not-finalized', true, 1, 'send the empty finalizing PUT bytes */total'),
  preset(
    'F13',
    'F13-status-query-fails',
    true,
    1,
    'retry the status query (503, then a reset) in one budget'
  ),
  preset('F14', 'F14-session-404', true, 2, 'session gone: beforeNewSession, new session from byte 0'),
  preset('F14', 'F14-session-cancelled-499', true, 2, 'session cancelled: new session from byte 0'),
  preset('F15', 'F15-session-410', true, 2, 'session gone: new session from byte 0'),
  preset('F16', 'F16-offset-beyond-sent', false, 2, 'fail: "server has more bytes than were sent"'),
  preset('F17', 'F17-commit-lag', true, 3, 'follow the server even when it reports less; resend (overlap)'),
  preset('F18', 'F18-hash-mismatch', false, 1, 'fail after one restart: the CRC32C check failed twice'),
  preset('F18', 'F18-hash-mismatch-once', true, 1, 'file unchanged: restart once in a new session'),
  preset('F19', 'F19-412-precondition', false, 1, 'fail at once quoting the server (PreconditionFailed)'),
  preset('F20', 'F20-403-on-chunk', false, 2, 'fail at once quoting the server (AccessDenied)'),
  preset('F20', 'F20-401-on-chunk', false, 2, 'fail at once quoting the server'),
  preset('F20', 'F20-400-on-chunk', false, 2, 'fail at once quoting the server (InvalidArgument)'),
  preset('F21', 'F21-connection-refused', true, 2, 'ECONNRESET then ECONNREFUSED are retryable: retry'),
  preset('F22', 'F22-many-spread-faults', true, 6, 'succeed: the retry budget resets on progress'),
  preset('F25', 'F25-overlapping-resend', true, 2, 'resend from the (low) Range: the server ignores overlap')
]

/** The first (main) preset of each scenario. */
export const fPresets = Object.fromEntries([...fPresetList].reverse().map(p => [p.id, p])) as Record<
  ServerFaultId,
  FPreset
>
