// What a signed upload URL is for. The one GCS session emulator serves every target: a compliance job's
// upload_url and a Redivis temp upload's url differ only in what they check and what they do once finalized.
import type { IncomingMessage } from 'node:http'
import type { Reply } from './http.js'
import type { SessionOptions, UploadSession } from './session.js'

export interface UploadTarget {
  /** The path is /gcs/{bucket}/{id}/submission. */
  readonly id: string
  readonly bucket: string
  readonly resumable: boolean
  /** The X-Goog-* query issued with the URL, checked verbatim. */
  readonly signedQuery: string
  /** ms epoch after which the URL starts and accepts nothing. */
  readonly expiresAt: number
  /** The object's contentType in its metadata. */
  readonly contentType: string
  /** The compliance job the upload is for (stats, jobOutcome faults); none for Redivis. */
  readonly jobId?: string
  /** When the first upload to this target was finalized (the object's generation). */
  readonly finalizedAt?: number
  /** A transfer request's credentials (start, simple PUT, session URI): undefined when fine, else the answer. */
  authorize(req: IncomingMessage): Reply | undefined
  /** The start POST's headers: undefined when they are right, else the answer. */
  checkStart(req: IncomingMessage): Reply | undefined
  /** A simple PUT whose body (`received` bytes) was read: undefined when right, else the answer. */
  checkSimplePut(req: IncomingMessage, received: number): Reply | undefined
  /** Just before finalizing: undefined when the object may be finalized, else the answer. */
  checkFinal(session: UploadSession): Reply | undefined
  /** How a new session keeps its bytes and what scans them. */
  sessionOptions(): SessionOptions
  sessionStarted(uploadId: string): void
  finalized(session: UploadSession, crc32c: string): void
  /** The signed URL (the start POST's; a session URI is this + '&upload_id=' + id). */
  uploadUrl(base: string): string
}

/** The target a /gcs/{bucket}/{id} path names, if any. */
export type TargetLookup = (bucket: string, id: string) => UploadTarget | undefined

export function targetKey(bucket: string, id: string): string {
  return `${bucket}/${id}`
}

/** The first lookup that knows the target. */
export function anyTarget(...lookups: TargetLookup[]): TargetLookup {
  return (bucket, id) => {
    for (const find of lookups) {
      const t = find(bucket, id)
      if (t) return t
    }
    return undefined
  }
}
