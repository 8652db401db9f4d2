// GCS XML wire details shared by the upload and download handlers: paths, Content-Range, replies.
import type { IncomingMessage } from 'node:http'
import type { TargetLookup, UploadTarget } from './gcs-target.js'
import { xmlError, type Ctx, type Reply } from './http.js'
import type { JobStore } from './jobs.js'
import type { UploadSession } from './session.js'

export interface GcsDeps {
  /** Compliance jobs, for their results downloads. */
  jobs: JobStore
  /** What each upload URL is for (compliance jobs, Redivis temp uploads). */
  targets: TargetLookup
  sessions: Map<string, UploadSession>
  clock: () => number
}

export type ContentRange =
  | { form: 'data'; start: number; end?: number; total?: number }
  | { form: 'query'; total?: number }
  | { form: 'bad' }

const DATA_RANGE = /^bytes (\d+)-(\d+|\*)\/(\d+|\*)$/
const QUERY_RANGE = /^bytes \*\/(\d+|\*)$/

function num(s: string): number | undefined {
  return s === '*' ? undefined : Number(s)
}

/** Numbers beyond 2^53 cannot be offsets: such a header is malformed, not a huge object. */
function safe(...values: Array<number | undefined>): boolean {
  return values.every(v => v === undefined || Number.isSafeInteger(v))
}

export function contentLength(req: IncomingMessage): number | undefined {
  if (req.headers['transfer-encoding'] !== undefined) return undefined
  const v = req.headers['content-length']
  return v === undefined ? undefined : Number(v)
}

/** Content-Range of a session PUT; without one, the body is the whole object. */
export function parseContentRange(req: IncomingMessage): ContentRange {
  const raw = req.headers['content-range']
  if (raw === undefined) {
    const cl = contentLength(req)
    return cl ? { form: 'data', start: 0, end: cl - 1, total: cl } : { form: 'data', start: 0, total: cl }
  }
  return parseContentRangeValue(raw)
}

// The Content-Range value forms GCS accepts: bytes a-b/N, a-b/*, a-*/N, a-*/*, */N and */*.
export function parseContentRangeValue(raw: string): ContentRange {
  const q = QUERY_RANGE.exec(raw.trim())
  if (q) return safe(num(q[1])) ? { form: 'query', total: num(q[1]) } : { form: 'bad' }
  const d = DATA_RANGE.exec(raw.trim())
  if (!d) return { form: 'bad' }
  const range = { form: 'data' as const, start: Number(d[1]), end: num(d[2]), total: num(d[3]) }
  return safe(range.start, range.end, range.total) ? range : { form: 'bad' }
}

/**
 * A download's `Range: bytes=N-` or `bytes=N-M` over `size` bytes: the inclusive slice to send (M is
 * clipped to the end), or undefined when it cannot be satisfied (416).
 */
export function parseByteRange(header: string, size: number): { from: number; to: number } | undefined {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim())
  if (!m) return undefined
  const from = Number(m[1])
  const to = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1
  if (!Number.isSafeInteger(from) || from >= size || to < from) return undefined
  return { from, to }
}

/** Whether this request would finalize the upload (for `final` fault rules). */
export function wouldFinalize(cr: ContentRange, session: UploadSession | undefined): boolean {
  if (cr.form === 'data') return cr.end === undefined || (cr.total !== undefined && cr.end === cr.total - 1)
  if (cr.form === 'query') return !!session && !session.finalized && session.persisted === cr.total
  return false
}

export interface GcsPath {
  bucket: string
  /** The job or temp upload id. */
  id: string
  leaf: 'submission' | 'delivery'
}

export function parseGcsPath(pathname: string): GcsPath | undefined {
  const m = /^\/gcs\/([^/]+)\/([^/]+)\/(submission|delivery)$/.exec(pathname)
  return m ? { bucket: m[1], id: m[2], leaf: m[3] as GcsPath['leaf'] } : undefined
}

export function signatureMismatch(): Reply {
  return xmlError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.'
  )
}

export function expired(at: number): Reply {
  return xmlError(
    400,
    'ExpiredToken',
    'The provided token has expired.',
    `Request signature expired at: ${new Date(at).toISOString()}`
  )
}

export function invalidArgument(message: string): Reply {
  return xmlError(400, 'InvalidArgument', message)
}

export function objectReply(session: UploadSession, target: UploadTarget): Reply {
  const crc32c = session.crc32c ?? ''
  const size = String(session.persisted)
  const generation = String(target.finalizedAt ?? session.createdAt) + '000'
  const created = new Date(target.finalizedAt ?? session.createdAt).toISOString()
  const meta = {
    kind: 'storage#object',
    id: `${target.bucket}/${target.id}/submission/${generation}`,
    name: `${target.id}/submission`,
    bucket: target.bucket,
    generation,
    metageneration: '1',
    contentType: target.contentType,
    size,
    crc32c,
    storageClass: 'STANDARD',
    timeCreated: created,
    updated: created,
    etag: `"${crc32c}"`
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-goog-hash': `crc32c=${crc32c}`,
      'x-goog-stored-content-length': size,
      'x-goog-generation': generation,
      etag: `"${crc32c}"`
    },
    body: JSON.stringify(meta),
    finalized: true
  }
}

/** 308 with `Range: bytes=0-(n-1)`, or without Range when n is 0. */
export function rangeReply(n: number): Reply {
  return { status: 308, headers: n > 0 ? { range: `bytes=0-${n - 1}` } : {} }
}

export function incomplete(session: UploadSession): Reply {
  return rangeReply(session.persisted)
}

export function goneReply(code: 404 | 410 | 499): Reply {
  if (code === 499) return { status: 499 }
  if (code === 410) return xmlError(410, 'Gone', 'The upload session is no longer available.')
  return xmlError(404, 'NoSuchUpload', 'The requested upload was not found.')
}

/** crc32c values named by an x-goog-hash header (md5 is not verified). */
export function claimedCrc32c(req: IncomingMessage): string | undefined {
  const raw = req.headers['x-goog-hash']
  const text = Array.isArray(raw) ? raw.join(',') : raw
  return text ? /(?:^|[,\s])crc32c=([A-Za-z0-9+/=]+)/.exec(text)?.[1] : undefined
}

/**
 * Finalizes after checking a claimed hash and the target's own rule (a declared size); a refusal finalizes
 * nothing, and `done` false tells the caller to roll back what this request committed.
 */
export function finalize(
  ctx: Ctx,
  session: UploadSession,
  target: UploadTarget
): { done: boolean; reply: Reply } {
  const claimed = claimedCrc32c(ctx.req)
  const actual = session.currentCrc32c()
  // Quotes the CRC32C of what arrived, so before any rollback.
  if (claimed !== undefined && claimed !== actual) return { done: false, reply: hashMismatch(ctx, session) }
  const refused = target.checkFinal(session)
  if (refused) return { done: false, reply: refused }
  session.finalize()
  target.finalized(session, actual)
  return { done: true, reply: objectReply(session, target) }
}

export function hashMismatch(ctx: Ctx, session: UploadSession): Reply {
  return xmlError(
    400,
    'BadRequest',
    `Provided CRC32C "${claimedCrc32c(ctx.req)}" doesn't match calculated CRC32C "${session.currentCrc32c()}".`
  )
}
