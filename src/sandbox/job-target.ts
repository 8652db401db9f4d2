// A compliance job's upload_url as an upload target: signed headers exact (else 403, as a V4 signature
// breaks), no bearer token, the IDs scanned as they arrive, the first finalized object wins.
import type { IncomingMessage } from 'node:http'
import { UPLOAD_START_HEADERS } from '../compliance/model.js'
import type { TargetLookup, UploadTarget } from './gcs-target.js'
import { contentLength, signatureMismatch } from './gcs-wire.js'
import type { Reply } from './http.js'
import { IdScanner } from './id-scanner.js'
import { BUCKETS, type JobRecord, type JobStore } from './jobs.js'
import type { SessionOptions, UploadSession } from './session.js'

export interface JobScanOptions {
  discardObjects: boolean
  flaggedPercent: number
}

class JobTarget implements UploadTarget {
  readonly contentType = 'text/plain'

  constructor(
    private readonly jobs: JobStore,
    private readonly job: JobRecord,
    private readonly o: JobScanOptions
  ) {}

  get id(): string {
    return this.job.id
  }
  get bucket(): string {
    return BUCKETS[this.job.type]
  }
  get resumable(): boolean {
    return this.job.resumable
  }
  get signedQuery(): string {
    return this.job.uploadQuery
  }
  get expiresAt(): number {
    return this.job.uploadExpiresAt
  }
  get jobId(): string {
    return this.job.id
  }
  get finalizedAt(): number | undefined {
    return this.job.finalizedAt
  }

  authorize(): Reply | undefined {
    return undefined
  }

  checkStart(req: IncomingMessage): Reply | undefined {
    const h = req.headers
    // These headers are signed: any other value (text/plain;charset=UTF-8, a missing header) breaks the signature.
    const exact =
      this.job.resumable &&
      contentLength(req) === 0 &&
      Object.entries(UPLOAD_START_HEADERS).every(([name, value]) => h[name] === value)
    return exact ? undefined : signatureMismatch()
  }

  checkSimplePut(req: IncomingMessage): Reply | undefined {
    return this.job.resumable || req.headers['content-type'] !== 'text/plain'
      ? signatureMismatch()
      : undefined
  }

  checkFinal(): Reply | undefined {
    return undefined
  }

  sessionOptions(): SessionOptions {
    return { discard: this.o.discardObjects, scanner: new IdScanner(this.job.type, this.o.flaggedPercent) }
  }

  sessionStarted(uploadId: string): void {
    this.job.sessionsStarted++
    this.job.sessionIds.push(uploadId)
  }

  finalized(session: UploadSession, crc32c: string): void {
    const flagged = session.scanner instanceof IdScanner ? session.scanner.flagged : undefined
    this.jobs.finalizeUpload(this.job, session, crc32c, flagged)
  }

  uploadUrl(base: string): string {
    return this.jobs.uploadUrl(this.job, base)
  }
}

/** The compliance job a /gcs/{bucket}/{id} path names, as an upload target. */
export function jobTargets(jobs: JobStore, o: JobScanOptions): TargetLookup {
  return (bucket, id) => {
    const job = jobs.get(id)
    return job && BUCKETS[job.type] === bucket ? new JobTarget(jobs, job, o) : undefined
  }
}
