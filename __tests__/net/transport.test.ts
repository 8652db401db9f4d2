import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import net from 'node:net'
import { createHash } from 'node:crypto'
import {
  BODY_POOL_SLICES,
  httpTransport,
  NetworkError,
  sliceSize,
  toNetworkError,
  type BodySource
} from '../../src/net/transport.js'
import { isRetryableError } from '../../src/net/retry.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const servers: http.Server[] = []
const timers: Array<ReturnType<typeof setInterval>> = []

async function serve(handler: Handler): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return { url: `http://127.0.0.1:${port}/upload?upload_id=abc`, server }
}

afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t)
  await Promise.all(
    servers.splice(0).map(
      s =>
        new Promise<void>(resolve => {
          s.closeAllConnections()
          s.close(() => resolve())
        })
    )
  )
})

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of req) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(NetworkError)
  return err as NetworkError
}

describe('httpTransport: what goes on the wire', () => {
  it('sends the given headers exactly, with Content-Length: 0 on an empty POST', async () => {
    let seen: string[] = []
    const { url } = await serve(async (req, res) => {
      seen = req.rawHeaders
      await readAll(req)
      res.writeHead(201, { location: 'http://127.0.0.1/session' }).end()
    })
    const headers = { 'content-type': 'text/plain', 'content-length': '0', 'x-goog-resumable': 'start' }
    const res = await httpTransport({ method: 'POST', url, headers })
    await res.dispose()
    expect(res.status).toBe(201)
    expect(res.headers.get('Location')).toBe('http://127.0.0.1/session')
    const names = seen.filter((_, i) => i % 2 === 0).map(n => n.toLowerCase())
    expect(names.filter(n => n !== 'host' && n !== 'connection').sort()).toEqual(
      ['content-length', 'content-type', 'x-goog-resumable'].sort()
    )
    expect(seen[seen.indexOf('content-type') + 1]).toBe('text/plain')
    expect(seen[seen.indexOf('content-length') + 1]).toBe('0')
  })

  it('sends a real Content-Length (never chunked) with the exact body, and reports progress', async () => {
    let received: Buffer | undefined
    let headers: http.IncomingHttpHeaders = {}
    const { url } = await serve(async (req, res) => {
      headers = req.headers
      received = await readAll(req)
      res.writeHead(308, { range: `bytes=0-${received.length - 1}` }).end()
    })
    const body = Buffer.alloc(3 * 1024 * 1024 + 17)
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251
    const progress: number[] = []
    const res = await httpTransport({
      method: 'PUT',
      url,
      headers: {
        'content-range': `bytes 0-${body.length - 1}/${body.length}`,
        'content-length': String(body.length)
      },
      body,
      onBodyProgress: n => progress.push(n)
    })
    await res.dispose()
    expect(res.status).toBe(308)
    expect(res.headers.get('range')).toBe(`bytes=0-${body.length - 1}`)
    expect(headers['content-length']).toBe(String(body.length))
    expect(headers['transfer-encoding']).toBeUndefined()
    expect(received?.equals(body)).toBe(true)
    expect(progress.at(-1)).toBe(body.length)
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1])).toBe(true)
  })

  it('adds Content-Length: 0 to an empty PUT and the body length when none is given', async () => {
    const lengths: Array<string | undefined> = []
    const { url } = await serve(async (req, res) => {
      lengths.push(req.headers['content-length'])
      await readAll(req)
      res.end()
    })
    await (await httpTransport({ method: 'PUT', url, headers: {} })).dispose()
    await (await httpTransport({ method: 'PUT', url, headers: {}, body: Buffer.from('abc') })).dispose()
    expect(lengths).toEqual(['0', '3'])
  })

  it('refuses a Content-Length that does not match the body, before sending', async () => {
    const { url } = await serve((_req, res) => res.end())
    await expect(
      httpTransport({ method: 'PUT', url, headers: { 'Content-Length': '5' }, body: Buffer.from('abc') })
    ).rejects.toThrow(/content-length header 5 does not match the body length 3/)
  })

  it('returns a 308 without Location as it is (no redirect following)', async () => {
    const { url } = await serve(async (req, res) => {
      await readAll(req)
      res.writeHead(308).end('kept nothing')
    })
    const res = await httpTransport({ method: 'PUT', url, headers: {} })
    expect(res.status).toBe(308)
    expect(res.headers.get('range')).toBeNull()
    expect(await res.text()).toBe('kept nothing')
  })

  it('reads a bounded text body and disposes twice safely', async () => {
    const { url } = await serve((_req, res) => res.end('x'.repeat(100_000)))
    const res = await httpTransport({ method: 'GET', url, headers: {} })
    expect(await res.text(1000)).toBe('x'.repeat(1000))
    await res.dispose()
    await res.dispose()
  })

  it('reuses the keep-alive connection between requests', async () => {
    let connections = 0
    const { url, server } = await serve(async (req, res) => {
      await readAll(req)
      res.writeHead(308).end()
    })
    server.on('connection', () => connections++)
    for (let i = 0; i < 3; i++) {
      await (await httpTransport({ method: 'PUT', url, headers: {}, body: Buffer.alloc(1024) })).dispose()
      await (await httpTransport({ method: 'PUT', url, headers: {} })).text()
    }
    expect(connections).toBe(1)
  })

  it('never puts the URL into an error', async () => {
    const err = await httpTransport({ method: 'GET', url: 'not a url ?sig=s3cr3t', headers: {} }).catch(
      e => e
    )
    expect((err as Error).message).not.toContain('s3cr3t')
  })
})

describe('httpTransport: a streamed body', () => {
  /** A 48 MiB body made on the fly; records the buffers it was asked to fill. */
  function source(length: number, seen: Set<ArrayBufferLike>): BodySource {
    return {
      length,
      read: async (pos, into) => {
        seen.add(into.buffer)
        for (let i = 0; i < into.length; i++) into[i] = (pos + i) % 251
        return into.length
      }
    }
  }
  const expected = (length: number) => {
    const h = createHash('sha256')
    const b = Buffer.alloc(length)
    for (let i = 0; i < length; i++) b[i] = i % 251
    return h.update(b).digest('hex')
  }

  it('sends every byte through a fixed pool of slice buffers, whatever the length, with a slow reader', async () => {
    const length = 48 * 1024 * 1024 + 123
    const { url } = await serve(async (req, res) => {
      const h = createHash('sha256')
      let n = 0
      for await (const chunk of req) {
        h.update(chunk as Buffer)
        n += (chunk as Buffer).length
        // a slow server: the socket fills up and the transport must wait for it
        if (n < 4 * 1024 * 1024) await new Promise(r => setTimeout(r, 1))
      }
      res.end(JSON.stringify({ n, sha: h.digest('hex') }))
    })
    const seen = new Set<ArrayBufferLike>()
    const progress: number[] = []
    const res = await httpTransport({
      method: 'PUT',
      url,
      headers: {},
      body: source(length, seen),
      stallTimeoutMs: 30_000,
      onBodyProgress: n => progress.push(n)
    })
    expect(JSON.parse(await res.text())).toEqual({ n: length, sha: expected(length) })
    expect(seen.size).toBeLessThanOrEqual(BODY_POOL_SLICES)
    expect(progress.at(-1)).toBe(length)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
  })

  it('a source that fails stops the request with its error, not a network error', async () => {
    const { url } = await serve(async (req, res) => {
      await readAll(req).catch(() => undefined)
      res.end('never')
    })
    const broken: BodySource = {
      length: 4 * 1024 * 1024,
      read: async (pos, into) => {
        if (pos >= 1024 * 1024) throw new Error('file changed during upload: ids.txt (it was modified)')
        return into.length
      }
    }
    const err = await httpTransport({ method: 'PUT', url, headers: {}, body: broken }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toMatch(/^file changed during upload/)
    expect(isRetryableError(err)).toBe(false)
  })
})

describe('httpTransport: connection failures', () => {
  it('reports a reset as a retryable NetworkError ECONNRESET', async () => {
    const { url } = await serve(req => req.once('data', () => req.socket.resetAndDestroy()))
    const err = await failure(
      httpTransport({ method: 'PUT', url, headers: {}, body: Buffer.alloc(8 * 1024 * 1024) })
    )
    expect(['ECONNRESET', 'EPIPE']).toContain(err.code)
    expect(isRetryableError(err)).toBe(true)
  })

  it('reports a refused connection as a retryable ECONNREFUSED', async () => {
    const probe = net.createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as net.AddressInfo
    await new Promise(resolve => probe.close(resolve))
    const err = await failure(httpTransport({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {} }))
    expect(err.code).toBe('ECONNREFUSED')
    expect(isRetryableError(err)).toBe(true)
  })

  it('unwraps codes from cause chains and aggregate errors', () => {
    const inner = Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
    expect(toNetworkError(new TypeError('fetch failed', { cause: inner }))?.code).toBe('ETIMEDOUT')
    expect(toNetworkError(new AggregateError([inner]))?.code).toBe('ETIMEDOUT')
    expect(toNetworkError(new Error('plain'))).toBeUndefined()
  })

  it('aborts with NetworkError ABORTED when the caller aborts, not retryable', async () => {
    const { url } = await serve(() => undefined) // never answers
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const started = performance.now()
    const err = await failure(httpTransport({ method: 'GET', url, headers: {}, signal: controller.signal }))
    expect(err.code).toBe('ABORTED')
    expect(isRetryableError(err)).toBe(false)
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('rejects at once when the signal is already aborted', async () => {
    const err = await failure(
      httpTransport({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, signal: AbortSignal.abort() })
    )
    expect(err.code).toBe('ABORTED')
  })
})

describe('httpTransport: the stall watchdog', () => {
  it('uses body slices small enough to drain within the timeout, large when it allows', () => {
    expect(sliceSize(500)).toBe(16 * 1024)
    expect(sliceSize(4000)).toBe(32 * 1024)
    expect(sliceSize(120_000)).toBe(512 * 1024)
    expect(sliceSize(undefined)).toBe(512 * 1024)
  })

  it('aborts a request whose body stops moving (the server stops reading)', async () => {
    const { url } = await serve(req => req.pause())
    const started = performance.now()
    const err = await failure(
      httpTransport({
        method: 'PUT',
        url,
        headers: {},
        body: Buffer.alloc(64 * 1024 * 1024),
        stallTimeoutMs: 400
      })
    )
    expect(err.code).toBe('STALLED')
    expect(isRetryableError(err)).toBe(true)
    expect(performance.now() - started).toBeLessThan(10_000)
  })

  it('aborts a request whose answer never comes', async () => {
    const { url } = await serve(req => void readAll(req)) // reads everything, never answers
    const started = performance.now()
    const err = await failure(
      httpTransport({ method: 'PUT', url, headers: {}, body: Buffer.alloc(1024), stallTimeoutMs: 400 })
    )
    const elapsed = performance.now() - started
    expect(err.code).toBe('STALLED')
    expect(elapsed).toBeGreaterThanOrEqual(350)
    expect(elapsed).toBeLessThan(5000)
  })

  it('aborts a response body that stops while it is read', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write('partial')
    })
    const res = await httpTransport({ method: 'GET', url, headers: {}, stallTimeoutMs: 400 })
    const err = await failure(res.text())
    expect(err.code).toBe('STALLED')
  })

  it('does not time out a response that is waiting to be read', async () => {
    const { url } = await serve((_req, res) => res.end('all here'))
    const res = await httpTransport({ method: 'GET', url, headers: {}, stallTimeoutMs: 200 })
    await new Promise(resolve => setTimeout(resolve, 600))
    expect(await res.text()).toBe('all here')
  })

  it('never aborts a body that keeps moving, even for several times the timeout', async () => {
    // The server reads 256 KiB every 50 ms. Slower trickles cannot be seen on loopback: the kernel buffers
    // megabytes and wakes the writer only when about a third of its send buffer is free (measured gaps:
    // ~2 s at 160 kB/s, ~0.3 s at 5 MB/s), so the timeout here is 1 s and the request lasts ~2.5 s.
    const { url } = await serve(async (req, res) => {
      let budget = 0
      req.on('data', (chunk: Buffer) => {
        budget -= chunk.length
        if (budget <= 0) req.pause()
      })
      req.pause()
      timers.push(
        setInterval(() => {
          budget += 256 * 1024
          req.resume()
        }, 50)
      )
      req.on('end', () => res.writeHead(308).end())
    })
    const progress: number[] = []
    const started = performance.now()
    const res = await httpTransport({
      method: 'PUT',
      url,
      headers: {},
      body: Buffer.alloc(16 * 1024 * 1024),
      stallTimeoutMs: 1000,
      onBodyProgress: n => progress.push(n)
    })
    await res.dispose()
    expect(res.status).toBe(308)
    expect(performance.now() - started).toBeGreaterThan(2000)
    expect(progress.at(-1)).toBe(16 * 1024 * 1024)
  })
})
