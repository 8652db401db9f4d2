// Session URI requests: data PUTs (308/Range), status queries, DELETE. As strict as GCS.
import { targetKey, type UploadTarget } from './gcs-target.js'
import { consumeBody, type Ctx, type Reply } from './http.js'
import {
  finalize,
  goneReply,
  incomplete,
  invalidArgument,
  objectReply,
  parseContentRange,
  contentLength,
  rangeReply,
  type GcsDeps,
  type GcsPath
} from './gcs-wire.js'
import type { Fault } from './faults.js'
import { BLOCK, type UploadSession } from './session.js'

/** The 308 for an unfinished upload, as the fault (commit lag, an offset beyond the data) makes it look. */
function incompleteAs(session: UploadSession, f: Fault | undefined): Reply {
  if (f && 'lagBy' in f) return rangeReply(Math.max(0, session.persisted - f.lagBy))
  if (f && 'overReport' in f) return rangeReply(session.persisted + f.overReport)
  return incomplete(session)
}

interface Found {
  session: UploadSession
  target: UploadTarget
}

/** The session a session URI names and its target, or the answer for a refused, missing or gone one. */
export function lookupSession(ctx: Ctx, deps: GcsDeps, path: GcsPath): Found | Reply {
  const target = deps.targets(path.bucket, path.id)
  // Credentials first: a request without them learns nothing about the session.
  const refused = target?.authorize(ctx.req)
  if (refused) return refused
  const id = ctx.url.searchParams.get('upload_id') ?? ''
  const session = deps.sessions.get(id)
  if (!target || !session || session.targetKey !== targetKey(path.bucket, path.id)) return goneReply(404)
  if (session.expired(deps.clock())) return goneReply(404)
  ctx.jobId = target.jobId
  if (session.gone) return goneReply(session.gone === 499 ? 404 : session.gone)
  return { session, target }
}

function isFound(v: Found | Reply): v is Found {
  return 'session' in v
}

export async function handleSessionDelete(
  ctx: Ctx,
  deps: GcsDeps,
  path: GcsPath
): Promise<Reply | undefined> {
  if (!(await consumeBody(ctx))) return undefined
  const found = lookupSession(ctx, deps, path)
  if (!isFound(found)) return found
  found.session.gone = 499
  return goneReply(499)
}

export async function handleSessionPut(ctx: Ctx, deps: GcsDeps, path: GcsPath): Promise<Reply | undefined> {
  const found = lookupSession(ctx, deps, path)
  if (!isFound(found)) return (await consumeBody(ctx)) ? found : undefined
  const { session, target } = found
  const f = ctx.fault
  if (f && 'sessionGone' in f) {
    if (!(await consumeBody(ctx))) return undefined
    session.gone = f.sessionGone
    return goneReply(f.sessionGone)
  }
  const cr = parseContentRange(ctx.req)
  if (cr.form === 'data' && !session.finalized) return chunk(ctx, session, target, cr)
  let bodyBytes = 0
  if (!(await consumeBody(ctx, b => (bodyBytes += b.length)))) return undefined
  if (session.finalized) return objectReply(session, target)
  if (cr.form === 'bad') return invalidArgument(`Invalid Content-Range: ${ctx.req.headers['content-range']}`)
  if (cr.form !== 'query') return invalidArgument('Unexpected request.')
  // Status query.
  if (bodyBytes > 0)
    return invalidArgument('A status query (Content-Range: bytes */N) must have an empty body.')
  if (f && 'dropAll' in f) session.reset()
  if (cr.total !== undefined) {
    if (session.persisted > cr.total)
      return invalidArgument(
        `The object size ${cr.total} is smaller than the ${session.persisted} bytes persisted.`
      )
    // All bytes persisted but not finalized: this empty PUT finalizes (GCS and testbench do the same).
    if (session.persisted === cr.total && !(f && 'dropAll' in f)) return finalize(ctx, session, target).reply
  }
  return incompleteAs(session, f)
}

/** A data PUT: validate like GCS, persist whole 256 KiB blocks as they arrive, settle at the end. */
async function chunk(
  ctx: Ctx,
  session: UploadSession,
  target: UploadTarget,
  cr: { start: number; end?: number; total?: number }
): Promise<Reply | undefined> {
  const { start, end, total } = cr
  const declared = end === undefined ? undefined : end - start + 1
  const cl = contentLength(ctx.req)
  const finalRange = end !== undefined && total !== undefined && end === total - 1
  let problem: string | undefined
  if (end !== undefined && end < start) problem = `Invalid Content-Range: bytes ${start}-${end}.`
  else if (total !== undefined && end !== undefined && end >= total)
    problem = `Content-Range end ${end} is beyond the object size ${total}.`
  else if (total !== undefined && session.total !== undefined && total !== session.total)
    problem = `The object size changed from ${session.total} to ${total}.`
  else if (total !== undefined && session.persisted > total)
    problem = `The object size ${total} is smaller than the ${session.persisted} bytes persisted.`
  else if (start > session.persisted)
    problem = `Invalid request. The range starts at ${start}, but only ${session.persisted} bytes are persisted (a gap).`
  else if (declared !== undefined && cl !== undefined && cl !== declared)
    problem = `Content-Length ${cl} does not match Content-Range length ${declared}.`
  else if (declared !== undefined && !finalRange && declared % BLOCK !== 0)
    problem =
      `The number of bytes uploaded is required to be equal or greater than ${BLOCK}, except for the final request ` +
      `(it's recommended to be the exact multiple of ${BLOCK}). The received request contained ${declared} bytes, ` +
      'which does not meet this requirement.'
  if (problem !== undefined) return (await consumeBody(ctx)) ? invalidArgument(problem) : undefined
  if (total !== undefined) session.total = total

  const f = ctx.fault
  // How many new bytes of this request may be persisted (faults make the server keep less).
  let room = Infinity
  if (f && 'keepLess' in f) room = f.keepLess
  if (f && 'status' in f) room = f.keepBytes ?? 0
  if (f && 'dropAll' in f) room = 0

  const me = {}
  session.writer = me
  const cp = session.checkpoint()
  const pending: Buffer[] = []
  let pendingLen = 0
  let received = 0
  let overflow = false
  let dropped = false
  let corrupt = !!(f && 'corrupt' in f)

  const commit = (all: boolean): void => {
    let n = all ? pendingLen : pendingLen - (pendingLen % BLOCK)
    pendingLen -= n
    while (n > 0) {
      const b = pending[0]
      if (b.length <= n) {
        session.commit(b)
        pending.shift()
        n -= b.length
      } else {
        session.commit(b.subarray(0, n))
        pending[0] = b.subarray(n)
        n = 0
      }
    }
  }

  const complete = await consumeBody(ctx, buf => {
    const at = start + received
    received += buf.length
    if (declared !== undefined && received > declared) overflow = true
    if (overflow || session.writer !== me) return
    const known = session.persisted + pendingLen
    // Resent bytes that overlap what is kept are ignored.
    const skip = Math.max(0, Math.min(buf.length, known - at))
    if (skip === buf.length) return
    if (at + skip !== known) return
    let fresh = buf.subarray(skip)
    if (fresh.length > room) {
      fresh = fresh.subarray(0, room)
      dropped = true
    }
    room -= fresh.length
    if (!fresh.length) return
    if (corrupt) {
      fresh = Buffer.from(fresh)
      fresh[0] ^= 0xff
      corrupt = false
    }
    pending.push(fresh)
    pendingLen += fresh.length
    commit(false)
  })
  // A broken request keeps only the whole 256 KiB blocks already committed.
  if (!complete) return undefined
  if (session.writer !== me) return incomplete(session)
  session.writer = undefined
  if (overflow || (declared !== undefined && received !== declared)) {
    session.rollback(cp)
    return invalidArgument(`The body has ${received} bytes but Content-Range names ${declared}.`)
  }
  if (end === undefined && total !== undefined && start + received > total) {
    session.rollback(cp)
    return invalidArgument(`The body runs past the object size ${total}.`)
  }
  commit(true)
  if (f && 'dropAll' in f) {
    session.reset()
    return incomplete(session)
  }
  const isFinal =
    !dropped &&
    (finalRange
      ? session.persisted === total
      : end === undefined &&
        (total === undefined ? session.persisted === start + received : session.persisted === total))
  if (!isFinal) return incompleteAs(session, f)
  if (f && 'holdFinal' in f) return incomplete(session)
  const { done, reply } = finalize(ctx, session, target)
  if (!done) session.rollback(cp)
  return reply
}
