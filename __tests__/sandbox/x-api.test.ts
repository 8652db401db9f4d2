import { afterEach, describe, expect, it } from '@jest/globals'
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js'
import { auth, createJob, getJob, put, raw, startSession, TOKEN, type JobJson } from './helpers.js'

const T0 = Date.UTC(2021, 7, 11, 19, 42, 55)
let sb: Sandbox
let now = T0

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  now = T0
  sb = await startSandbox({ token: TOKEN, clock: () => now, ...opts })
  return sb
}
afterEach(() => sb?.close())

function post(body: unknown, headers: Record<string, string> = auth()) {
  return raw(`${sb.apiBaseUrl}/2/compliance/jobs`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
}

describe('create', () => {
  it('answers 200 {data: job} with X field names, a 19-digit id, ISO timestamps and signed URLs', async () => {
    await sandbox()
    const r = await post({ type: 'tweets', name: 'nightly', resumable: true })
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toMatch(/^application\/json/)
    const job = (JSON.parse(r.text) as { data: JobJson }).data
    expect(Object.keys(job).sort()).toEqual(
      [
        'created_at',
        'download_expires_at',
        'download_url',
        'id',
        'name',
        'resumable',
        'status',
        'type',
        'upload_expires_at',
        'upload_url'
      ].sort()
    )
    expect(job.id).toMatch(/^[1-9][0-9]{18}$/)
    expect(job).toMatchObject({ type: 'tweets', name: 'nightly', resumable: true, status: 'created' })
    expect(job.created_at).toBe('2021-08-11T19:42:55.000Z')
    expect(job.upload_expires_at).toBe('2021-08-11T19:57:55.000Z')
    expect(job.download_expires_at).toBe('2021-08-18T19:42:55.000Z')
    const up = new URL(job.upload_url)
    expect(`${up.origin}${up.pathname}`).toBe(
      `${sb.apiBaseUrl}/gcs/twttr-tweet-compliance/${job.id}/submission`
    )
    expect(up.searchParams.get('X-Goog-Algorithm')).toBe('GOOG4-RSA-SHA256')
    expect(up.searchParams.get('X-Goog-Date')).toBe('20210811T194255Z')
    expect(up.searchParams.get('X-Goog-Expires')).toBe('900')
    expect(up.searchParams.get('X-Goog-Credential')).toMatch(/\/20210811\/auto\/storage\/goog4_request$/)
    expect(job.upload_url).toContain(
      'X-Goog-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bx-goog-resumable'
    )
    expect(up.searchParams.get('X-Goog-Signature')).toMatch(/^[0-9a-f]{512}$/)
    const down = new URL(job.download_url)
    expect(down.pathname).toBe(`/gcs/twttr-tweet-compliance/${job.id}/delivery`)
    expect(down.searchParams.get('X-Goog-Expires')).toBe('604800')
    expect(down.searchParams.get('X-Goog-Signature')).not.toBe(up.searchParams.get('X-Goog-Signature'))
  })

  it('omits name when none is given and reports resumable false by default; users jobs use their bucket', async () => {
    await sandbox()
    const job = await createJob(sb, { type: 'users' })
    expect('name' in job).toBe(false)
    expect(job.resumable).toBe(false)
    expect(job.upload_url).toContain('/gcs/twttr-user-compliance/')
    expect(job.upload_url).toContain('X-Goog-SignedHeaders=content-type%3Bhost&')
  })

  it.each([
    ['another key', { type: 'tweets', resumable: true, extra: 1 }],
    ['a bad type', { type: 'posts' }],
    ['no type', { name: 'x' }],
    ['a name over 64 characters', { type: 'tweets', name: 'n'.repeat(65) }],
    ['a non-boolean resumable', { type: 'tweets', resumable: 'yes' }],
    ['invalid JSON', '{"type":'],
    ['a JSON array', '[]']
  ])('rejects %s with a 400 problem', async (_what, body) => {
    await sandbox()
    const r = await post(body)
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    const p = JSON.parse(r.text) as { title: string; type: string; errors: { message: string }[] }
    expect(p.title).toBe('Invalid Request')
    expect(p.type).toMatch(/\/2\/problems\/invalid-request$/)
    expect(p.errors[0].message).toEqual(expect.any(String))
    expect(sb.jobs()).toHaveLength(0)
  })

  it('accepts a name of exactly 64 characters', async () => {
    await sandbox()
    expect((await createJob(sb, { type: 'tweets', name: 'n'.repeat(64) })).name).toHaveLength(64)
  })

  it('allows one active job per type: a second create is 409 with a problem body; other type is fine', async () => {
    await sandbox()
    await createJob(sb, { type: 'tweets', resumable: true })
    const r = await post({ type: 'tweets', resumable: true })
    expect(r.status).toBe(409)
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/)
    expect(JSON.parse(r.text)).toMatchObject({
      status: 409,
      title: expect.any(String),
      type: expect.any(String)
    })
    expect((await createJob(sb, { type: 'users' })).type).toBe('users')
  })
})

describe('auth', () => {
  const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }

  it.each([
    ['no Authorization header', {}],
    ['an empty bearer token', { authorization: 'Bearer ' }],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }]
  ])('answers 401 with X body for %s', async (_what, headers) => {
    await sandbox()
    for (const r of [
      await post({ type: 'tweets' }, headers),
      await raw(`${sb.apiBaseUrl}/2/compliance/jobs?type=tweets`, { headers }),
      await raw(`${sb.apiBaseUrl}/2/compliance/jobs/123`, { headers })
    ]) {
      expect(r.status).toBe(401)
      expect(JSON.parse(r.text)).toEqual(UNAUTHORIZED)
      expect(r.headers['x-rate-limit-limit']).toBe('150')
    }
    expect(sb.jobs()).toHaveLength(0)
  })

  it('accepts any non-empty token when started without one', async () => {
    sb = await startSandbox()
    const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs?type=users`, { headers: auth('anything') })
    expect(r.status).toBe(200)
  })
})

describe('get, list, cancel', () => {
  it('gets a job by id; unknown id is 404 resource-not-found, a malformed one 400', async () => {
    await sandbox()
    const job = await createJob(sb)
    expect(await getJob(sb, job.id)).toEqual(job)
    const missing = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/1234567890123456789`, { headers: auth() })
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.text).type).toMatch(/\/2\/problems\/resource-not-found$/)
    const bad = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/abc`, { headers: auth() })
    expect(bad.status).toBe(400)
  })

  it('lists jobs of a type, newest first, filters by status, omits data when empty', async () => {
    await sandbox()
    const list = async (q: string) => {
      const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs?${q}`, { headers: auth() })
      return { status: r.status, body: JSON.parse(r.text) as { data?: JobJson[] } }
    }
    expect((await list('type=tweets')).body).not.toHaveProperty('data')
    const a = await createJob(sb)
    await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${a.id}`, { method: 'DELETE', headers: auth() })
    now += 1000
    const b = await createJob(sb)
    await createJob(sb, { type: 'users' })
    expect((await list('type=tweets')).body.data?.map(j => j.id)).toEqual([b.id, a.id])
    expect((await list('type=tweets&status=created')).body.data?.map(j => j.id)).toEqual([b.id])
    expect((await list('type=tweets&status=failed')).body.data?.map(j => j.id)).toEqual([a.id])
    expect((await list('type=tweets&status=complete')).body).not.toHaveProperty('data')
    expect((await list('type=posts')).status).toBe(400)
    expect((await list('')).status).toBe(400)
    expect((await list('type=tweets&status=expired')).status).toBe(400)
  })

  it('cancels an unfinished job: {data:{id,cancelled:true}}, status failed, a new job may be created', async () => {
    await sandbox()
    const job = await createJob(sb)
    const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { method: 'DELETE', headers: auth() })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ data: { id: job.id, cancelled: true } })
    expect((await getJob(sb, job.id)).status).toBe('failed')
    expect(sb.job(job.id)?.cancelled).toBe(true)
    const again = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, {
      method: 'DELETE',
      headers: auth()
    })
    expect(again.status).toBe(400)
    await createJob(sb)
  })
})

describe('rate limits', () => {
  it('sends x-rate-limit-* on every answer, 429 with X body when spent, per endpoint family', async () => {
    await sandbox({ rateLimit: { limit: 2, windowMs: 60_000 } })
    const job = await createJob(sb)
    const get = () => raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    const first = await get()
    const resetAt = String(Math.ceil((T0 + 60_000) / 1000))
    expect(first.headers).toMatchObject({
      'x-rate-limit-limit': '2',
      'x-rate-limit-remaining': '1',
      'x-rate-limit-reset': resetAt
    })
    expect((await get()).headers['x-rate-limit-remaining']).toBe('0')
    const limited = await get()
    expect(limited.status).toBe(429)
    expect(JSON.parse(limited.text)).toEqual({
      title: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
      detail: 'Too Many Requests'
    })
    expect(limited.headers).toMatchObject({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': resetAt })
    // Other families keep their own budget.
    const listed = await raw(`${sb.apiBaseUrl}/2/compliance/jobs?type=tweets`, { headers: auth() })
    expect(listed.status).toBe(200)
    expect(listed.headers['x-rate-limit-remaining']).toBe('1')
    // A new window opens at reset.
    now += 60_000
    expect((await get()).status).toBe(200)
  })
})

describe('lifecycle', () => {
  it('created -> in_progress when the upload is finalized -> complete after processingMs', async () => {
    await sandbox({ processingMs: 5000 })
    const job = await createJob(sb)
    const session = await startSession(job.upload_url)
    now += 1000
    expect((await getJob(sb, job.id)).status).toBe('created')
    expect((await put(session, 'bytes 0-5/6', Buffer.from('1\n2\n3\n'))).status).toBe(200)
    expect((await getJob(sb, job.id)).status).toBe('in_progress')
    now += 4999
    expect((await getJob(sb, job.id)).status).toBe('in_progress')
    now += 1
    expect((await getJob(sb, job.id)).status).toBe('complete')
    // Completion frees the type for a new job.
    await createJob(sb)
  })

  it('a job with nothing finalized inside the upload window becomes expired; its start POST is refused', async () => {
    await sandbox()
    const job = await createJob(sb)
    const early = await startSession(job.upload_url)
    await put(early, 'bytes 0-262143/300000', Buffer.alloc(262144, 0x31))
    now += 15 * 60_000 - 1
    expect((await getJob(sb, job.id)).status).toBe('created')
    now += 2
    const expired = await getJob(sb, job.id)
    expect(expired.status).toBe('expired')
    const start = await raw(job.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': 0, 'x-goog-resumable': 'start' }
    })
    expect(start.status).toBe(400)
    expect(start.text).toContain('<Code>ExpiredToken</Code>')
    // A session started in time still accepts bytes (GCS does not know about X), but the job stays expired.
    expect((await put(early, 'bytes 262144-299999/300000', Buffer.alloc(37856, 0x31))).status).toBe(200)
    expect((await getJob(sb, job.id)).status).toBe('expired')
    // An expired job is not active: a new one may be created.
    await createJob(sb)
  })

  it('honours uploadWindowMs', async () => {
    await sandbox({ uploadWindowMs: 60_000 })
    const job = await createJob(sb)
    expect(job.upload_expires_at).toBe('2021-08-11T19:43:55.000Z')
    expect(new URL(job.upload_url).searchParams.get('X-Goog-Expires')).toBe('60')
  })
})

describe('request records', () => {
  it('say whether a request carried an Authorization header, never its value', async () => {
    await sandbox()
    const job = await createJob(sb)
    await startSession(job.upload_url) // the signed URL: no header
    await raw(job.upload_url, { method: 'POST', headers: { ...auth(), 'x-goog-resumable': 'start' } })
    const records = sb.stats().requests
    expect(records.map(r => [r.kind, r.authorization])).toEqual([
      ['create', true],
      ['start', false],
      ['start', true]
    ])
    expect(JSON.stringify(records)).not.toContain(TOKEN)
  })
})
