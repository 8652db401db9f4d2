// The one HTTP transport: every request (API calls, uploads, downloads) goes through it, direct or through a
// proxy (the agent then comes from @actions/http-client, see proxy.ts).
//
// Built on node:http/node:https rather than global fetch, on purpose:
// - fetch (undici) reports body progress only per ReadableStream pull, and gives no access to the socket;
//   node:http write callbacks tell us exactly when a slice reached the kernel, which feeds the stall
//   watchdog and the progress counter;
// - node:http sends exactly the headers we give it (fetch adds accept-language, sec-fetch-mode,
//   accept-encoding...), and an explicit Content-Length with a sliced body;
// - on loopback it was measured here at ~1.3-1.6x fetch's throughput for 8 MiB PUTs.
// Redirects are never followed, so a GCS 308 comes back as it is.
import http from 'node:http'
import https from 'node:https'
import type { ClientRequest, IncomingMessage } from 'node:http'
import { abortedError, NetworkError, toNetworkError } from './network-error.js'
import { checkProxyVariables, describeProxy, proxyAgent, proxyFailure, proxyFor } from './proxy.js'
import { Watchdog } from './watchdog.js'

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  headers: Record<string, string>
  /**
   * The body: a Buffer, or a source read in slices as the socket takes them (a file range), so a large body never
   * sits in memory. Either can be sent again: the caller builds the request anew for a resend.
   */
  body?: Buffer | BodySource
  signal?: AbortSignal
  /**
   * Watchdog: abort when the request body stops moving, or the response headers do not arrive, or the
   * response body stops moving (while it is being read), for this long. A body still moving is never aborted.
   */
  stallTimeoutMs?: number
  /** Cumulative body bytes handed to the socket (the kernel) for this request. */
  onBodyProgress?: (bytesSent: number) => void
}

export interface HttpResponse {
  status: number
  headers: Headers
  /** Stream the body; the watchdog keeps watching while a read is pending. Can be read once. */
  body(): AsyncIterable<Uint8Array>
  /** Read at most maxBytes (default 1 MiB) as UTF-8 text; the rest is discarded. */
  text(maxBytes?: number): Promise<string>
  /** Discard the body and release the connection; safe to call twice. */
  dispose(): Promise<void>
}

export type Transport = (req: HttpRequest) => Promise<HttpResponse>

/** A body read piece by piece while it is sent (back-pressure from the socket, a small pool of buffers). */
export interface BodySource {
  readonly length: number
  /** Reads the body's bytes from `pos` into `into` (filling it unless the body ends); throws if it cannot. */
  read(pos: number, into: Buffer): Promise<number>
}

/** Slice buffers a streamed body may have in flight at once: disk reads overlap socket writes. */
export const BODY_POOL_SLICES = 4

export { abortedError, NetworkError, toNetworkError } from './network-error.js'

const MIN_SLICE = 16 * 1024
const MAX_SLICE = 512 * 1024

/**
 * Body slice size. Progress is seen once per slice, so a slice must be able to drain within the stall
 * timeout even on a slow link: at most ~16 bytes per ms of timeout (any link moving >= ~16 kB/s is never
 * aborted), at least 16 KiB, at most 512 KiB (large slices keep loopback near wire speed).
 */
export function sliceSize(stallTimeoutMs?: number): number {
  const limit = stallTimeoutMs ? Math.min(MAX_SLICE, stallTimeoutMs * 16) : MAX_SLICE
  let size = MIN_SLICE
  while (size * 2 <= limit) size *= 2
  return size
}

function headersWithLength(req: HttpRequest): Record<string, string> {
  const headers = { ...req.headers }
  const length = req.body?.length ?? 0
  const key = Object.keys(headers).find(k => k.toLowerCase() === 'content-length')
  if (key !== undefined) {
    // Honoured as given; a mismatch would send a broken request, so refuse before sending.
    if (headers[key].trim() !== String(length)) {
      throw new Error(`content-length header ${headers[key]} does not match the body length ${length}`)
    }
  } else if (req.body !== undefined || req.method === 'PUT' || req.method === 'POST') {
    headers['content-length'] = String(length)
  }
  return headers
}

function toHeaders(raw: string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1])
    } catch {
      // a header value WHATWG Headers refuses: not one we need
    }
  }
  return headers
}

export interface TransportOptions {
  /** Called once per proxy, the first time a request goes through it, with the proxy's printable form. */
  onProxy?: (proxy: string) => void
}

/**
 * The transport with the proxy variables checked now, so a malformed one fails the run before its first
 * request, and `onProxy` told when a proxy is first used.
 */
export function createTransport(opts: TransportOptions = {}): Transport {
  checkProxyVariables()
  const seen = new Set<string>()
  return req =>
    send(req, proxy => {
      const shown = describeProxy(proxy)
      if (seen.has(shown)) return
      seen.add(shown)
      opts.onProxy?.(shown)
    })
}

/** Node http/https transport (see the top of this file for why not fetch), proxies as the environment says. */
export const httpTransport: Transport = req => send(req)

async function send(req: HttpRequest, onProxy?: (proxy: URL) => void): Promise<HttpResponse> {
  const { signal } = req
  if (signal?.aborted) throw abortedError(signal)
  let url: URL
  try {
    url = new URL(req.url)
  } catch {
    // never quote the URL: it may be signed or a session URI
    throw new Error('the request URL is not a valid URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported URL scheme ${url.protocol} (only http and https)`)
  }
  const headers = headersWithLength(req)
  const lib = url.protocol === 'https:' ? https : http
  const proxy = proxyFor(url)
  if (proxy) onProxy?.(proxy)
  // Direct requests keep Node's global (keep-alive) agents; proxied ones get http-client's tunnelling agent.
  const agent = proxy ? proxyAgent(url) : undefined

  return new Promise<HttpResponse>((resolve, reject) => {
    const creq = lib.request(url, { method: req.method, headers, ...(agent ? { agent } : {}) })
    let settled = false
    let response: IncomingMessage | undefined
    const fail = (err: Error): void => {
      response?.destroy(err)
      creq.destroy(err)
    }
    const watchdog = req.stallTimeoutMs
      ? new Watchdog(req.stallTimeoutMs, () => {
          const seconds = (req.stallTimeoutMs ?? 0) / 1000
          fail(new NetworkError('STALLED', `the connection stalled: no progress for ${seconds} s`))
        })
      : undefined
    const onAbort = (): void => fail(abortedError(signal))
    const cleanup = (): void => {
      watchdog?.disarm()
      signal?.removeEventListener('abort', onAbort)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    watchdog?.arm()

    creq.on('error', err => {
      // after a response, errors surface through the response body instead
      if (settled) return
      settled = true
      cleanup()
      reject((proxy && proxyFailure(err, proxy)) ?? toNetworkError(err) ?? err)
    })
    creq.on('response', res => {
      response = res
      watchdog?.disarm()
      if (settled) return void res.destroy()
      settled = true
      res.once('close', cleanup)
      resolve(wrapResponse(res, creq, watchdog))
    })
    const onSent = (sent: number): void => {
      watchdog?.kick()
      req.onBodyProgress?.(sent)
    }
    const slice = sliceSize(req.stallTimeoutMs)
    const body = req.body
    if (body === undefined || Buffer.isBuffer(body)) writeBody(creq, body, slice, onSent)
    else
      streamBody(creq, body, slice, onSent).catch(err =>
        fail(err instanceof Error ? err : new Error(String(err)))
      )
  })
}

// Writes the body in slices, one in flight at a time: a slice's callback fires once the kernel took it.
function writeBody(
  creq: ClientRequest,
  body: Buffer | undefined,
  slice: number,
  onSent: (n: number) => void
) {
  if (!body || body.length === 0) return void creq.end()
  let offset = 0
  let sent = 0
  const pump = (): void => {
    while (offset < body.length) {
      const piece = body.subarray(offset, Math.min(offset + slice, body.length))
      offset += piece.length
      const more = creq.write(piece, err => {
        if (err) return
        sent += piece.length
        onSent(sent)
      })
      if (!more) return void creq.once('drain', pump)
    }
    creq.end()
  }
  pump()
}

// Streams a source through a pool of slice buffers: a buffer is refilled only once the kernel took its slice (its
// write callback), so memory is BODY_POOL_SLICES slices whatever the body's length.
// Slice buffers outlive their request: a long upload sends thousands of bodies, and fresh buffers for each would
// leave the garbage collector tens of MB of external memory to find. A body takes them back here when it ends.
const idleSlices = new Map<number, Buffer[]>()

function takeSlice(size: number): Buffer {
  return idleSlices.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size)
}

function returnSlices(size: number, buffers: Buffer[]): void {
  const idle = idleSlices.get(size) ?? []
  idleSlices.set(size, idle)
  for (const b of buffers) if (idle.length < 4 * BODY_POOL_SLICES) idle.push(b)
}

async function streamBody(
  creq: ClientRequest,
  source: BodySource,
  slice: number,
  onSent: (n: number) => void
): Promise<void> {
  const free: Buffer[] = []
  const mine: Buffer[] = []
  let allocated = 0
  let sent = 0
  let wake: (() => void) | undefined
  let closed = false
  const gone = (): boolean => creq.destroyed
  const onClose = (): void => {
    closed = true
    wake?.()
  }
  creq.once('close', onClose)
  try {
    for (let pos = 0; pos < source.length;) {
      let buf = free.pop()
      if (!buf && allocated < BODY_POOL_SLICES) {
        buf = takeSlice(slice)
        mine.push(buf)
        allocated++
      }
      if (!buf) {
        await new Promise<void>(resolve => (wake = resolve))
        wake = undefined
        if (gone()) return
        continue
      }
      const want = Math.min(slice, source.length - pos)
      const n = await source.read(pos, buf.subarray(0, want))
      if (gone()) return
      if (n !== want) throw new Error(`the request body ended at byte ${pos + n} of ${source.length}`)
      pos += n
      const piece = buf
      const more = creq.write(piece.subarray(0, n), err => {
        if (!err) {
          sent += n
          onSent(sent)
        }
        free.push(piece)
        wake?.()
      })
      if (!more && !gone()) {
        await new Promise<void>(resolve => {
          wake = resolve
          creq.once('drain', resolve)
        })
        creq.off('drain', wake!)
        wake = undefined
        if (gone()) return
      }
    }
    creq.end()
  } finally {
    creq.off('close', onClose)
    // Back once the socket is done with them (every write callback has run, or the request is gone).
    if (closed) returnSlices(slice, mine)
    else creq.once('close', () => returnSlices(slice, mine))
  }
}

function wrapResponse(res: IncomingMessage, creq: ClientRequest, watchdog?: Watchdog): HttpResponse {
  let consumed = false
  let disposed = false

  async function* body(): AsyncGenerator<Uint8Array> {
    if (consumed) throw new Error('the response body was already read')
    consumed = true
    const it = res[Symbol.asyncIterator]()
    try {
      for (;;) {
        watchdog?.arm()
        let next: IteratorResult<Buffer>
        try {
          next = await it.next()
        } catch (err) {
          throw toNetworkError(err) ?? err
        } finally {
          watchdog?.disarm()
        }
        if (next.done) return
        yield next.value
      }
    } finally {
      await it.return?.()
    }
  }

  async function dispose(): Promise<void> {
    if (disposed) return
    disposed = true
    watchdog?.disarm()
    // A complete response with the request fully sent leaves a reusable keep-alive connection:
    // drain it and wait for its end, so the next request finds the connection free.
    if (res.complete && creq.writableFinished) {
      if (res.readableEnded || res.destroyed) return
      const ended = new Promise(resolve => {
        res.once('end', resolve)
        res.once('close', resolve)
      })
      res.resume()
      await ended
    } else {
      res.destroy()
      creq.destroy()
    }
  }

  return {
    status: res.statusCode ?? 0,
    headers: toHeaders(res.rawHeaders),
    body,
    text: (maxBytes?: number) => readText(body, dispose, maxBytes),
    dispose
  }
}

/** Reads a response body as text, at most maxBytes (the rest is discarded), then releases the connection. */
export async function readText(
  body: () => AsyncIterable<Uint8Array>,
  dispose: () => Promise<void>,
  maxBytes = 1024 * 1024
): Promise<string> {
  const parts: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of body()) {
      const take = Math.min(chunk.length, maxBytes - length)
      if (take > 0) parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, take))
      length += take
      if (length >= maxBytes) break
    }
  } finally {
    await dispose()
  }
  return Buffer.concat(parts).toString('utf8')
}
