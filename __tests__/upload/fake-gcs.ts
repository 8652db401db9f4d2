// Test helpers: a scripted, socket-free model of a GCS XML resumable session, a fake response and a fake clock.
// The model is as strict as GCS about Content-Range / Content-Length and keeps the bytes it accepts,
// so tests can compare the stored object with the file byte for byte.
import { createCRC32 } from 'hash-wasm'
import { abortedError, NetworkError } from '../../src/net/transport.js'
import type { HttpRequest, HttpResponse, Transport } from '../../src/net/transport.js'
import type { Clock } from '../../src/net/clock.js'

export const BLOCK = 256 * 1024

export type Fault =
  /** answer this without storing anything */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** store only the first `keep` bytes of the body, then answer normally (or with `status`) */
  | { keep: number; status?: number }
  /** fail below HTTP before storing anything */
  | { error: string }
  /** store everything, then fail below HTTP: the answer is lost */
  | { errorAfterStore: string }
  /** store normally, answer 308 with this Range header (null: none) */
  | { range: string | null }
  /** drop everything the session stored, answer 308 without Range */
  | { forget: true }
  /** the session is gone: answer this status now and for every later request */
  | { lose: number }
  /** store everything but do not finalize: answer 308 with the whole Range, or fail with `thenError` */
  | { notFinalize: true; thenError?: string }
  /** handle normally, but reading the answer's body fails with ECONNRESET */
  | { cutBody: true }
  /** store the body with its first byte flipped: the object no longer matches the file's CRC32C */
  | { corrupt: true }

export type RequestKind = 'start' | 'data' | 'status'

export interface Recorded {
  kind: RequestKind
  method: string
  url: string
  headers: Record<string, string>
  bodyLength: number
  session?: number
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

export class FakeGcs {
  readonly startUrl: string
  readonly sessions: Session[] = []
  readonly requests: Recorded[] = []
  private readonly plans: Record<RequestKind, Array<Fault | undefined>> = { start: [], data: [], status: [] }

  constructor(
    readonly total: number,
    readonly base = 'https://storage.example.test'
  ) {
    this.startUrl = `${base}/bucket/ids.txt?X-Goog-Signature=s3cr3t-signature`
  }

  /** Faults for the next requests of one kind, in order; `undefined` lets one pass untouched. */
  plan(kind: RequestKind, ...faults: Array<Fault | undefined>): this {
    this.plans[kind].push(...faults)
    return this
  }

  get object(): Buffer | undefined {
    const done = this.sessions.find(s => s.finalized)
    return done?.data.subarray(0, done.stored)
  }

  dataRequests(): Recorded[] {
    return this.requests.filter(r => r.kind === 'data')
  }

  readonly transport: Transport = async (req: HttpRequest) => {
    if (req.signal?.aborted) throw abortedError(req.signal)
    const kind: RequestKind =
      req.method === 'POST'
        ? 'start'
        : /^bytes \*\//.test(req.headers['content-range'] ?? '')
          ? 'status'
          : 'data'
    const index = this.sessions.findIndex(s => s.uri === req.url)
    this.requests.push({
      kind,
      method: req.method,
      url: req.url,
      headers: { ...req.headers },
      bodyLength: req.body?.length ?? 0,
      session: index >= 0 ? index : undefined
    })
    const fault = this.plans[kind].shift()
    if (fault && 'error' in fault) throw new NetworkError(fault.error, `fake ${fault.error}`)
    if (fault && 'status' in fault && !('keep' in fault))
      return fakeResponse(fault.status, fault.headers, fault.body)
    if (kind === 'start') return this.start(req)
    const session = this.sessions[index]
    if (!session) return fakeResponse(404, {}, '<Error><Code>NoSuchUpload</Code></Error>')
    if (fault && 'lose' in fault) session.gone = fault.lose
    if (session.gone) return fakeResponse(session.gone)
    const res =
      kind === 'status' ? await this.status(session, req, fault) : await this.data(session, req, fault)
    if (fault && 'errorAfterStore' in fault) {
      throw new NetworkError(fault.errorAfterStore, `fake ${fault.errorAfterStore} after storing`)
    }
    return res
  }

  private start(req: HttpRequest): HttpResponse {
    if (req.url !== this.startUrl || req.body?.length || !sameHeaders(req.headers, START_HEADERS)) {
      return fakeResponse(403, {}, '<Error><Code>SignatureDoesNotMatch</Code><Message>bad</Message></Error>')
    }
    const uri = `${this.base}/upload?upload_id=session-${this.sessions.length}`
    this.sessions.push({
      uri,
      data: Buffer.alloc(this.total),
      stored: 0,
      finalized: false,
      overlapMismatch: false
    })
    return fakeResponse(201, { location: uri })
  }

  // bytes */* only asks; bytes */total also finalizes when every byte is stored (after checking the hash).
  private async status(session: Session, req: HttpRequest, fault?: Fault): Promise<HttpResponse> {
    if (req.headers['content-length'] !== '0' || req.body?.length)
      return badRequest('status query with a body')
    const range = req.headers['content-range']
    if (range !== 'bytes */*' && range !== `bytes */${this.total}`)
      return badRequest('bad status Content-Range')
    if (fault && 'range' in fault) return rangeResponse(fault.range)
    if (fault && 'forget' in fault) {
      session.stored = 0
      return rangeResponse(null)
    }
    if (range !== 'bytes */*' && !session.finalized && session.stored === this.total) {
      const refused = await this.finalize(session, req)
      if (refused) return refused
    }
    return this.answer(session, fault)
  }

  /** GCS checks a claimed CRC32C before finalizing; a mismatch finalizes nothing. */
  private async finalize(session: Session, req: HttpRequest): Promise<HttpResponse | undefined> {
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

  private async data(session: Session, req: HttpRequest, fault?: Fault): Promise<HttpResponse> {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers['content-range'] ?? '')
    const body = req.body ?? Buffer.alloc(0)
    if (!match) return badRequest('bad Content-Range')
    const [first, last, total] = [Number(match[1]), Number(match[2]), Number(match[3])]
    if (total !== this.total) return badRequest('total changed')
    if (req.headers['content-length'] !== String(body.length)) return badRequest('Content-Length mismatch')
    if (last - first + 1 !== body.length) return badRequest('body length differs from Content-Range')
    if (last + 1 < total && body.length % BLOCK !== 0)
      return badRequest('non-final chunk not a 256 KiB multiple')
    if (first > session.stored) return badRequest('gap')
    if (session.finalized) return this.answer(session)
    req.onBodyProgress?.(body.length)
    if (fault && 'forget' in fault) {
      session.stored = 0
      return rangeResponse(null)
    }
    const before = session.stored
    let kept = fault && 'keep' in fault ? body.subarray(0, fault.keep) : body
    const fresh = Math.max(0, session.stored - first) // the first byte this request adds
    if (fault && 'corrupt' in fault && fresh < kept.length) {
      kept = Buffer.from(kept)
      kept[fresh] ^= 0xff
    }
    const overlap = Math.min(session.stored - first, kept.length)
    if (overlap > 0 && !kept.subarray(0, overlap).equals(session.data.subarray(first, first + overlap))) {
      session.overlapMismatch = true
    }
    if (first + kept.length > session.stored) {
      kept.copy(session.data, session.stored, session.stored - first)
      session.stored = first + kept.length
    }
    if (fault && 'keep' in fault && fault.status) return fakeResponse(fault.status)
    if (fault && 'range' in fault) return rangeResponse(fault.range)
    if (fault && 'notFinalize' in fault) {
      if (fault.thenError) throw new NetworkError(fault.thenError, `fake ${fault.thenError} after storing`)
      return rangeResponse(`bytes=0-${session.stored - 1}`)
    }
    if (session.stored === this.total) {
      const refused = await this.finalize(session, req)
      if (refused) {
        session.stored = before // the request is refused whole
        return refused
      }
    }
    return this.answer(session, fault)
  }

  private answer(session: Session, fault?: Fault): HttpResponse {
    if (session.finalized) {
      const cut = fault && 'cutBody' in fault ? new NetworkError('ECONNRESET', 'fake cut body') : undefined
      const headers = {
        'x-goog-stored-content-length': String(this.total),
        'x-goog-hash': `crc32c=${session.crc32c},md5=AAAAAAAAAAAAAAAAAAAAAA==`
      }
      return fakeResponse(200, headers, '<done/>', cut)
    }
    return rangeResponse(session.stored > 0 ? `bytes=0-${session.stored - 1}` : null)
  }
}

function rangeResponse(range: string | null): HttpResponse {
  return fakeResponse(308, range === null ? {} : { range })
}

function badRequest(message: string): HttpResponse {
  return fakeResponse(400, {}, `<Error><Code>InvalidArgument</Code><Message>${message}</Message></Error>`)
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
