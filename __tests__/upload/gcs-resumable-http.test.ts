// End to end over real sockets: uploadResumable + httpTransport against the fake GCS model served on
// 127.0.0.1, with faults only a socket can produce (resets mid-body, a server that stops reading, a lost answer).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { httpTransport, NetworkError } from '../../src/net/transport.js'
import type { HttpRequest } from '../../src/net/transport.js'
import { uploadResumable } from '../../src/upload/gcs-resumable.js'
import type { UploadPhase } from '../../src/upload/gcs-resumable.js'
import type { RetryEvent } from '../../src/net/retry.js'
import { BLOCK, FakeGcs, START_HEADERS } from './fake-gcs.js'

type SocketFault = 'reset-mid-body' | 'stop-reading' | 'store-then-no-answer'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upload-http-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of req) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

/** Serve a FakeGcs over HTTP; `socketFaults` maps the n-th data PUT (0-based) to a socket-level fault. */
async function serveFake(size: number, socketFaults: Map<number, SocketFault>) {
  let dataPuts = 0
  const server = http.createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const model = fake // assigned below, before the first request can arrive
    const range = req.headers['content-range'] ?? ''
    const fault =
      req.method === 'PUT' && !range.startsWith('bytes */') ? socketFaults.get(dataPuts++) : undefined
    if (fault === 'reset-mid-body') {
      let got = 0
      req.on('data', (chunk: Buffer) => {
        got += chunk.length
        if (got >= 300 * 1024) req.socket.resetAndDestroy()
      })
      return
    }
    if (fault === 'stop-reading') return void req.pause()
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (name !== 'host' && name !== 'connection' && typeof value === 'string') headers[name] = value
    }
    const body = await readBody(req)
    const request: HttpRequest = {
      method: req.method as HttpRequest['method'],
      url: model.base + req.url,
      headers,
      body: body.length > 0 ? body : undefined
    }
    try {
      const answer = await model.transport(request)
      if (fault === 'store-then-no-answer') return
      const text = await answer.text().catch(() => undefined)
      const out: Record<string, string> = {}
      answer.headers.forEach((value, name) => (out[name] = value))
      if (text === undefined) {
        // the model's answer body is cut: send part of it and drop the connection
        res.writeHead(answer.status, { ...out, 'content-length': '100' })
        res.write('partial')
        setTimeout(() => req.socket.destroy(), 10)
        return
      }
      res.writeHead(answer.status, out).end(text)
    } catch (err) {
      if (err instanceof NetworkError) req.socket.resetAndDestroy()
      else throw err
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const fake = new FakeGcs(size, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  const close = () =>
    new Promise<void>(resolve => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return { fake, close }
}

describe('uploadResumable over real sockets', () => {
  it('survives a reset mid-body, a server that stops reading, a lost final answer and a cut body', async () => {
    const size = 3 * 1024 * 1024 + 123
    const data = randomBytes(size)
    const path = join(dir, 'ids.txt')
    await writeFile(path, data)
    const faults = new Map<number, SocketFault>([
      [1, 'reset-mid-body'],
      [3, 'stop-reading'],
      [5, 'store-then-no-answer']
    ])
    const { fake, close } = await serveFake(size, faults)
    fake.plan('status', { status: 503 }, undefined, undefined, { cutBody: true })
    const retries: Array<RetryEvent & { phase: UploadPhase }> = []
    try {
      const result = await uploadResumable({
        transport: httpTransport,
        retry: { maxRetries: 5, baseDelayMs: 10 },
        chunkSize: 4 * BLOCK,
        stallTimeoutMs: 500,
        file: { path, size },
        start: { url: fake.startUrl, headers: { ...START_HEADERS } },
        onRetry: e => retries.push(e)
      })
      expect(fake.object?.equals(data)).toBe(true)
      expect(result).toMatchObject({ bytes: size, status: 200, sessions: 1 })
      expect(retries.map(e => e.reason)).toEqual(
        expect.arrayContaining([
          'network error ECONNRESET',
          'the connection stalled: no progress for 0.5 s',
          'HTTP 503'
        ])
      )
      expect(result.faultsRecovered).toBe(retries.length)
      expect(retries.map(e => e.phase)).toEqual(['chunk', 'status', 'chunk', 'chunk', 'status'])
      expect(fake.requests.map(r => r.kind)).toEqual([
        'start',
        'data',
        'status',
        'status',
        'data',
        'status',
        'data',
        'data',
        'status',
        'status'
      ])
      expect(result.requests).toBe(fake.requests.length + 2) // a reset and a stopped read never reached the model
    } finally {
      await close()
    }
  })
})
