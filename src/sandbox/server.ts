// The sandbox's HTTP server: routing, fault dispatch, response-side faults, stats and shutdown.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { Socket } from 'node:net'
import { endFrom, silentSource, writeRange, type Body } from './body.js'
import { FaultBook, faultName, type Fault, type FaultPlan } from './faults.js'
import { handleDownload, handleSimplePut, handleStart } from './gcs.js'
import { parseContentRange, parseGcsPath, wouldFinalize, type GcsDeps, type GcsPath } from './gcs-wire.js'
import { handleSessionDelete, handleSessionPut } from './session-put.js'
import { consumeBody, jsonReply, markReset, Timers, xmlError, type Ctx, type Reply } from './http.js'
import { anyTarget } from './gcs-target.js'
import { jobTargets } from './job-target.js'
import { JobStore } from './jobs.js'
import { handleMediaApi, MEDIA_KINDS, mediaRateHeaders, mediaRoute, type MediaDeps } from './media-api.js'
import { authKindOf } from './media-auth.js'
import { MediaLimits } from './media-limits.js'
import { MediaStore } from './media-store.js'
import { OAuth1Verifier, SANDBOX_OAUTH1 } from './oauth1-verify.js'
import { RateLimiter } from './rate-limit.js'
import {
  handleRedivisApi,
  REDIVIS_KINDS,
  REDIVIS_PREFIX,
  redivisRateHeaders,
  redivisRoute,
  type RedivisDeps
} from './redivis-api.js'
import { redivisStatusReply } from './redivis-errors.js'
import { RedivisStore } from './redivis-store.js'
import { tempUploadTargets } from './redivis-target.js'
import { redivisView } from './redivis-view.js'
import { DEFAULT_FLAGGED_PERCENT } from './result-line.js'
import type { UploadSession } from './session.js'
import type { RequestKind, RequestRecord, Sandbox, SandboxOptions } from './types.js'
import { handleXApi, type XDeps } from './x-api.js'

const MINUTE = 60_000
const MEDIA_PROCESSING_MS = 1500
const REDIVIS_DEFAULTS = {
  processingMs: 300,
  limit: 100,
  windowMs: 100_000,
  tempUploadWindowMs: 24 * 60 * MINUTE
}

function flaggedPercent(v: number | undefined): number {
  if (v === undefined) return DEFAULT_FLAGGED_PERCENT
  if (!Number.isInteger(v) || v < 0 || v > 100)
    throw new RangeError(`flaggedPercent must be an integer from 0 to 100, not ${v}.`)
  return v
}

/** The bytes to send; a HEAD answer's generated body is not made (Node would drop it anyway). */
function replyBody(ctx: Ctx, reply: Reply): Body {
  const b = reply.body
  if (b === undefined) return Buffer.alloc(0)
  if (typeof b === 'string') return Buffer.from(b)
  if (Buffer.isBuffer(b)) return b
  return ctx.req.method === 'HEAD' ? silentSource(b.length) : b
}

interface Route {
  kind: RequestKind
  final: boolean
  run: (ctx: Ctx) => Promise<Reply | undefined>
}

const STATUS_TEXT: Record<number, [string, string]> = {
  400: ['InvalidArgument', 'Invalid argument'],
  401: ['AuthenticationRequired', 'Authentication required'],
  403: ['AccessDenied', 'Access denied'],
  408: ['RequestTimeout', 'Request Timeout'],
  412: ['PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'],
  429: ['TooManyRequests', 'Too Many Requests'],
  500: ['InternalError', 'Internal Server Error'],
  502: ['BadGateway', 'Bad Gateway'],
  503: ['ServiceUnavailable', 'Service Unavailable'],
  504: ['GatewayTimeout', 'Gateway Timeout']
}

const X_KINDS: readonly RequestKind[] = ['create', 'get', 'list', 'cancel']

/** The answer a `status` fault sends: X's problem shape on the X APIs (compliance, media, posts), Redivis's
 *  shapes on Redivis's, GCS's XML error elsewhere. */
function statusFaultReply(
  kind: RequestKind,
  f: Extract<Fault, { status: number }>,
  extraHeaders: Record<string, string> = {}
): Reply {
  const [code, title] = STATUS_TEXT[f.status] ?? ['Error', 'Error']
  const base =
    X_KINDS.includes(kind) || MEDIA_KINDS.includes(kind)
      ? jsonReply(
          f.status,
          { title, type: 'about:blank', status: f.status, detail: title },
          'application/problem+json'
        )
      : REDIVIS_KINDS.includes(kind)
        ? redivisStatusReply(f.status)
        : xmlError(f.status, code, `${title} (injected by the sandbox fault plan).`)
  return {
    status: f.status,
    headers: { ...base.headers, ...extraHeaders, ...f.headers },
    body: f.body ?? base.body
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clock = opts.clock ?? Date.now
  const jobs = new JobStore(clock, opts.processingMs ?? 1000, opts.uploadWindowMs ?? 15 * MINUTE)
  const limiter = new RateLimiter(
    opts.rateLimit?.limit ?? 150,
    opts.rateLimit?.windowMs ?? 15 * MINUTE,
    clock
  )
  const faults = new FaultBook(opts.faults)
  const sessions = new Map<string, UploadSession>()
  const timers = new Timers()
  const sockets = new Set<Socket>()
  const requests: RequestRecord[] = []
  const xDeps: XDeps = { jobs, limiter, token: opts.token, clock }
  const discardObjects = opts.discardObjects ?? false
  const rv = opts.redivis ?? {}
  const redivisStore = new RedivisStore(clock, {
    processingMs: rv.processingMs ?? REDIVIS_DEFAULTS.processingMs,
    tempUploadWindowMs: rv.tempUploadWindowMs ?? REDIVIS_DEFAULTS.tempUploadWindowMs
  })
  const redivisLimit = rv.rateLimit?.limit ?? REDIVIS_DEFAULTS.limit
  const redivisWindowMs = rv.rateLimit?.windowMs ?? REDIVIS_DEFAULTS.windowMs
  const redivisDeps: RedivisDeps = {
    store: redivisStore,
    limiter: new RateLimiter(redivisLimit, redivisWindowMs, clock),
    limit: redivisLimit,
    windowMs: redivisWindowMs,
    token: rv.token,
    readOnlyToken: rv.readOnlyToken,
    clock
  }
  const gcsDeps: GcsDeps = {
    jobs,
    targets: anyTarget(
      jobTargets(jobs, { discardObjects, flaggedPercent: flaggedPercent(opts.flaggedPercent) }),
      tempUploadTargets(redivisStore, discardObjects)
    ),
    sessions,
    clock
  }
  const mo = opts.media ?? {}
  const mediaDeps: MediaDeps = {
    store: new MediaStore(clock, mo.processingMs ?? MEDIA_PROCESSING_MS, !discardObjects, mo.checkAfterSecs),
    limits: new MediaLimits(clock, mo.rateLimit),
    auth: { userToken: mo.userToken, verifier: new OAuth1Verifier(mo.oauth1 ?? SANDBOX_OAUTH1, clock) }
  }
  let bytesReceived = 0
  let base = ''

  function route(req: IncomingMessage, url: URL): Route {
    const method = req.method ?? 'GET'
    const path = url.pathname
    const x = (kind: RequestKind): Route => ({ kind, final: false, run: ctx => handleXApi(ctx, xDeps) })
    if (path === '/2/compliance/jobs') {
      if (method === 'POST') return x('create')
      if (method === 'GET') return x('list')
    }
    if (/^\/2\/compliance\/jobs\/[^/]+$/.test(path)) {
      if (method === 'GET') return x('get')
      if (method === 'DELETE') return x('cancel')
    }
    const media = mediaRoute(method, path)
    if (media) return { kind: media.kind, final: false, run: ctx => handleMediaApi(ctx, mediaDeps, media) }
    if (path.startsWith('/2/')) return x('other')
    if (path.startsWith(REDIVIS_PREFIX)) {
      const rr = redivisRoute(method, path)
      return { kind: rr.kind, final: false, run: ctx => handleRedivisApi(ctx, redivisDeps, rr) }
    }
    const gcs = parseGcsPath(path)
    const g = (
      kind: RequestKind,
      final: boolean,
      fn: (c: Ctx, d: GcsDeps, p: GcsPath) => Promise<Reply | undefined>
    ) => gcs && { kind, final, run: (ctx: Ctx) => fn(ctx, gcsDeps, gcs) }
    const session = url.searchParams.has('upload_id')
    let r: Route | undefined
    if (gcs?.leaf === 'submission') {
      if (method === 'POST' && !session) r = g('start', false, handleStart)
      else if (method === 'PUT' && session) {
        const cr = parseContentRange(req)
        const s = sessions.get(url.searchParams.get('upload_id') ?? '')
        r = g(cr.form === 'query' ? 'status' : 'chunk', wouldFinalize(cr, s), handleSessionPut)
      } else if (method === 'PUT') r = g('simplePut', true, handleSimplePut)
      else if (method === 'DELETE' && session) r = g('sessionDelete', false, handleSessionDelete)
    } else if (gcs?.leaf === 'delivery' && (method === 'GET' || method === 'HEAD')) {
      r = g('download', false, handleDownload)
    }
    return (
      r || {
        kind: 'other',
        final: false,
        run: async ctx => ((await consumeBody(ctx)) ? xmlError(404, 'NotFound', 'Not Found') : undefined)
      }
    )
  }

  /** Writes the reply, applying response-side faults. */
  function send(ctx: Ctx, reply: Reply): void {
    const { res, record } = ctx
    if (res.destroyed || ctx.req.socket.destroyed) return
    const f = ctx.fault
    const body = replyBody(ctx, reply)
    const headers: Record<string, string | number> = { ...reply.headers, 'content-length': body.length }
    if (reply.status === 308 && typeof headers.range === 'string') record.range = headers.range
    if (f && 'loseFinalResponse' in f) return markReset(ctx)
    if (f && 'truncateFinalResponse' in f) {
      record.outcome = 'truncated'
      record.status = reply.status
      if (f.truncateFinalResponse === 'empty') {
        res.writeHead(reply.status, { ...headers, 'content-length': 0 })
        res.end()
        return
      }
      res.writeHead(reply.status, headers)
      writeRange(res, body, 0, Math.floor(body.length / 2), () => ctx.req.socket.destroy())
      return
    }
    const write = (): void => {
      if (res.destroyed) return
      res.writeHead(reply.status, headers)
      endFrom(res, body, 0)
    }
    const cut =
      f && ctx.kind === 'download' ? ('reset' in f ? f.reset : 'stall' in f ? f.stall : undefined) : undefined
    if (f && cut) {
      const n = Math.min(cut.afterBytes ?? 0, body.length)
      if ('reset' in f && n === 0) return markReset(ctx)
      res.writeHead(reply.status, headers)
      writeRange(res, body, 0, n, () => {
        if ('reset' in f) {
          // FIN after the first bytes so the client surely holds them: a broken stream mid-body.
          record.outcome = 'truncated'
          record.status = reply.status
          ctx.req.socket.destroy()
        } else if ('stall' in f && f.stall.ms !== undefined) {
          timers.later(() => !res.destroyed && endFrom(res, body, n), f.stall.ms)
        } else record.outcome = 'unanswered'
      })
      return
    }
    if (f && 'stall' in f && f.stall.afterBytes === undefined) {
      if (f.stall.ms === undefined) record.outcome = 'unanswered'
      else timers.later(write, f.stall.ms)
      return
    }
    write()
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base)
    const r = route(req, url)
    const cr = req.headers['content-range']
    const record: RequestRecord = {
      seq: requests.length + 1,
      kind: r.kind,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      outcome: 'pending',
      bytesReceived: 0,
      authorization: req.headers.authorization !== undefined,
      auth: authKindOf(req.headers.authorization),
      startedAt: clock(),
      ...(cr !== undefined ? { contentRange: cr } : {})
    }
    requests.push(record)
    res.once('close', () => {
      if (record.outcome === 'pending') record.outcome = res.writableFinished ? 'answered' : 'aborted'
      if (record.outcome === 'answered') record.status = res.statusCode
      record.endedAt = clock()
      opts.log?.(`${record.method} ${record.path} ${record.status || record.outcome}`)
    })
    const fault = faults.match(r.kind, r.final)
    if (fault) record.fault = faultName(fault)

    const ctx: Ctx = {
      req,
      res,
      url,
      kind: r.kind,
      final: r.final,
      fault,
      record,
      base,
      timers,
      onBytes: n => (bytesReceived += n)
    }
    if (fault && 'refuse' in fault) {
      refuse(fault.refuse.ms)
      return markReset(ctx)
    }
    let reply: Reply | undefined
    const statusFault = fault && 'status' in fault ? fault : undefined
    // Every Redivis API and X media answer carries the windows' headers, an injected one too.
    const extra = (): Record<string, string> =>
      REDIVIS_KINDS.includes(r.kind)
        ? redivisRateHeaders(redivisDeps)
        : MEDIA_KINDS.includes(r.kind)
          ? mediaRateHeaders(mediaDeps, r.kind)
          : {}
    // The media endpoints see their status faults themselves (they record appends and polls, and change nothing).
    if (statusFault && !statusFault.commit && r.kind !== 'chunk' && !MEDIA_KINDS.includes(r.kind)) {
      // The error comes before any work; the body is still read so the client sees the answer.
      reply = (await consumeBody(ctx)) ? statusFaultReply(r.kind, statusFault, extra()) : undefined
    } else {
      reply = await r.run(ctx)
      if (reply && statusFault) reply = statusFaultReply(r.kind, statusFault, extra())
    }
    if (fault && 'jobOutcome' in fault && ctx.jobId) {
      const job = jobs.get(ctx.jobId)
      if (job) job.outcome = { status: fault.jobOutcome, error: fault.error }
    }
    if (ctx.jobId) record.jobId = ctx.jobId
    if (reply) send(ctx, reply)
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`sandbox error: ${err instanceof Error ? err.message : String(err)}`)
      } else res.destroy()
    })
  }
  const server = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, listener)
    : createServer(listener)
  // Large uploads on slow runners must not hit Node's default request timeout.
  server.requestTimeout = 0
  server.headersTimeout = 60_000
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  server.on('clientError', (_err: Error, socket: Socket) => socket.destroy())

  // F21: a port nobody listens on refuses connections (ECONNREFUSED), which a reset alone cannot show.
  // Idle keep-alive connections are closed too, so the client's next request needs a new connection.
  let closing = false
  function refuse(ms: number): void {
    if (!server.listening) return
    server.close()
    server.closeIdleConnections()
    const relisten = (): void => {
      if (closing || server.listening) return
      server.once('error', () => timers.later(relisten, 20)) // the port may be briefly taken: try again
      server.listen(port, '127.0.0.1', () => server.removeAllListeners('error'))
    }
    timers.later(relisten, ms)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  base = `${opts.tls ? 'https' : 'http'}://${opts.publicHost ?? '127.0.0.1'}:${opts.publicPort ?? port}`

  return {
    apiBaseUrl: base,
    port,
    setFaults(plan: FaultPlan) {
      faults.set(plan)
    },
    job(id: string) {
      const j = jobs.get(id)
      return j && jobs.snapshot(j, base)
    },
    jobs() {
      return jobs.all().map(j => jobs.snapshot(j, base))
    },
    stats() {
      return { requests: requests.map(r => ({ ...r })), bytesReceived, faultsInjected: faults.injected }
    },
    redivis() {
      return redivisView(redivisStore, base)
    },
    redivisObject(tempUploadId: string) {
      return redivisStore.tempUpload(tempUploadId)?.object
    },
    media() {
      return mediaDeps.store.all().map(m => mediaDeps.store.view(m))
    },
    mediaObject(id: string) {
      return mediaDeps.store.object(id)
    },
    posts() {
      return mediaDeps.store.posts()
    },
    close() {
      closing = true
      timers.clear()
      return new Promise<void>(resolve => {
        // While refusing (F21) the server is not listening and close() would wait for nothing.
        const listening = server.listening
        if (listening) server.close(() => resolve())
        for (const s of sockets) s.destroy()
        server.closeAllConnections()
        if (!listening) resolve()
      })
    }
  }
}
