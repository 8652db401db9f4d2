import { describe, expect, it } from '@jest/globals'
import { RATE_LIMIT, RedivisApiError, RedivisClient, redivisError } from '../../src/redivis/api.js'
import { RequestPacer } from '../../src/net/pacer.js'
import { NetworkError } from '../../src/net/transport.js'
import { fakeClock, scriptedTransport, type Reply } from '../helpers/fake-transport.js'
import type { Logger } from '../../src/action/log.js'
import { fileReport, type FileReport } from '../../src/redivis/report.js'
import { waitForUploads } from '../../src/redivis/wait.js'

const BASE = 'https://redivis.example.test/api/v1'
const REF = 'demo.ds:next.posts'

function client(handler: Parameters<typeof scriptedTransport>[0], retries = 3) {
  const transport = scriptedTransport(handler)
  const clock = fakeClock()
  const c = new RedivisClient({
    baseUrl: BASE,
    token: 'tok',
    transport,
    retry: { maxRetries: retries, baseDelayMs: 100 },
    stallTimeoutMs: 1000,
    clock,
    tableInput: 'demo.ds.posts'
  })
  return { c, transport, clock }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body)
})

async function failure(p: Promise<unknown>): Promise<RedivisApiError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(RedivisApiError)
    return err as RedivisApiError
  }
  throw new Error('expected a RedivisApiError')
}

describe('RedivisClient', () => {
  it('sends the token, encodes the reference once and reads both version fields', async () => {
    const { c, transport } = client(() =>
      json(200, { kind: 'dataset', nextVersion: { tag: 'v1.1' }, currentVersion: { tag: 'v1.0' } })
    )
    expect(await c.getDataset('demo.ds:ab1')).toEqual({
      nextVersion: { tag: 'v1.1' },
      currentVersion: { tag: 'v1.0' }
    })
    expect(transport.requests[0].url).toBe(`${BASE}/datasets/demo.ds%3Aab1`)
    expect(transport.requests[0].headers.authorization).toBe('Bearer tok')
  })

  it('uses no temp upload URL the token would travel to in the clear', async () => {
    const temp = (url: string) =>
      client(() => json(200, { results: [{ id: 't1', url, resumable: true }] })).c.createTempUploads(REF, [
        { name: 'a.csv', size: 1, resumable: true }
      ])
    const e = await failure(temp('http://storage.example.test/u?X-Goog-Signature=secret'))
    expect(e.message).toMatch(/not https \(http:\/\/storage\.example\.test\); the api-token .* not used/)
    expect(e.message).not.toContain('secret')
    await failure(temp('not a url'))
    expect((await temp('https://storage.example.test/u'))[0].id).toBe('t1')
    expect((await temp('http://127.0.0.1:9/u'))[0].id).toBe('t1') // the sandbox
  })

  it('quotes the OAuth error shape with the status and names the token and data.edit on 401/403', async () => {
    const e401 = await failure(
      client(() => json(401, { error: 'invalid_token', error_description: 'The token expired' })).c.getTable(
        REF
      )
    )
    expect(e401.message).toMatch(/HTTP 401: The token expired \(invalid_token\)\. Check that api-token/)
    const e403 = await failure(
      client(() => json(403, { error: 'insufficient_scope', error_description: 'Missing scope' })).c.getTable(
        REF
      )
    )
    expect(e403.message).toMatch(/HTTP 403: Missing scope \(insufficient_scope\)\..*data\.edit scope/)
    expect(e403.code).toBe('insufficient_scope')
  })

  it('quotes the legacy error shape, and says on 404 that the action does not create tables', async () => {
    const e400 = await failure(
      client(() =>
        json(400, { error: { status: 400, message: 'Uploads can only be made to the next version' } })
      ).c.getTable(REF)
    )
    expect(e400.message).toMatch(/HTTP 400: Uploads can only be made to the next version\.$/)
    const e404 = await failure(
      client(() => json(404, { error: 'not_found', error_description: 'Table not found' })).c.getTable(REF)
    )
    expect(e404.message).toMatch(/HTTP 404: .*demo\.ds\.posts.*does not create tables/)
  })

  it('reads a HEAD error from x-redivis-error-payload', async () => {
    const payload = encodeURIComponent(
      JSON.stringify({ error: 'forbidden', error_description: 'No edit access' })
    )
    const e = await failure(
      client(() => ({ status: 403, headers: { 'x-redivis-error-payload': payload } })).c.uploadExists(
        REF,
        'a.csv'
      )
    )
    expect(e.message).toMatch(/HTTP 403: No edit access \(forbidden\)/)
  })

  it('looks uploads up by name with dots as underscores; 404 means none', async () => {
    const { c, transport } = client(() => ({ status: 404 }))
    expect(await c.uploadExists(REF, 'posts.v2.csv')).toBe(false)
    expect(transport.requests[0]).toMatchObject({
      method: 'HEAD',
      url: `${BASE}/tables/demo.ds%3Anext.posts/uploads/posts_v2_csv`
    })
  })

  it('honours Retry-After on a 429', async () => {
    const { c, clock } = client((_req, n) =>
      n === 1
        ? json(429, { error: 'rate_limit_exceeded' }, { 'retry-after': '7' })
        : json(200, { isFileIndex: false })
    )
    await c.getTable(REF)
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(7000)
  })

  it('adopts an upload an ambiguous create made instead of making a second', async () => {
    const upload = { kind: 'upload', uri: '/tables/x/uploads/a_csv', name: 'a.csv', status: 'queued' }
    const { c, transport } = client(req => {
      if (req.method === 'POST') throw new NetworkError('ECONNRESET', 'socket hang up')
      return json(200, upload)
    })
    const got = await c.createUpload(REF, { name: 'a.csv', type: null, tempUploadId: 't1' })
    expect(got.uri).toBe(upload.uri)
    expect(transport.requests.map(r => r.method)).toEqual(['POST', 'GET'])
  })

  it('retries a create refused with 429 without looking it up (nothing was made)', async () => {
    const upload = { uri: '/tables/x/uploads/a_csv', name: 'a.csv', status: 'queued' }
    const { c, transport } = client((_req, n) =>
      n === 1 ? json(429, { error: 'rate_limit_exceeded' }, { 'retry-after': '1' }) : json(200, upload)
    )
    await c.createUpload(REF, { name: 'a.csv', type: null, tempUploadId: 't1' })
    expect(transport.requests.map(r => r.method)).toEqual(['POST', 'POST'])
  })

  it('gives up with the attempts counted when the API keeps failing', async () => {
    const e = await failure(client(() => json(503, {}), 2).c.getTable(REF))
    expect(e.message).toMatch(/failed after 3 attempts/)
  })

  it('parses both error shapes and plain text', () => {
    expect(redivisError('{"error":"x","error_description":"y"}')).toEqual({ code: 'x', text: 'y (x)' })
    expect(redivisError('{"error":{"status":400,"message":"bad"}}')).toEqual({ text: 'bad' })
    expect(redivisError('oops')).toEqual({ text: 'oops' })
  })
})

describe('RequestPacer', () => {
  it('lets at most `limit` requests into any window, in call order', async () => {
    const clock = fakeClock(0)
    const pacer = new RequestPacer(3, 1000, clock)
    const at: number[] = []
    await Promise.all(Array.from({ length: 7 }, () => pacer.take().then(() => at.push(clock.now()))))
    expect(at).toEqual([0, 0, 0, 1000, 1000, 1000, 2000])
  })

  it('keeps Redivis under about 100 requests per 100 s', () => {
    expect(RATE_LIMIT.limit).toBeLessThan(100)
    expect(RATE_LIMIT.windowMs).toBe(100_000)
  })
})

describe('waitForUploads', () => {
  const quiet = { info: () => undefined, error: () => undefined } as unknown as Logger

  function report(name: string): FileReport {
    const r = fileReport({ path: `/w/${name}`, relative: name, name, size: 1 })
    return { ...r, status: 'queued', created: true, uploadUri: `/tables/t/uploads/${name}` }
  }

  it('polls with gaps from 2 s growing x1.5 to 30 s until each upload ends, quoting a failure', async () => {
    const clock = fakeClock(0)
    let polls = 0
    const client = {
      getUpload: async (uri: string) => {
        polls++
        const done = clock.now() >= 200_000
        if (uri.endsWith('bad.csv'))
          return { uri, name: 'bad.csv', status: 'failed', numRows: null, errorMessage: 'Row 2 is jagged' }
        return {
          uri,
          name: 'a.csv',
          status: done ? 'completed' : 'running',
          numRows: done ? 7 : null,
          errorMessage: null
        }
      }
    } as unknown as RedivisClient
    const files = [report('a.csv'), report('bad.csv')]
    const left = await waitForUploads(files, client, {
      clock,
      signal: new AbortController().signal,
      log: quiet,
      timeoutMs: 3_600_000
    })
    expect(left).toEqual([])
    expect(clock.sleeps.slice(0, 6)).toEqual([2000, 3000, 4500, 6750, 10125, 15187.5])
    expect(Math.max(...clock.sleeps)).toBe(30_000)
    expect(files.map(f => [f.status, f.rows, f.error])).toEqual([
      ['completed', 7, null],
      ['failed', null, 'Row 2 is jagged']
    ])
    expect(polls).toBeGreaterThan(2)
  })

  it('returns the uploads still processing when processing-timeout-minutes runs out', async () => {
    const clock = fakeClock(0)
    const client = {
      getUpload: async (uri: string) => ({
        uri,
        name: 'slow.csv',
        status: 'queued',
        numRows: null,
        errorMessage: null
      })
    } as unknown as RedivisClient
    const slow = report('slow.csv')
    const left = await waitForUploads([slow], client, {
      clock,
      signal: new AbortController().signal,
      log: quiet,
      timeoutMs: 60_000
    })
    expect(left).toEqual([slow])
    expect(clock.now()).toBe(60_000)
  })
})
