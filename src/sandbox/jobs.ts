// Compliance jobs: creation, signed URLs, and a status derived from the clock (no timers to leak).
import { constants } from 'node:buffer'
import { randomInt } from 'node:crypto'
import { UPLOAD_START_HEADERS } from '../compliance/model.js'
import type { FlaggedIds } from './flagged-ids.js'
import { resultsSource } from './results-source.js'
import { isoSeconds as iso, signedQuery } from './signed-url.js'
import type { UploadSession } from './session.js'
import type { JobStatus, JobType, SandboxJob, XJob } from './types.js'

const DOWNLOAD_WINDOW_MS = 7 * 86_400_000
export const BUCKETS: Record<JobType, string> = {
  tweets: 'twttr-tweet-compliance',
  users: 'twttr-user-compliance'
}
const UPLOAD_SIGNED_HEADERS = [...Object.keys(UPLOAD_START_HEADERS), 'host'].sort().join(';')
const SIMPLE_SIGNED_HEADERS = 'content-type;host'

export interface Outcome {
  status: 'complete' | 'failed' | 'expired'
  error?: string
}

export interface JobRecord {
  id: string
  type: JobType
  name?: string
  resumable: boolean
  createdAt: number
  uploadExpiresAt: number
  downloadExpiresAt: number
  /** The signed query strings (X-Goog-*), checked verbatim. */
  uploadQuery: string
  downloadQuery: string
  finalizedAt?: number
  cancelledAt?: number
  outcome?: Outcome
  object?: Buffer
  objectSize?: number
  objectCrc32c?: string
  /** The flagged IDs of the finalized upload, from which the results file is made as it is sent. */
  results?: FlaggedIds
  sessionsStarted: number
  /** upload_id of every session started (test leak scans need the session URIs). */
  sessionIds: string[]
}

export class JobStore {
  private byId = new Map<string, JobRecord>()

  constructor(
    private readonly clock: () => number,
    private readonly processingMs: number,
    private readonly uploadWindowMs: number
  ) {}

  get(id: string): JobRecord | undefined {
    return this.byId.get(id)
  }

  all(): JobRecord[] {
    return [...this.byId.values()]
  }

  status(job: JobRecord, now = this.clock()): JobStatus {
    if (job.cancelledAt !== undefined) return 'failed'
    if (job.finalizedAt !== undefined && job.finalizedAt <= job.uploadExpiresAt) {
      if (now < job.finalizedAt + this.processingMs) return 'in_progress'
      return job.outcome?.status ?? 'complete'
    }
    // Nothing finalized inside the upload window (a late finalize does not revive the job).
    return now >= job.uploadExpiresAt ? 'expired' : 'created'
  }

  active(type: JobType): JobRecord | undefined {
    return this.all().find(j => j.type === type && ['created', 'in_progress'].includes(this.status(j)))
  }

  create(type: JobType, name: string | undefined, resumable: boolean): JobRecord {
    const now = this.clock()
    let id: string
    do id = `1${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`
    while (this.byId.has(id))
    const job: JobRecord = {
      id,
      type,
      name,
      resumable,
      createdAt: now,
      uploadExpiresAt: now + this.uploadWindowMs,
      downloadExpiresAt: now + DOWNLOAD_WINDOW_MS,
      uploadQuery: signedQuery(
        now,
        Math.max(1, Math.ceil(this.uploadWindowMs / 1000)),
        resumable ? UPLOAD_SIGNED_HEADERS : SIMPLE_SIGNED_HEADERS
      ),
      downloadQuery: signedQuery(now, DOWNLOAD_WINDOW_MS / 1000, 'host'),
      sessionsStarted: 0,
      sessionIds: []
    }
    this.byId.set(id, job)
    return job
  }

  cancel(job: JobRecord): void {
    job.cancelledAt = this.clock()
  }

  /** First finalized upload wins: later sessions of the same job may finish but change nothing. */
  finalizeUpload(
    job: JobRecord,
    session: UploadSession,
    crc32c: string,
    results: FlaggedIds | undefined
  ): void {
    if (job.finalizedAt !== undefined) return
    job.finalizedAt = this.clock()
    job.object = session.object
    job.objectSize = session.persisted
    job.objectCrc32c = crc32c
    job.results = results
  }

  /** The flagged IDs behind the results file, once the job is complete. */
  results(job: JobRecord): FlaggedIds | undefined {
    if (this.status(job) !== 'complete') return undefined
    return job.results
  }

  uploadUrl(job: JobRecord, base: string): string {
    return `${base}/gcs/${BUCKETS[job.type]}/${job.id}/submission?${job.uploadQuery}`
  }

  downloadUrl(job: JobRecord, base: string): string {
    return `${base}/gcs/${BUCKETS[job.type]}/${job.id}/delivery?${job.downloadQuery}`
  }

  /** X's job object. */
  toX(job: JobRecord, base: string): XJob {
    const status = this.status(job)
    const x: XJob = {
      id: job.id,
      type: job.type,
      ...(job.name !== undefined ? { name: job.name } : {}),
      status,
      resumable: job.resumable,
      created_at: iso(job.createdAt),
      upload_url: this.uploadUrl(job, base),
      upload_expires_at: iso(job.uploadExpiresAt),
      download_url: this.downloadUrl(job, base),
      download_expires_at: iso(job.downloadExpiresAt)
    }
    if (status === 'failed' && job.cancelledAt === undefined && job.outcome?.error)
      x.error = job.outcome.error
    return x
  }

  snapshot(job: JobRecord, base: string): SandboxJob {
    const flagged = this.results(job)
    const view: SandboxJob = {
      ...this.toX(job, base),
      object: job.object,
      objectSize: job.objectSize,
      objectCrc32c: job.objectCrc32c,
      finalizedAt: job.finalizedAt,
      resultsCount: flagged?.count,
      sessionsStarted: job.sessionsStarted,
      sessionIds: [...job.sessionIds],
      cancelled: job.cancelledAt !== undefined
    }
    // The text is made only when read: a view of a 10-million-line job must not cost a gigabyte.
    let text: string | undefined
    Object.defineProperty(view, 'results', {
      enumerable: true,
      get: () => (flagged === undefined ? undefined : (text ??= resultsText(flagged, job.type)))
    })
    return view
  }
}

/** The whole results file as one string (the job view's `results`, for jobs small enough). */
function resultsText(flagged: FlaggedIds, type: JobType): string {
  if (flagged.bytes > constants.MAX_STRING_LENGTH)
    throw new RangeError(
      `The results of this job (${flagged.bytes} bytes) do not fit in one string: use resultsCount and download_url.`
    )
  const parts: Buffer[] = []
  const it = resultsSource(flagged, type).chunks(0, flagged.bytes)
  for (let r = it.next(); !r.done; r = it.next()) parts.push(r.value)
  return Buffer.concat(parts).toString('latin1')
}
