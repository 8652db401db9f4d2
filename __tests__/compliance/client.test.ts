import { describe, expect, it } from '@jest/globals'
import {
  ActiveJobError,
  ComplianceClient,
  XApiError,
  type ComplianceJob
} from '../../src/compliance/client.js'
import { NetworkError } from '../../src/net/transport.js'
import { fakeClock, scriptedTransport, type Reply } from '../helpers/fake-transport.js'

const BASE = 'https://api.example.test'
const NOW = 1_700_000_000_000

function job(over: Partial<ComplianceJob> = {}): ComplianceJob {
  return {
    id: '1460000000000000001',
    type: 'tweets',
    status: 'created',
    resumable: true,
    created_at: new Date(NOW).toISOString(),
    upload_url: 'https://storage.example.test/up?X-Goog-Signature=abc',
    upload_expires_at: new Date(NOW + 900_000).toISOString(),
    download_url: 'https://storage.example.test/down?X-Goog-Signature=def',
    download_expires_at: new Date(NOW + 7 * 86_400_000).toISOString(),
    ...over
  }
}

const ok = (data: unknown, headers: Record<string, string> = {}): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ data })
})

function client(handler: Parameters<typeof scriptedTransport>[0], retries = 3) {
  const transport = scriptedTransport(handler)
  const clock = fakeClock(NOW)
  const c = new ComplianceClient({
    baseUrl: BASE,
    token: 'tok',
    transport,
    clock,
    retry: { maxRetries: retries, baseDelayMs: 100 },
    stallTimeoutMs: 10_000
  })
  return { c, transport, clock }
}

describe('ComplianceClient', () => {
  it('creates a resumable job with the bearer token, sent only to the API origin', async () => {
    const { c, transport } = client(() => ok(job()))
    const created = await c.create('tweets', 'nightly')
    expect(created.id).toBe('1460000000000000001')
    const [req] = transport.requests
    expect(req.method).toBe('POST')
    expect(req.url).toBe(`${BASE}/2/compliance/jobs`)
    expect(req.headers.authorization).toBe('Bearer tok')
    expect(req.headers['content-type']).toBe('application/json')
    expect(JSON.parse(req.body!.toString())).toEqual({ type: 'tweets', name: 'nightly', resumable: true })
  })

  it('omits an empty name', async () => {
    const { c, transport } = client(() => ok(job()))
    await c.create('users', '')
    expect(JSON.parse(transport.requests[0].body!.toString())).toEqual({ type: 'users', resumable: true })
  })

  it('gets, lists (no data = empty) and cancels', async () => {
    const { c, transport } = client((_req, n) => {
      if (n === 1) return ok(job({ status: 'in_progress' }))
      if (n === 2) return { status: 200, body: '{"meta":{"result_count":0}}' }
      if (n === 3) return ok([job(), job({ id: '2' })])
      return ok({ cancelled: true })
    })
    expect((await c.get('1460000000000000001')).status).toBe('in_progress')
    expect(await c.list('tweets', 'created')).toEqual([])
    expect((await c.list('users')).map(j => j.id)).toEqual(['1460000000000000001', '2'])
    await c.cancel('9')
    expect(transport.requests.map(r => `${r.method} ${r.url.slice(BASE.length)}`)).toEqual([
      'GET /2/compliance/jobs/1460000000000000001',
      'GET /2/compliance/jobs?type=tweets&status=created',
      'GET /2/compliance/jobs?type=users',
      'DELETE /2/compliance/jobs/9'
    ])
    expect(transport.requests.every(r => r.headers.authorization === 'Bearer tok')).toBe(true)
  })

  it('quotes problem JSON with the HTTP status and says what to check on 401 and 403', async () => {
    const unauthorized = client(() => ({
      status: 401,
      body: '{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}'
    }))
    const e401 = await unauthorized.c.get('1').catch(e => e)
    expect(e401).toBeInstanceOf(XApiError)
    expect(e401.message).toMatch(/getting job 1 failed: HTTP 401: Unauthorized\..*bearer-token/)
    expect(unauthorized.transport.requests).toHaveLength(1) // never retried

    const forbidden = client(() => ({ status: 403, body: '{"errors":[{"message":"Forbidden"}]}' }))
    const e403 = await forbidden.c.create('tweets', '').catch(e => e)
    expect(e403.message).toMatch(/HTTP 403: Forbidden\..*lacks access/)
    expect(forbidden.transport.requests).toHaveLength(1)

    const invalid = client(() => ({
      status: 400,
      body: '{"title":"Invalid Request","detail":"One or more parameters to your request was invalid."}'
    }))
    const e400 = await invalid.c.create('tweets', 'x').catch(e => e)
    expect(e400.message).toContain(
      'HTTP 400: Invalid Request: One or more parameters to your request was invalid.'
    )
    expect(e400.message).toMatch(/^X API: creating a tweets job failed: HTTP 400/)
    expect(e400.message).not.toContain('..')
  })

  it('waits until x-rate-limit-reset after a 429, never earlier', async () => {
    const reset = Math.floor(NOW / 1000) + 60
    const { c, clock, transport } = client((_req, n) =>
      n === 1
        ? {
            status: 429,
            headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) },
            body: '{}'
          }
        : ok(job())
    )
    await c.get('1')
    expect(transport.requests).toHaveLength(2)
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000)
  })

  it('after remaining: 0, the next request of that endpoint waits for the reset', async () => {
    const reset = Math.floor(NOW / 1000) + 30
    const { c, clock } = client(() =>
      ok(job(), { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) })
    )
    await c.get('1')
    expect(clock.now()).toBe(NOW)
    await c.get('1')
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000)
  })

  it('after an ambiguous create failure, adopts the job created since the first attempt', async () => {
    const mine = job({ id: '777', name: 'nightly', created_at: new Date(NOW + 500).toISOString() })
    const { c, transport } = client(req => {
      if (req.method === 'POST') return { status: 503, body: 'upstream timeout' }
      return ok([
        job({ id: '1', name: 'nightly', created_at: new Date(NOW - 3_600_000).toISOString() }),
        mine
      ])
    })
    const adopted = await c.create('tweets', 'nightly')
    expect(adopted.id).toBe('777')
    expect(transport.requests.filter(r => r.method === 'POST')).toHaveLength(1)
    expect(transport.requests[1].url).toBe(`${BASE}/2/compliance/jobs?type=tweets&status=created`)
  })

  it('after a reset with no job found, creates again', async () => {
    let posts = 0
    const { c, transport } = client(req => {
      if (req.method === 'POST' && ++posts === 1) throw new NetworkError('ECONNRESET', 'socket hang up')
      if (req.method === 'POST') return ok(job({ id: '888' }))
      return { status: 200, body: '{}' }
    })
    expect((await c.create('tweets', '')).id).toBe('888')
    expect(transport.requests.map(r => r.method)).toEqual(['POST', 'GET', 'POST'])
  })

  it('gives up after max-retries consecutive failures, naming the last one', async () => {
    const { c, transport } = client(
      () => ({ status: 502, body: '<html><title>Bad Gateway</title></html>' }),
      2
    )
    const err = await c.get('5').catch(e => e)
    expect(err).toBeInstanceOf(XApiError)
    expect(err.message).toMatch(/getting job 5 failed after 3 attempts/)
    expect(transport.requests).toHaveLength(3)
  })

  it('names the active job when a create is refused while one is active (found by listing, not by the text)', async () => {
    const active = job({ id: '555', status: 'in_progress' })
    const { c, transport } = client(req => {
      if (req.method === 'POST') return { status: 409, body: '{"title":"Conflict"}' }
      return req.url.includes('status=in_progress') ? ok([active]) : { status: 200, body: '{}' }
    })
    const err = await c.create('tweets', '').catch(e => e)
    expect(err).toBeInstanceOf(ActiveJobError)
    expect(err.active.id).toBe('555')
    expect(err.message).toMatch(/tweets job 555 is already in_progress/)
    expect(transport.requests.filter(r => r.method === 'POST')).toHaveLength(1)
  })

  it('rejects a job of an unexpected shape', async () => {
    const { c } = client(() => ({ status: 200, body: '{"data":{"id":"x"}}' }))
    await expect(c.get('1')).rejects.toThrow(/unexpected shape/)
  })
})
