// Public types of the sandbox (a local emulator of X's batch compliance API, X's chunked media upload, the
// Redivis REST API and GCS XML resumable uploads).
import type { FaultPlan } from './faults.js'
import type { MediaCategory, MediaType } from '../media/model.js'
import type { OAuth1Credentials } from './oauth1-verify.js'
import type { UploadStatus } from '../redivis/model.js'

import type { JobType } from '../compliance/model.js'

export type { JobType } from '../compliance/model.js'
export type JobStatus = 'created' | 'in_progress' | 'complete' | 'failed' | 'expired'

/** What a request was, as the fault plan and the stats see it. */
export type RequestKind =
  | 'create' // POST /2/compliance/jobs
  | 'get' // GET /2/compliance/jobs/:id
  | 'list' // GET /2/compliance/jobs?type=
  | 'cancel' // DELETE /2/compliance/jobs/:id
  | 'start' // POST upload_url (x-goog-resumable: start)
  | 'chunk' // PUT session URI with data (Content-Range a-b/T, a-b/*, a-*/T, a-*/*)
  | 'status' // PUT session URI, empty, Content-Range */T or */*
  | 'sessionDelete' // DELETE session URI
  | 'simplePut' // PUT upload_url of a non-resumable job
  | 'download' // GET/HEAD download_url
  | 'redivisDataset' // GET /api/v1/datasets/:ref
  | 'redivisVersion' // POST /api/v1/datasets/:ref/versions
  | 'redivisTable' // GET/PATCH /api/v1/tables/:ref
  | 'tempUploads' // POST /api/v1/tables/:ref/tempUploads
  | 'uploadCreate' // POST /api/v1/tables/:ref/uploads
  | 'uploadGet' // GET /api/v1/tables/:ref/uploads/:name, and the list GET .../uploads
  | 'uploadHead' // HEAD /api/v1/tables/:ref/uploads/:name
  | 'uploadDelete' // DELETE /api/v1/tables/:ref/uploads/:name
  | 'rawFiles' // POST /api/v1/tables/:ref/rawFiles
  | 'rawFileList' // GET /api/v1/tables/:ref/rawFiles
  | 'mediaInit' // POST /2/media/upload/initialize
  | 'mediaAppend' // POST /2/media/upload/:id/append
  | 'mediaFinalize' // POST /2/media/upload/:id/finalize
  | 'mediaStatus' // GET /2/media/upload?command=STATUS&media_id=
  | 'mediaMetadata' // POST /2/media/metadata
  | 'post' // POST /2/tweets
  | 'other' // anything else (answered 404)

export interface SandboxOptions {
  /** Default 0 (ephemeral); the host is always 127.0.0.1. */
  port?: number
  /**
   * The hostname the sandbox's URLs name (apiBaseUrl, upload_url, Location, download_url) instead of
   * 127.0.0.1, for clients that reach it through something mapping that name (a test proxy). It still
   * listens on 127.0.0.1 only.
   */
  publicHost?: string
  /** The port its URLs name instead of the one it listens on (a relay in front of it: the bench's 20 ms link). */
  publicPort?: number
  /** Serve https with this PEM certificate and key (URLs then start with https://). */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** If set, only this bearer token is accepted (else any non-empty one). */
  token?: string
  /** in_progress -> complete delay after the upload is finalized (default 1000). */
  processingMs?: number
  /** upload_url validity after creation (default 15 min). */
  uploadWindowMs?: number
  /** Per endpoint family (create, get, list, cancel); default 150 per 15 min. */
  rateLimit?: { limit: number; windowMs: number }
  faults?: FaultPlan
  /** ms epoch, default Date.now. Drives job times, expiry and rate-limit windows (not stall timers). */
  clock?: () => number
  /** One line per request: method, path without query, status. */
  log?: (line: string) => void
  /**
   * Hash and count uploaded bytes but keep none (benchmarks). Results are still found as the bytes
   * arrive (8 bytes per flagged ID), so jobs complete with the same results as with the object kept.
   */
  discardObjects?: boolean
  /** Share of valid IDs flagged (in the results), in percent: an integer from 0 to 100; default 30. */
  flaggedPercent?: number
  /** The Redivis API under /api/v1 (always served; these change its defaults). */
  redivis?: RedivisOptions
  /** X's media upload under /2/media and POST /2/tweets (always served; these change its defaults). */
  media?: MediaOptions
}

export type { OAuth1Credentials } from './oauth1-verify.js'

export interface MediaOptions {
  /** If set, the only OAuth 2.0 user token accepted (else any non-empty one that is not app-only). */
  userToken?: string
  /** The OAuth 1.0a credentials signatures are checked against (default SANDBOX_OAUTH1). */
  oauth1?: OAuth1Credentials
  /** pending -> in_progress after half of it, -> succeeded or failed after all of it (default 1500). */
  processingMs?: number
  /** The check_after_secs finalize and STATUS answer while processing runs (default 1). */
  checkAfterSecs?: number
  /** The 15-minute windows per family (upload, status, metadata, tweets); default 10000 per 15 min. */
  rateLimit?: { limit: number; windowMs: number }
}

export type MediaProcessingState = 'pending' | 'in_progress' | 'succeeded' | 'failed'

export interface MediaView {
  id: string
  mediaKey: string
  type: MediaType
  category: MediaCategory
  totalBytes: number
  /** How the initialize request authenticated. */
  auth: 'oauth1' | 'oauth2'
  /** The kept segments, in index order. */
  segments: Array<{ index: number; size: number }>
  /** segment_index of every append in arrival order (as its segment_index part was read), resends included. */
  appendOrder: number[]
  /** Most appends of this media in flight at once (counted from arrival to the end of the exchange). */
  maxConcurrentAppends: number
  finalized: boolean
  /** Only for processed (GIF and video) media once finalized. */
  state?: MediaProcessingState
  altText?: string
  /** Every STATUS request: arrival, the earliest time the previous answer allowed, and whether it came sooner. */
  statusPolls: Array<{ at: number; earliest: number; early: boolean }>
}

export interface MediaPostView {
  id: string
  text: string
  mediaIds: string[]
  auth: 'oauth1' | 'oauth2'
}

export interface RedivisOptions {
  /** If set, only this bearer token (and readOnlyToken) is accepted; else any non-empty one. */
  token?: string
  /** A token without the data.edit scope: reads answer, writes get 403 insufficient_scope. */
  readOnlyToken?: string
  /** queued -> running after half of it, -> completed or failed after all of it (default 300). */
  processingMs?: number
  /** One window for all /api/v1 requests; default 100 per 100 s. */
  rateLimit?: { limit: number; windowMs: number }
  /** Temp upload url validity (default 24 h). */
  tempUploadWindowMs?: number
}

export type { UploadStatus as RedivisUploadStatus } from '../redivis/model.js'

export interface RedivisUploadView {
  name: string
  status: UploadStatus
  numRows: number | null
  errorMessage: string | null
  size: number
  type: string
  /** The parsing options as given. */
  options: Record<string, unknown>
  tempUploadId: string
}

export interface RedivisRawFileView {
  name: string
  size: number
  /** base64 MD5 of the file. */
  md5Hash: string
}

export interface RedivisTableView {
  name: string
  refId: string
  /** The tag of the version the table belongs to (v1.0, v1.1). */
  version: string
  isFileIndex: boolean
  uploadMergeStrategy: 'append' | 'replace'
  uploads: RedivisUploadView[]
  rawFiles: RedivisRawFileView[]
}

export interface RedivisDatasetView {
  /** owner.name */
  ref: string
  refId: string
  /** Tags, e.g. v1.0 and v1.1; null when there is none. */
  currentVersion: string | null
  nextVersion: string | null
  /** The tables of every version, oldest version first. */
  tables: RedivisTableView[]
}

export interface RedivisTempUploadView {
  id: string
  name: string
  size: number
  resumable: boolean
  /** Its object was finalized. */
  complete: boolean
  sessionsStarted: number
  /** upload_id of every session started; the session URI is url + '&upload_id=' + id. */
  sessionIds: string[]
  url: string
}

export interface RedivisView {
  datasets: RedivisDatasetView[]
  tempUploads: RedivisTempUploadView[]
}

/** X's job object, with X's field names. */
export interface XJob {
  id: string
  type: JobType
  name?: string
  status: JobStatus
  resumable: boolean
  created_at: string
  upload_url: string
  upload_expires_at: string
  download_url: string
  download_expires_at: string
  /** Only on failed jobs with a reason (undocumented X field). */
  error?: string
}

export interface SandboxJob extends XJob {
  /** The finalized object (absent before finalization or with discardObjects). */
  object?: Buffer
  /** Size and CRC32C (base64, big-endian, as GCS reports it) of the finalized object. */
  objectSize?: number
  objectCrc32c?: string
  /** ms epoch at which the upload was finalized. */
  finalizedAt?: number
  /**
   * Result JSON lines ('' when nothing needs action); only once the job is complete. Made when read
   * (a getter), and a RangeError for a results file too large for one string (about 500 MB, some
   * 4 million lines): read such a job through download_url and resultsCount.
   */
  readonly results?: string
  /** Lines in the results file (flagged IDs); only once the job is complete. */
  resultsCount?: number
  /** Resumable sessions started for this job. */
  sessionsStarted: number
  /** upload_id of every session started; the session URI is upload_url + '&upload_id=' + id. */
  sessionIds: string[]
  cancelled: boolean
}

export interface RequestRecord {
  seq: number
  kind: RequestKind
  method: string
  /** Path without query (never a signature or session id). */
  path: string
  /** HTTP status sent; 0 when no complete answer was sent (reset, stalled, client gone). */
  status: number
  outcome: 'pending' | 'answered' | 'reset' | 'truncated' | 'aborted' | 'unanswered'
  jobId?: string
  contentRange?: string
  /** Range header of a 308 answer. */
  range?: string
  /** Request body bytes read. */
  bytesReceived: number
  /** Whether the request carried an Authorization header (its value is never kept). */
  authorization: boolean
  /** The header's scheme: OAuth 1.0a, a bearer token (app-only when it begins with 20 `A`s), or none. */
  auth: 'oauth1' | 'oauth2' | 'app-only' | 'none'
  /** The injected fault's type name, if one fired. */
  fault?: string
  startedAt: number
  endedAt?: number
}

export interface SandboxStats {
  requests: RequestRecord[]
  bytesReceived: number
  faultsInjected: number
}

export interface Sandbox {
  /** http://127.0.0.1:PORT (https with `tls`; publicHost instead of 127.0.0.1 when given) */
  readonly apiBaseUrl: string
  readonly port: number
  setFaults(plan: FaultPlan): void
  job(id: string): SandboxJob | undefined
  jobs(): SandboxJob[]
  stats(): SandboxStats
  /** The Redivis side's state, for assertions. */
  redivis(): RedivisView
  /** The finalized object of a Redivis temp upload (undefined before, or with discardObjects). */
  redivisObject(tempUploadId: string): Buffer | undefined
  /** The X media side's state, for assertions. */
  media(): MediaView[]
  /** The segments of a media joined in index order (undefined if unknown, or with discardObjects). */
  mediaObject(id: string): Buffer | undefined
  /** Posts made through POST /2/tweets. */
  posts(): MediaPostView[]
  /** Closes the server and destroys open sockets (stalled requests included). */
  close(): Promise<void>
}
