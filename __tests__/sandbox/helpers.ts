// Raw HTTP helpers for the sandbox tests: node:http only, never our own client code.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { Sandbox } from '../../src/sandbox/index.js'

export const KiB = 1024
export const BLOCK = 256 * KiB
export const TOKEN = 'test-token'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  text: string
  /** Set when the connection failed instead of answering (ECONNRESET, 'aborted', 'timeout'). */
  error?: string
}

export interface RawOptions {
  method?: string
  headers?: Record<string, string | number>
  /** A Buffer is sent with Content-Length (unless headers say otherwise); an array is sent chunked. */
  body?: Buffer | string | Buffer[]
  /** Give up (destroy the socket) after this many ms; resolves with error 'timeout'. */
  timeoutMs?: number
  /** Destroy the request after writing this many body bytes (a client-side broken request). */
  abortAfterBytes?: number
}

/** One request on a fresh connection; resolves (never rejects) with what came back. */
export function raw(url: string, opts: RawOptions = {}): Promise<RawResponse> {
  return new Promise(resolve => {
    const headers: Record<string, string | number> = { ...opts.headers }
    const body = opts.body
    const single = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : undefined
    const hasLength = Object.keys(headers).some(h => h.toLowerCase() === 'content-length')
    if (single && !hasLength) headers['content-length'] = single.length
    const req = httpRequest(url, { method: opts.method ?? 'GET', headers, agent: false })
    let settled = false
    const done = (r: RawResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(r)
    }
    const fail = (error: string): void =>
      done({ status: 0, headers: {}, body: Buffer.alloc(0), text: '', error })
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          req.destroy()
          fail('timeout')
        }, opts.timeoutMs)
      : undefined
    req.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message))
    req.on('response', res => {
      const parts: Buffer[] = []
      res.on('data', (b: Buffer) => parts.push(b))
      res.on('end', () => {
        const b = Buffer.concat(parts)
        done({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString('utf8') })
      })
      res.on('aborted', () => {
        const b = Buffer.concat(parts)
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: b,
          text: b.toString(),
          error: 'aborted'
        })
      })
      res.on('error', () => {
        const b = Buffer.concat(parts)
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: b,
          text: b.toString(),
          error: 'aborted'
        })
      })
    })
    const pieces = single ? [single] : Array.isArray(body) ? body : []
    if (opts.abortAfterBytes !== undefined) {
      const all = Buffer.concat(pieces)
      req.write(all.subarray(0, opts.abortAfterBytes), () => {
        // Let the bytes reach the server before the connection goes away.
        setTimeout(() => {
          req.destroy()
          fail('client-aborted')
        }, 100)
      })
      return
    }
    for (const p of pieces) req.write(p)
    req.end()
  })
}

export function auth(token = TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}

export interface JobJson {
  id: string
  type: string
  name?: string
  status: string
  resumable: boolean
  created_at: string
  upload_url: string
  upload_expires_at: string
  download_url: string
  download_expires_at: string
  error?: string
}

export async function createJob(
  sb: Sandbox,
  body: Record<string, unknown> = { type: 'tweets', resumable: true }
): Promise<JobJson> {
  const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`)
  return (JSON.parse(r.text) as { data: JobJson }).data
}

export async function getJob(sb: Sandbox, id: string): Promise<JobJson> {
  const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${id}`, { headers: auth() })
  if (r.status !== 200) throw new Error(`get failed: ${r.status} ${r.text}`)
  return (JSON.parse(r.text) as { data: JobJson }).data
}

export const START_HEADERS = {
  'content-type': 'text/plain',
  'content-length': 0,
  'x-goog-resumable': 'start'
}

/** Starts a resumable session exactly as GCS wants it; returns the session URI. */
export async function startSession(uploadUrl: string): Promise<string> {
  const r = await raw(uploadUrl, { method: 'POST', headers: START_HEADERS })
  if (r.status !== 201 || typeof r.headers.location !== 'string') throw new Error(`start failed: ${r.status}`)
  return r.headers.location
}

export function put(
  session: string,
  range: string,
  body?: Buffer | Buffer[],
  headers: Record<string, string> = {}
) {
  return raw(session, {
    method: 'PUT',
    headers: { 'content-range': range, ...headers },
    body: body ?? Buffer.alloc(0)
  })
}

/** A file of numeric IDs, '\n'-terminated, of at least `bytes` bytes (deterministic). */
export function idFile(bytes: number, seed = 1): Buffer {
  const lines: string[] = []
  let size = 0
  let x = seed
  while (size < bytes) {
    x = (x * 1103515245 + 12345) % 2147483648
    const id = `1${String(x).padStart(10, '0')}${String(size % 100000000).padStart(8, '0')}`
    lines.push(id)
    size += id.length + 1
  }
  return Buffer.from(lines.join('\n') + '\n')
}

/** Deterministic pseudo-random bytes. */
export function bytes(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (x * 1664525 + 1013904223) >>> 0
    b[i] = x >>> 24
  }
  return b
}

export function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms))
}
