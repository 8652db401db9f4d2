// Exit codes of the x-compliance CLI. Errors are classified by name and fields, not instanceof, so this module
// stays tiny (the entry imports it) and works across the bundle's lazily loaded chunks.

export const EXIT = {
  OK: 0,
  ERROR: 1,
  INPUT: 2,
  AUTH: 3,
  JOB_ENDED: 4,
  NETWORK: 5,
  NOT_DONE: 6,
  ACTIVE_JOB: 7,
  SIGINT: 130,
  SIGTERM: 143
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** The table printed by --help and pasted into the README. */
export const EXIT_CODE_TABLE: readonly [number, string][] = [
  [EXIT.OK, 'done'],
  [EXIT.ERROR, 'any other error'],
  [
    EXIT.INPUT,
    'bad input: an option, the ID file, the token file, the state file, an apply file (nothing was sent)'
  ],
  [EXIT.AUTH, 'X or Redivis refused the token (HTTP 401 or 403)'],
  [
    EXIT.JOB_ENDED,
    'the job failed or expired at X; a Redivis upload failed (processing or transfer); X could not process the media'
  ],
  [EXIT.NETWORK, 'the network or the server kept failing: retries exhausted'],
  [
    EXIT.NOT_DONE,
    'the job is still running (wait timed out, or download of an unfinished job); media processing timed out'
  ],
  [EXIT.ACTIVE_JOB, 'another job of this type is active (see --on-active-job)'],
  [EXIT.SIGINT, 'interrupted (Ctrl+C); the job is kept: run the same command again to continue'],
  [EXIT.SIGTERM, 'terminated (SIGTERM); the job is kept as with Ctrl+C']
]

export function exitCodeHelp(): string {
  return `Exit codes:\n${EXIT_CODE_TABLE.map(([c, d]) => `  ${String(c).padStart(3)}  ${d}`).join('\n')}\n`
}

/** A command-line usage mistake found by the CLI itself (a forbidden flag, a bad value): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A job that is not finished yet where a finished one is needed (download of a running job): exit 6. */
export class JobNotDoneError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JobNotDoneError'
  }
}

const INPUT_ERRORS = new Set(['InputError', 'IdFileError', 'StateFileError', 'UsageError', 'ApplyError'])

export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? EXIT.SIGTERM : EXIT.SIGINT
}

export function exitCodeFor(err: unknown): number {
  if (typeof err !== 'object' || err === null) return EXIT.ERROR
  const e = err as { name?: string; code?: unknown; status?: unknown; message?: string }
  const name = e.name ?? ''
  if (typeof e.code === 'string' && e.code.startsWith('commander.')) return EXIT.INPUT
  if (INPUT_ERRORS.has(name)) return EXIT.INPUT
  if (name === 'ActiveJobError') return EXIT.ACTIVE_JOB
  if (
    (name === 'XApiError' ||
      name === 'UploadError' ||
      name === 'RedivisApiError' ||
      name === 'MediaApiError') &&
    (e.status === 401 || e.status === 403)
  )
    return EXIT.AUTH
  // Every file refused for the token, or every one out of retries: the run's cause is that one.
  const causes = (err as { causes?: unknown }).causes
  if (name === 'UploadsFailedError' && Array.isArray(causes) && causes.length > 0) {
    const codes = new Set(causes.map(exitCodeFor))
    const [only] = codes
    if (codes.size === 1 && (only === EXIT.AUTH || only === EXIT.NETWORK)) return only
  }
  if (name === 'JobEndedError' || name === 'UploadsFailedError' || name === 'ProcessingFailedError')
    return EXIT.JOB_ENDED
  if (name === 'WaitTimeoutError' || name === 'JobNotDoneError' || name === 'ProcessingTimeoutError')
    return EXIT.NOT_DONE
  if (isNetworkFailure(err)) return EXIT.NETWORK
  return EXIT.ERROR
}

/** Retries exhausted anywhere in the cause chain (X API and download errors carry it as their cause). */
function isNetworkFailure(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 8; depth++) {
    const x = e as { name?: string; message?: string; status?: unknown; code?: unknown; cause?: unknown }
    if (x.name === 'RetriesExhaustedError') return true
    if (x.name === 'NetworkError' && x.code !== 'ABORTED') return true
    e = x.cause
  }
  return false
}
