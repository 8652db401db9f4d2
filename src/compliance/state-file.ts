// The state file lets a killed or cancelled run continue the same job and upload in a new process. Until the
// server has the whole object it holds the upload URL and the session URI (credentials), so it is written
// atomically with mode 0600; after that it holds only what a rerun needs to keep waiting for the job.
import { promises as fs } from 'node:fs'
import * as path from 'node:path'
import type { JobType } from './client.js'

export const STATE_VERSION = 1

export interface UploadState {
  version: typeof STATE_VERSION
  /** upload_url and upload_expires_at only while the upload is not done */
  job: { id: string; type: JobType; upload_url?: string; upload_expires_at?: string }
  /** the resumable session, once started, and the last offset the server acknowledged */
  session?: { uri: string; acknowledged: number }
  /** the ID file as given, and the bytes uploaded (the normalized copy when one was made); content decides */
  file: { path: string; size: number; crc32c: string }
  /** the server acknowledged the whole object: a rerun only waits for the job */
  uploaded?: true
  updated_at: string
}

/** The state once the upload is done: no upload URL, no session URI. */
export function uploadedState(state: UploadState): UploadState {
  return {
    version: state.version,
    job: { id: state.job.id, type: state.job.type },
    file: { path: state.file.path, size: state.file.size, crc32c: state.file.crc32c },
    uploaded: true,
    updated_at: state.updated_at
  }
}

/** Whether the state still holds credentials (the upload URL or a session URI). */
export function holdsCredentials(state: UploadState): boolean {
  return state.job.upload_url !== undefined || state.session !== undefined
}

export class StateFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StateFileError'
  }
}

/** The state, or undefined when the file does not exist. */
export async function readState(file: string): Promise<UploadState | undefined> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new StateFileError(`state-file ${file} cannot be read: ${(err as Error).message}`)
  }
  let state: UploadState
  try {
    state = JSON.parse(text) as UploadState
  } catch {
    throw new StateFileError(`state-file ${file} is not valid JSON: delete it to start over with a new job.`)
  }
  const ok =
    state?.version === STATE_VERSION &&
    typeof state.job?.id === 'string' &&
    (state.job.type === 'tweets' || state.job.type === 'users') &&
    typeof state.file?.crc32c === 'string' &&
    typeof state.file?.size === 'number'
  if (!ok) {
    throw new StateFileError(
      `state-file ${file} is not a state file of this action (version ${STATE_VERSION}): delete it to start over.`
    )
  }
  return state
}

/** Writes atomically (temporary file + rename), readable by the owner only. */
export async function writeState(file: string, state: UploadState): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  await fs.writeFile(
    tmp,
    `${JSON.stringify({ ...state, updated_at: new Date().toISOString() }, null, 2)}\n`,
    {
      mode: 0o600
    }
  )
  await fs.chmod(tmp, 0o600) // the umask may have narrowed it; never widen, but make sure it is not wider
  await fs.rename(tmp, file)
}

export async function removeState(file: string): Promise<void> {
  await fs.rm(file, { force: true })
}

/**
 * Refuses a state file that belongs to another job or type, or whose upload bytes changed since it was written.
 * Content decides (size and CRC32C of the bytes to upload): touching the file is not a change.
 */
export function checkState(
  state: UploadState,
  file: string,
  want: { type: JobType; jobId: string; upload?: { size: number; crc32c: string } }
): void {
  if (state.job.type !== want.type) {
    throw new StateFileError(
      `state-file ${file} belongs to ${state.job.type} job ${state.job.id}, but type is ${want.type}: use another state-file, or delete it.`
    )
  }
  if (want.jobId && want.jobId !== state.job.id) {
    throw new StateFileError(
      `state-file ${file} belongs to job ${state.job.id}, but job-id is ${want.jobId}: use another state-file, or delete it.`
    )
  }
  if (want.upload && (want.upload.size !== state.file.size || want.upload.crc32c !== state.file.crc32c)) {
    throw new StateFileError(
      `ids-file changed since state-file ${file} was written for job ${state.job.id} ` +
        `(${state.file.size} bytes before, ${want.upload.size} now, or different content): ` +
        `restore the original file to continue, or delete the state file to start over with a new job.`
    )
  }
}

export function writeFailure(file: string, err: unknown): StateFileError {
  const why = err instanceof Error ? err.message : String(err)
  return new StateFileError(
    `state-file ${file} cannot be written (${why}), so an interrupted run could not continue from it: ` +
      `make its directory writable, or set state-file to another path (or '' for none).`
  )
}

/**
 * Keeps the state file current without writing it on every acknowledged chunk. Writes are chained; the first
 * failed one is kept as `failure` and reported once to `onFailure` (the caller stops the upload), so a
 * change recorded from a callback can never become an unhandled rejection.
 */
export class StateRecorder {
  private pending: Promise<void> = Promise.resolve()
  private lastWrite = 0
  private dirty = true // the initial state is not on disk yet
  failure: StateFileError | undefined
  private listener: ((e: StateFileError) => void) | undefined

  constructor(
    readonly file: string,
    private state: UploadState,
    private readonly opts: { now?: () => number; minGapMs?: number } = {}
  ) {}

  /** Called once, with the first failed write (at once if one failed already). */
  onFailure(listener: (e: StateFileError) => void): void {
    this.listener = listener
    if (this.failure) listener(this.failure)
  }

  get current(): UploadState {
    return this.state
  }

  /**
   * Records a change; written at once when it matters (a new session), else at most every minGapMs. The
   * promise never rejects: a failed write shows as `failure` and through `onFailure`.
   */
  update(change: Partial<UploadState>, urgent = false): Promise<void> {
    this.state = { ...this.state, ...change }
    this.dirty = true
    const now = (this.opts.now ?? Date.now)()
    if (urgent || now - this.lastWrite >= (this.opts.minGapMs ?? 250)) this.schedule()
    return this.pending
  }

  /** Writes what is recorded and waits for it; rejects with the first write failure, if any. */
  async flush(): Promise<void> {
    this.schedule()
    await this.pending
    if (this.failure) throw this.failure
  }

  /** The server has the whole object: keep only what a rerun needs to wait for the job. */
  async finish(): Promise<void> {
    this.state = uploadedState(this.state)
    this.dirty = true
    await this.flush()
  }

  private schedule(): void {
    if (!this.dirty || this.failure) return
    this.dirty = false
    this.lastWrite = (this.opts.now ?? Date.now)()
    const snapshot = this.state
    this.pending = this.pending.then(async () => {
      if (this.failure) return
      try {
        await writeState(this.file, snapshot)
      } catch (err) {
        this.failure = writeFailure(this.file, err)
        this.listener?.(this.failure)
      }
    })
  }
}
