import { afterEach, describe, expect, it } from '@jest/globals'
import {
  expectedResults,
  REASONS,
  resultsForObject,
  startSandbox,
  type Sandbox
} from '../../src/sandbox/index.js'
import { createJob, getJob, idFile, put, raw, startSession, TOKEN, type JobJson } from './helpers.js'

function ids(n: number, seed = 3): string[] {
  return idFile(n * 20, seed)
    .toString()
    .trim()
    .split('\n')
    .slice(0, n)
}

describe('expectedResults (deterministic results)', () => {
  it('is a pure function of the IDs and type', () => {
    const list = ids(500)
    expect(expectedResults(list, 'tweets')).toEqual(expectedResults([...list], 'tweets'))
    expect(expectedResults(list, 'users')).not.toEqual(expectedResults(list, 'tweets'))
  })

  it.each(['tweets', 'users'] as const)(
    'flags 20-40%% of %s IDs with X line shapes and that type’s reasons',
    type => {
      const list = ids(5000)
      const lines = expectedResults(list, type)
      expect(lines.length / list.length).toBeGreaterThan(0.2)
      expect(lines.length / list.length).toBeLessThan(0.4)
      const known = new Set(list)
      const seen = new Set<string>()
      let withRedacted = 0
      for (const line of lines) {
        const o = JSON.parse(line) as Record<string, string>
        expect(Object.keys(o)).toEqual(
          'redacted_at' in o
            ? ['id', 'action', 'created_at', 'redacted_at', 'reason']
            : ['id', 'action', 'created_at', 'reason']
        )
        expect(known.has(o.id)).toBe(true)
        expect(o.action).toBe('delete')
        expect(o.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
        if (o.redacted_at) {
          withRedacted++
          expect(o.redacted_at > o.created_at).toBe(true)
        }
        expect(REASONS[type]).toContain(o.reason)
        seen.add(o.reason)
      }
      expect([...seen].sort()).toEqual([...REASONS[type]].sort())
      expect(withRedacted).toBeGreaterThan(0)
      expect(withRedacted).toBeLessThan(lines.length)
    }
  )

  it('ignores blank lines, CR, and lines that are not IDs', () => {
    const list = ids(200)
    const messy = Buffer.from(
      ['', ...list.map(i => `${i}\r`), '', 'abc', '12345678901234567890', ''].join('\n')
    )
    expect(resultsForObject(messy, 'tweets')).toBe(expectedResults(list, 'tweets').join('\n') + '\n')
    expect(resultsForObject(Buffer.from('\n\n'), 'tweets')).toBe('')
  })
})

describe('download', () => {
  let sb: Sandbox
  let now = Date.UTC(2024, 0, 1)
  afterEach(() => sb.close())

  async function completedJob(object: Buffer): Promise<JobJson> {
    const job = await createJob(sb)
    const session = await startSession(job.upload_url)
    expect((await put(session, `bytes 0-${object.length - 1}/${object.length}`, object)).status).toBe(200)
    return job
  }

  it('404 NoSuchKey before complete; then the results, equal to expectedResults of the uploaded IDs', async () => {
    sb = await startSandbox({ token: TOKEN, processingMs: 1000, clock: () => now })
    const object = idFile(200_000)
    const job = await completedJob(object)
    const early = await raw(job.download_url)
    expect(early.status).toBe(404)
    expect(early.text).toContain('<Code>NoSuchKey</Code>')
    now += 1000
    expect((await getJob(sb, job.id)).status).toBe('complete')
    const r = await raw(job.download_url)
    expect(r.status).toBe(200)
    const want = expectedResults(object.toString().trim().split('\n'), 'tweets').join('\n') + '\n'
    expect(r.text).toBe(want)
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(want)))
    expect(sb.job(job.id)?.results).toBe(want)
  })

  it('supports Range: bytes=N- (206 + Content-Range) and bytes=N-M; 416 past the end', async () => {
    sb = await startSandbox({ token: TOKEN, processingMs: 0, clock: () => now })
    const job = await completedJob(idFile(20_000))
    const whole = (await raw(job.download_url)).body
    const part = await raw(job.download_url, { headers: { range: 'bytes=100-' } })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 100-${whole.length - 1}/${whole.length}`)
    expect(Buffer.concat([whole.subarray(0, 100), part.body]).equals(whole)).toBe(true)
    const mid = await raw(job.download_url, { headers: { range: 'bytes=10-19' } })
    expect(mid.status).toBe(206)
    expect(mid.body.equals(whole.subarray(10, 20))).toBe(true)
    const past = await raw(job.download_url, { headers: { range: `bytes=${whole.length}-` } })
    expect(past.status).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${whole.length}`)
    const head = await raw(job.download_url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String(whole.length))
  })

  it('an all-compliant upload gives an empty results object', async () => {
    sb = await startSandbox({ token: TOKEN, processingMs: 0, clock: () => now })
    const job = await completedJob(Buffer.from('\n\n'))
    const r = await raw(job.download_url)
    expect(r.status).toBe(200)
    expect(r.body.length).toBe(0)
  })

  it('403 on a tampered signature; 400 ExpiredToken after download_expires_at', async () => {
    sb = await startSandbox({ token: TOKEN, processingMs: 0, clock: () => now })
    const job = await completedJob(idFile(1000))
    const bad = job.download_url.replace(/X-Goog-Signature=[0-9a-f]{4}/, 'X-Goog-Signature=ffff')
    expect((await raw(bad)).status).toBe(403)
    now += 7 * 86_400_000 + 1
    const late = await raw(job.download_url)
    expect(late.status).toBe(400)
    expect(late.text).toContain('<Code>ExpiredToken</Code>')
  })

  it('discardObjects hashes and counts but keeps no bytes; the job completes with the same results', async () => {
    sb = await startSandbox({ token: TOKEN, processingMs: 0, discardObjects: true, clock: () => now })
    const object = idFile(600_000)
    const job = await completedJob(object)
    const j = sb.job(job.id)
    expect(j?.object).toBeUndefined()
    expect(j?.objectSize).toBe(object.length)
    expect(j?.status).toBe('complete')
    const want = resultsForObject(object, 'tweets')
    expect(want.length).toBeGreaterThan(0)
    expect((await raw(job.download_url)).text).toBe(want)
    expect(j?.results).toBe(want)
    expect(j?.resultsCount).toBe(want.split('\n').length - 1)
    const chunks = sb.stats().requests.filter(r => r.kind === 'chunk')
    expect(chunks.reduce((n, r) => n + r.bytesReceived, 0)).toBe(object.length)
    expect(sb.stats().bytesReceived).toBeGreaterThanOrEqual(object.length)
  })
})
