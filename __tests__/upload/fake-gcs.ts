// Test helpers: a scripted, socket-free model of a GCS XML resumable session, a fake response and a fake clock.
// It speaks the sandbox's fault vocabulary (src/sandbox/faults.ts: FaultRule, Fault, matched by the same FaultBook),
// so a plan reads the same here and against the sandbox. It exists for what the sandbox cannot do: run with a fake
// clock (backoff, Retry-After and hours-long uploads take no time) and raise transport errors that no server on
// 127.0.0.1 can cause (`networkError`). It is as strict as GCS about Content-Range / Content-Length and keeps the
// bytes it accepts, so tests can compare the stored object with the file byte for byte.
import { createCRC32 } from 'hash-wasm'
import { abortedError, NetworkError } from '../../src/net/transport.js'
import type { HttpRequest, HttpResponse, Transport } from '../../src/net/transport.js'
import type { Clock } from '../../src/net/clock.js'
import { FaultBook, faultName, type Fault, type FaultPlan, type FaultRule } from '../../src/sandbox/index.js'

export const BLOCK = 256 * 1024

/** The sandbox's faults, and one of the fake's own: fail below HTTP with this code, before anything is stored. */
export type FakeFault = Fault | { networkError: string }
export type FakeRule = Omit<FaultRule, 'do'> & { do: FakeFault }
export type FakePlan = readonly FakeRule[]

/** `faults[i]` on the (i+1)th request of `on` (undefined lets one pass): a script as a plan. */
export function inTurn(on: FaultRule['on'], ...faults: Array<FakeFault | undefined>): FakeRule[] {
  return faults.flatMap((f, i) => (f ? [{ on, nth: i + 1, do: f }] : []))
}

export type RequestKind = 'start' | 'chunk' | 'status'

export interface Recorded {
  kind: RequestKind
  method: string
  url: string
  headers: Record<string, string>
  bodyLength: number
  session?: number
  /** The fault that fired, named as in the sandbox's request records. */
  fault?: string
}

interface Session {
  uri: string
  data: Buffer
  stored: number
  finalized: boolean
  gone?: number
  overlapMismatch: boolean
  crc32c?: string
}

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The whole body of a request, a streamed one read from its source as a server would receive it. */
export async function bodyBytes(body: HttpRequest['body']): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0)
  if (Buffer.isBuffer(body)) return body
  const out = Buffer.alloc(body.length)
  const slice = 64 * 1024
  for (let pos = 0; pos < body.length; pos += slice) {
    await body.read(pos, out.subarray(pos, Math.min(pos + slice, body.length)))
  }
  return out
}

export function fakeResponse(
  status: number,
  headers: Record<string, string> = {},
  body = '',
  bodyError?: Error
): HttpResponse & { disposed: () => boolean } {
  let disposed = false
  async function* stream(): AsyncGenerator<Uint8Array> {
    if (bodyError) throw bodyError
    if (body) yield Buffer.from(body)
  }
  return {
    status,
    headers: new Headers(headers),
    body: stream,
    async text() {
      if (bodyError) throw bodyError
      disposed = true
      return body
    },
    async dispose() {
      disposed = true
    },
    disposed: () => disposed
  }
}

/** CRC32C as GCS writes it: base64 of the big-endian value. */
export async function crc32c(data: Uint8Array): Promise<string> {
  const h = await createCRC32(0x82f63b78)
  h.init()
  h.update(data)
  return Buffer.from(h.digest('binary')).toString('base64')
}

export const START_HEADERS = {
  'content-type': 'text/plain',
  'content-length': '0',
  'x-goog-resumable': 'start'
}

const reset = (what: string) => new NetworkError('ECONNRESET', `fake: ${what}`)
const stalled = () => new NetworkError('STALLED', 'fake: the connection stalled')

export class FakeGcs {
  readonly startUrl: string
  readonly sessions: Session[] = []
  readonly requests: Recorded[] = []
  private readonly book = new FaultBook()
  private readonly now: () => number
  private refusedUntil = -Infinity

  constructor(
    readonly total: number,
    plan: FakePlan = [],
    opts: { base?: string; now?: () => number } = {}
  ) {
    this.base = opts.base ?? 'https://storage.example.test'
    this.now = opts.now ?? Date.now
    this.startUrl = `${this.base}/bucket/ids.txt?X-Goog-Signature=s3cr3t-signature`
    this.setFaults(plan)
  }

  readonly base: string

  /** As the sandbox's setFaults: rules count the requests they match from now on. */
  setFaults(plan: FakePlan): this {
    // FaultBook only matches rules and hands back their `do`; the fake's own fault passes through it untouched.
    this.book.set(plan as FaultPlan)
    return this
  }

  get object(): Buffer | undefined {
    const done = this.sessions.find(s => s.finalized)
    return done?.data.subarray(0, done.stored)
  }

  chunkRequests(): Recorded[] {
    return this.requests.filter(r => r.kind === 'chunk')
  }

  readonly transport: Transport = async (req: HttpRequest) => {
    if (req.signal?.aborted) throw abortedError(req.signal)
    // A refused connection never reaches the server: nothing is recorded or matched.
    if (this.now() < this.refusedUntil) throw new NetworkError('ECONNREFUSED', 'fake: connection refused')
    const kind: RequestKind =
      req.method === 'POST'
        ? 'start'
        : /^bytes \*\//.test(req.headers['content-range'] ?? '')
          ? 'status'
          : 'chunk'
    const index = this.sessions.findIndex(s => s.uri === req.url)
    const session = this.sessions[index]
    const final =
      kind === 'chunk'
        ? Number(/-(\d+)\//.exec(req.headers['content-range'] ?? '')?.[1]) === this.total - 1
        : kind === 'status' && session !== undefined && session.stored === this.total
    const fault = this.book.match(kind, final) as FakeFault | undefined
    this.requests.push({
      kind,
      method: req.method,
      url: req.url,
      headers: { ...req.headers },
      bodyLength: req.body?.length ?? 0,
      session: index >= 0 ? index : undefined,
      ...(fault ? { fault: 'networkError' in fault ? 'networkError' : faultName(fault) } : {})
    })
    if (fault) this.failBelowHttp(fault, kind)
    if (kind === 'start') return this.deliver(this.start(req, fault), fault)
    if (!session) return fakeResponse(404, {}, '<Error><Code>NoSuchUpload</Code></Error>')
    if (fault && 'sessionGone' in fault) {
      session.gone = fault.sessionGone
      return fakeResponse(fault.sessionGone)
    }
    if (session.gone) return fakeResponse(session.gone === 499 ? 404 : session.gone)
    const answer =
      kind === 'status' ? await this.status(session, req, fault) : await this.data(session, req, fault)
    return this.deliver(answer, fault)
  }

  /** Faults that end the request before any HTTP answer (a broken data PUT is handled by data()). */
  private failBelowHttp(f: FakeFault, kind: RequestKind): void {
    if ('networkError' in f) throw new NetworkError(f.networkError, `fake: ${f.networkError}`)
    if ('refuse' in f) {
      this.refusedUntil = this.now() + f.refuse.ms
      throw reset('reset, then refusing connections')
    }
    if ('stall' in f && f.stall.ms !== undefined)
      throw new Error('the fake has no time: a stall that ends needs the sandbox')
    if ('rateLimit' in f || 'jobOutcome' in f) throw new Error(`${faultName(f)} is not a GCS fault`)
    if (kind !== 'chunk' && 'reset' in f) throw reset('reset')
    if (kind !== 'chunk' && 'stall' in f && f.stall.afterBytes !== undefined) throw stalled()
  }

  /** Answer-side faults: the work is done, then the answer is lost, held or cut. */
  private deliver(a: Answer, f: FakeFault | undefined): HttpResponse {
    if (f && 'loseFinalResponse' in f) throw reset('the answer was lost')
    if (f && 'stall' in f) throw stalled() // the body was read; no answer comes, so the watchdog fires
    if (f && 'truncateFinalResponse' in f) {
      if (f.truncateFinalResponse === 'empty') return fakeResponse(a.status, a.headers, '')
      return fakeResponse(a.status, a.headers, a.body, reset('the answer body was cut'))
    }
    return fakeResponse(a.status, a.headers, a.body)
  }

  private start(req: HttpRequest, f: FakeFault | undefined): Answer {
    if (f && 'status' in f) return answer(f.status, f.headers, f.body)
    if (req.url !== this.startUrl || req.body?.length || !sameHeaders(req.headers, START_HEADERS)) {
      return answer(403, {}, '<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error>')
    }
    const uri = `${this.base}/upload?upload_id=session-${this.sessions.length}`
    this.sessions.push({
      uri,
      data: Buffer.alloc(this.total),
      stored: 0,
      finalized: false,
      overlapMismatch: false
    })
    return answer(201, { location: uri })
  }

  // bytes */* only asks; bytes */total also finalizes when every byte is stored (after checking the hash).
  private async status(session: Session, req: HttpRequest, f: FakeFault | undefined): Promise<Answer> {
    if (req.headers['content-length'] !== '0' || req.body?.length)
      return badRequest('status query with a body')
    const range = req.headers['content-range']
    if (range !== 'bytes */*' && range !== `bytes */${this.total}`)
      return badRequest('bad status Content-Range')
    if (f && 'status' in f) return answer(f.status, f.headers, f.body)
    // A finalized object is kept whatever the fault (as in the sandbox): only an open session can lose bytes.
    if (f && 'dropAll' in f && !session.finalized) session.stored = 0
    const finalizes = range !== 'bytes */*' && !session.finalized && session.stored === this.total
    if (finalizes && !(f && 'holdFinal' in f)) {
      const refused = await this.finalize(session, req)
      if (refused) return refused
    }
    return this.answer(session, f)
  }

  /** GCS checks a claimed CRC32C before finalizing; a mismatch finalizes nothing. */
  private async finalize(session: Session, req: HttpRequest): Promise<Answer | undefined> {
    const claimed = /crc32c=([^,\s]+)/.exec(req.headers['x-goog-hash'] ?? '')?.[1]
    const actual = await crc32c(session.data.subarray(0, session.stored))
    if (claimed !== undefined && claimed !== actual) {
      return badRequest(
        `Provided CRC32C &quot;${claimed}&quot; doesn't match calculated CRC32C &quot;${actual}&quot;.`
      )
    }
    session.finalized = true
    session.crc32c = actual
    return undefined
  }

  private async data(session: Session, req: HttpRequest, f: FakeFault | undefined): Promise<Answer> {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '')
    const body = await bodyBytes(req.body)
    if (!match) return badRequest('bad Content-Range')
    const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])]
    if (total !== this.total) return badRequest('total changed')
    if (req.headers['content-length'] !== String(body.length)) return badRequest('Content-Length mismatch')
    if (last - first + 1 !== body.length) return badRequest('body length differs from Content-Range')
    if (last + 1 < total && body.length % BLOCK !== 0)
      return badRequest('non-final chunk not a 256 KiB multiple')
    if (first > session.stored) return badRequest('gap')
    if (session.finalized) return this.answer(session)

    // A broken request (reset or stalled mid-body) keeps only the whole 256 KiB blocks it delivered.
    const cutAt =
      f && 'reset' in f ? (f.reset.afterBytes ?? 0) : f && 'stall' in f ? f.stall.afterBytes : undefined
    const received = cutAt === undefined ? body.length : Math.min(cutAt, body.length)
    req.onBodyProgress?.(received)
    let room = Infinity // how many new bytes the server keeps
    if (f && 'keepLess' in f) room = f.keepLess
    if (f && 'status' in f) room = f.keepBytes ?? 0
    const end = cutAt === undefined ? first + received : Math.floor((first + received) / BLOCK) * BLOCK
    const before = session.stored
    const offered = Math.max(0, end - before)
    let fresh = body.subarray(before - first, before - first + Math.min(offered, room))
    if (f && 'corrupt' in f && fresh.length > 0) {
      fresh = Buffer.from(fresh)
      fresh[0] ^= 0xff
    }
    const overlap = Math.min(before - first, received)
    if (overlap > 0 && !body.subarray(0, overlap).equals(session.data.subarray(first, first + overlap))) {
      session.overlapMismatch = true
    }
    fresh.copy(session.data, before)
    session.stored = before + fresh.length
    if (cutAt !== undefined) throw f && 'reset' in f ? reset('reset mid-body') : stalled()
    if (f && 'dropAll' in f) {
      session.stored = 0
      return rangeAnswer(0)
    }
    if (fresh.length === offered && session.stored === this.total && !(f && 'holdFinal' in f)) {
      const refused = await this.finalize(session, req)
      if (refused) {
        session.stored = before // the request is refused whole
        return refused
      }
    }
    if (f && 'status' in f) return answer(f.status, f.headers, f.body)
    return this.answer(session, f)
  }

  /** 200 for a finalized session; else 308 with the Range, as lagBy / overReport make it look. */
  private answer(session: Session, f?: FakeFault): Answer {
    if (session.finalized) {
      const headers = {
        'x-goog-stored-content-length': String(this.total),
        'x-goog-hash': `crc32c=${session.crc32c},md5=AAAAAAAAAAAAAAAAAAAAAA==`
      }
      return answer(200, headers, '<done/>')
    }
    if (f && 'lagBy' in f) return rangeAnswer(Math.max(0, session.stored - f.lagBy))
    if (f && 'overReport' in f) return rangeAnswer(session.stored + f.overReport)
    return rangeAnswer(session.stored)
  }
}

function answer(status: number, headers: Record<string, string> = {}, body = ''): Answer {
  return { status, headers, body }
}

/** 308 showing `bytes` kept (no Range for none). */
function rangeAnswer(bytes: number): Answer {
  return answer(308, bytes > 0 ? { range: `bytes=0-${bytes - 1}` } : {})
}

function badRequest(message: string): Answer {
  return answer(400, {}, `<Error><Code>InvalidArgument</Code><Message>${message}</Message></Error>`)
}

function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a).sort()
  const kb = Object.keys(b).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k])
}

/** A clock whose sleeps take no real time; it records them. */
export class FakeClock implements Clock {
  time = 1_700_000_000_000
  readonly sleeps: number[] = []
  constructor(public rand = 0.5) {}
  now(): number {
    return this.time
  }
  random(): number {
    return this.rand
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortedError(signal)
    this.sleeps.push(ms)
    this.time += ms
    await Promise.resolve()
    if (signal?.aborted) throw abortedError(signal)
  }
}
