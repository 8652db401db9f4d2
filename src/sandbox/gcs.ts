// GCS signed-URL endpoints: the resumable start POST, a non-resumable simple PUT, the results download.
import { randomBytes } from 'node:crypto'
import { consumeBody, xmlError, type Ctx, type Reply } from './http.js'
import { BUCKETS, type JobRecord } from './jobs.js'
import { targetKey, type UploadTarget } from './gcs-target.js'
import {
  expired,
  finalize,
  parseByteRange,
  signatureMismatch,
  type GcsDeps,
  type GcsPath
} from './gcs-wire.js'
import { UploadSession } from './session.js'
import { sliceSource } from './body.js'
import { resultsSource } from './results-source.js'

/** True when the URL carries exactly the X-Goog-* parameters that were issued. */
function signed(ctx: Ctx, issuedQuery: string): boolean {
  for (const [k, v] of new URLSearchParams(issuedQuery)) if (ctx.url.searchParams.get(k) !== v) return false
  return true
}

/** The upload target behind a signed upload URL, if the URL is exactly as issued. */
function signedTarget(ctx: Ctx, deps: GcsDeps, path: GcsPath): UploadTarget | undefined {
  const target = deps.targets(path.bucket, path.id)
  return target && signed(ctx, target.signedQuery) ? target : undefined
}

/** The job behind a signed download URL. */
function signedDownload(ctx: Ctx, deps: GcsDeps, path: GcsPath): JobRecord | undefined {
  const job = deps.jobs.get(path.id)
  return job && BUCKETS[job.type] === path.bucket && signed(ctx, job.downloadQuery) ? job : undefined
}

export async function handleStart(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  if (!(await consumeBody(ctx))) return undefined
  const target = signedTarget(ctx, deps, path)
  if (!target) return signatureMismatch()
  ctx.jobId = target.jobId
  const refused = target.authorize(ctx.req)
  if (refused) return refused
  if (deps.clock() > target.expiresAt) return expired(target.expiresAt)
  const wrong = target.checkStart(ctx.req)
  if (wrong) return wrong
  const uploadId = `ADPycd${randomBytes(48).toString('base64url')}`
  const key = targetKey(target.bucket, target.id)
  deps.sessions.set(
    uploadId,
    await UploadSession.create(uploadId, key, deps.clock(), target.sessionOptions())
  )
  target.sessionStarted(uploadId)
  return {
    status: 201,
    headers: { location: `${target.uploadUrl(ctx.base)}&upload_id=${uploadId}` }
  }
}

/** PUT to a non-resumable upload URL: the whole object in one request. */
export async function handleSimplePut(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  const target = signedTarget(ctx, deps, path)
  const key = target && targetKey(target.bucket, target.id)
  const session =
    target && key ? await UploadSession.create('', key, deps.clock(), target.sessionOptions()) : undefined
  let received = 0
  const whole = await consumeBody(ctx, buf => {
    received += buf.length
    session?.commit(buf)
  })
  if (!whole) return undefined
  if (!target || !session) return signatureMismatch()
  const refused = target.authorize(ctx.req) ?? target.checkSimplePut(ctx.req, received)
  if (refused) return refused
  ctx.jobId = target.jobId
  if (deps.clock() > target.expiresAt) return expired(target.expiresAt)
  const { done, reply } = finalize(ctx, session, target)
  return done ? { ...reply, body: '' } : reply
}

export async function handleDownload(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  if (!(await consumeBody(ctx))) return undefined
  const job = signedDownload(ctx, deps, path)
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
