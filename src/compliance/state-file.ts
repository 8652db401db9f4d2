// The state file lets a killed or cancelled run continue the same job and upload in a new process. It holds the
// upload URL and the session URI (credentials), so it is written atomically with mode 0600.
import { createCRC32 } from 'hash-wasm'
import { createReadStream, promises as fs } from 'node:fs'
import * as path from 'node:path'
import type { JobType } from './client.js'

export const STATE_VERSION = 1

export interface UploadState {
  version: typeof STATE_VERSION
  job: { id: string; type: JobType; upload_url: string; upload_expires_at: string }
  /** the resumable session, once started, and the last offset the server acknowledged */
  session?: { uri: string; acknowledged: number }
  /** the ID file as given, and the bytes uploaded (the normalized copy when one was made) */
  file: { path: string; mtimeMs: number; size: number; crc32c: string }
  updated_at: string
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

/** CRC32C (base64, big-endian, as GCS writes it) of a whole file, streamed. */
export async function fileCrc32c(file: string): Promise<string> {
  const crc = await createCRC32(0x82f63b78)
  crc.init()
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) crc.update(chunk as Buffer)
  return Buffer.from(crc.digest('binary')).toString('base64')
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

/** Keeps the state file current without writing it on every acknowledged chunk. */
export class StateRecorder {
  private pending: Promise<void> = Promise.resolve()
  private lastWrite = 0
  private dirty = true // the initial state is not on disk yet

  constructor(
    readonly file: string,
    private state: UploadState,
    private readonly now: () => number = Date.now,
    private readonly minGapMs = 250
  ) {}

  get current(): UploadState {
    return this.state
  }

  /** Records a change; written at once when it matters (a new session), else at most every minGapMs. */
  update(change: Partial<UploadState>, urgent = false): Promise<void> {
    this.state = { ...this.state, ...change }
    this.dirty = true
    if (urgent || this.now() - this.lastWrite >= this.minGapMs) return this.flush()
    return this.pending
  }

  flush(): Promise<void> {
    if (!this.dirty) return this.pending
    this.dirty = false
    this.lastWrite = this.now()
    const snapshot = this.state
    this.pending = this.pending.then(() => writeState(this.file, snapshot))
    return this.pending
  }
}
