// GCS signed-URL endpoints: the resumable start POST, a non-resumable simple PUT, the results download.
import { randomBytes } from 'node:crypto'
import { consumeBody, xmlError, type Ctx, type Reply } from './http.js'
import { BUCKETS, type JobRecord } from './jobs.js'
import {
  contentLength,
  expired,
  finalize,
  hashMismatch,
  parseByteRange,
  sessionOptions,
  signatureMismatch,
  type GcsDeps,
  type GcsPath
} from './gcs-wire.js'
import { UploadSession } from './session.js'
import { sliceSource } from './body.js'
import { resultsSource } from './results-source.js'
import { UPLOAD_START_HEADERS } from '../compliance/model.js'

/** The job behind a signed URL, if the URL carries exactly the X-Goog-* parameters X issued. */
function signedJob(
  ctx: Ctx,
  deps: GcsDeps,
  path: GcsPath,
  which: 'upload' | 'download'
): JobRecord | undefined {
  const job = deps.jobs.get(path.jobId)
  if (!job || BUCKETS[job.type] !== path.bucket) return undefined
  const issued = new URLSearchParams(which === 'upload' ? job.uploadQuery : job.downloadQuery)
  for (const [k, v] of issued) if (ctx.url.searchParams.get(k) !== v) return undefined
  return job
}

export async function handleStart(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  if (!(await consumeBody(ctx))) return undefined
  const job = signedJob(ctx, deps, path, 'upload')
  if (!job) return signatureMismatch()
  ctx.jobId = job.id
  if (deps.clock() > job.uploadExpiresAt) return expired(job.uploadExpiresAt)
  const h = ctx.req.headers
  // These headers are signed: any other value (text/plain;charset=UTF-8, a missing header) breaks the signature.
  const exact =
    job.resumable &&
    contentLength(ctx.req) === 0 &&
    Object.entries(UPLOAD_START_HEADERS).every(([name, value]) => h[name] === value)
  if (!exact) return signatureMismatch()
  const uploadId = `ADPycd${randomBytes(48).toString('base64url')}`
  deps.sessions.set(
    uploadId,
    await UploadSession.create(uploadId, job.id, deps.clock(), sessionOptions(deps, job))
  )
  job.sessionsStarted++
  job.sessionIds.push(uploadId)
  return {
    status: 201,
    headers: { location: `${deps.jobs.uploadUrl(job, ctx.base)}&upload_id=${uploadId}` }
  }
}

/** PUT to a non-resumable job's upload_url: the whole object in one request. */
export async function handleSimplePut(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  const job = signedJob(ctx, deps, path, 'upload')
  const session = job
    ? await UploadSession.create('', job.id, deps.clock(), sessionOptions(deps, job))
    : undefined
  if (!(await consumeBody(ctx, buf => session?.commit(buf)))) return undefined
  if (!job || !session || job.resumable || ctx.req.headers['content-type'] !== 'text/plain')
    return signatureMismatch()
  ctx.jobId = job.id
  if (deps.clock() > job.uploadExpiresAt) return expired(job.uploadExpiresAt)
  const done = finalize(ctx, deps, session, job)
  if (done === 'mismatch') return hashMismatch(ctx, session)
  return { ...done, body: '' }
}

export async function handleDownload(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  if (!(await consumeBody(ctx))) return undefined
  const job = signedJob(ctx, deps, path, 'download')
  if (!job) return signatureMismatch()
  ctx.jobId = job.id
  if (deps.clock() > job.downloadExpiresAt) return expired(job.downloadExpiresAt)
  const results = deps.jobs.results(job)
  if (results === undefined) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.')
  // Made line by line as it is sent: a results file can be larger than any one string or buffer.
  const data = resultsSource(results, job.type)
  const headers: Record<string, string | number> = {
    'content-type': 'application/octet-stream',
    'accept-ranges': 'bytes',
    'x-goog-stored-content-length': data.length
  }
  const range = ctx.req.headers.range
  if (range === undefined) return { status: 200, headers, body: data }
  const slice = parseByteRange(range, data.length)
  if (!slice)
    return {
      ...xmlError(416, 'InvalidRange', 'The requested range cannot be satisfied.'),
      headers: { 'content-type': 'application/xml; charset=UTF-8', 'content-range': `bytes */${data.length}` }
    }
  const { from, to } = slice
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${from}-${to}/${data.length}` },
    body: sliceSource(data, from, to + 1)
  }
}
