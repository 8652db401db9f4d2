import { afterEach, describe, expect, it } from '@jest/globals'
import { createCRC32 } from 'hash-wasm'
import {
  FaultBook,
  faultPresets,
  fPresetList,
  fPresets,
  startSandbox,
  type FaultPlan,
  type RequestKind,
  type Sandbox,
  type SandboxOptions
} from '../../src/sandbox/index.js'
import {
  auth,
  BLOCK,
  bytes,
  createJob,
  getJob,
  idFile,
  KiB,
  put,
  raw,
  startSession,
  TOKEN,
  type JobJson
} from './helpers.js'

const RESET = ['ECONNRESET', 'EPIPE']
let sb: Sandbox
let job: JobJson
let session: string
let now = Date.UTC(2024, 0, 1)
const total = 3 * BLOCK + 500
const data = bytes(total, 11)

async function setup(faults: FaultPlan, opts: SandboxOptions = {}): Promise<void> {
  now = Date.UTC(2024, 0, 1)
  sb = await startSandbox({ token: TOKEN, processingMs: 1000, clock: () => now, ...opts })
  job = await createJob(sb)
  session = await startSession(job.upload_url)
  sb.setFaults(faults)
}
afterEach(() => sb?.close())

const query = () => put(session, `bytes */${total}`)
const chunk = (from: number, to: number, headers?: Record<string, string>) =>
  put(session, `bytes ${from}-${to}/${total}`, data.subarray(from, to + 1), headers)
const finalChunk = (from: number, headers?: Record<string, string>) => chunk(from, total - 1, headers)
const lastRecord = () => sb.stats().requests.at(-1)

describe('status faults', () => {
  it('503 on a chunk after keeping 256 KiB (testbench return-503-after-256K)', async () => {
    await setup([{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }])
    const r = await chunk(0, 2 * BLOCK - 1)
    expect(r.status).toBe(503)
    expect(r.text).toContain('<Code>ServiceUnavailable</Code>')
    expect((await query()).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    expect(sb.stats().faultsInjected).toBe(1)
    expect(sb.stats().requests.find(q => q.kind === 'chunk')).toMatchObject({
      status: 503,
      fault: 'status 503'
    })
    // Fires once by default.
    expect((await chunk(BLOCK, 2 * BLOCK - 1)).status).toBe(308)
  })

  it('408 on a chunk keeps nothing', async () => {
    await setup(faultPresets['408-on-chunk'])
    expect((await chunk(0, BLOCK - 1)).status).toBe(408)
    expect((await query()).headers.range).toBeUndefined()
  })

  it('503 on the start POST creates no session', async () => {
    await setup(faultPresets['503-on-start'])
    const r = await raw(job.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': 0, 'x-goog-resumable': 'start' }
    })
    expect(r.status).toBe(503)
    expect(sb.job(job.id)?.sessionsStarted).toBe(1)
  })

  it('X API: 503 problem on GET; with commit on create the job exists although the answer is 503', async () => {
    await setup([
      { on: 'get', do: { status: 503 } },
      { on: 'create', do: { status: 503, commit: true } }
    ])
    const g = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    expect(g.status).toBe(503)
    expect(JSON.parse(g.text)).toMatchObject({ status: 503, title: 'Service Unavailable' })
    const c = await raw(`${sb.apiBaseUrl}/2/compliance/jobs`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'users', resumable: true })
    })
    expect(c.status).toBe(503)
    const list = await raw(`${sb.apiBaseUrl}/2/compliance/jobs?type=users&status=created`, {
      headers: auth()
    })
    expect((JSON.parse(list.text) as { data: unknown[] }).data).toHaveLength(1)
  })

  it('custom body and headers', async () => {
    await setup([
      { on: 'get', do: { status: 500, body: 'errors: ["internal server error"]', headers: { 'x-a': 'b' } } }
    ])
    const g = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    expect(g).toMatchObject({ status: 500, text: 'errors: ["internal server error"]' })
    expect(g.headers['x-a']).toBe('b')
  })
})

describe('connection faults', () => {
  it('reset at once on the start POST: the client sees ECONNRESET', async () => {
    await setup(faultPresets['reset-on-start'])
    const r = await raw(job.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': 0, 'x-goog-resumable': 'start' }
    })
    expect(r.error).toBe('ECONNRESET')
    expect(lastRecord()).toMatchObject({ kind: 'start', outcome: 'reset', status: 0 })
  })

  it('reset after 300 KiB of a chunk body: whole 256 KiB blocks are kept', async () => {
    await setup(faultPresets['reset-mid-chunk'])
    const r = await chunk(0, 3 * BLOCK - 1)
    expect(RESET).toContain(r.error)
    expect((await query()).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    expect(sb.stats().requests.find(q => q.kind === 'chunk')?.bytesReceived).toBe(300 * KiB)
  })

  it('loseFinalResponse: the final chunk is committed, then the connection is reset', async () => {
    await setup(faultPresets['lose-final-response'])
    expect((await chunk(0, 3 * BLOCK - 1)).status).toBe(308)
    const r = await finalChunk(3 * BLOCK)
    expect(RESET).toContain(r.error)
    const q = await query()
    expect(q.status).toBe(200)
    expect(JSON.parse(q.text)).toMatchObject({ size: String(total) })
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('loseFinalResponse on create: the job exists, the client got a reset', async () => {
    await setup(faultPresets['create-lost'])
    const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'users', resumable: true })
    })
    expect(r.error).toBe('ECONNRESET')
    expect(sb.jobs().filter(j => j.type === 'users')).toHaveLength(1)
  })

  it('truncateFinalResponse: headers and half the body, then the connection closes; the object is committed', async () => {
    await setup(faultPresets['truncate-final-response'])
    const r = await put(session, `bytes 0-${total - 1}/${total}`, data)
    expect(r.status).toBe(200)
    expect(r.error).toBe('aborted')
    expect(r.body.length).toBeLessThan(Number(r.headers['content-length']))
    expect(lastRecord()).toMatchObject({ outcome: 'truncated' })
    const q = await query()
    expect(q.status).toBe(200)
    expect(JSON.parse(q.text)).toMatchObject({ size: String(total) })
  })

  it("truncateFinalResponse 'empty': 200 with an empty body; a status query gives the metadata", async () => {
    await setup(faultPresets['empty-final-response'])
    const r = await put(session, `bytes 0-${total - 1}/${total}`, data)
    expect(r).toMatchObject({ status: 200, text: '' })
    expect(r.error).toBeUndefined()
    expect(JSON.parse((await query()).text)).toMatchObject({ size: String(total) })
  })
})

describe('stalls', () => {
  it('stall mid-body without ms: the server stops reading and never answers; blocks read so far are kept', async () => {
    await setup(faultPresets['stall-mid-body'])
    const t = Date.now()
    const r = await raw(session, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${3 * BLOCK - 1}/${total}` },
      body: data.subarray(0, 3 * BLOCK),
      timeoutMs: 500
    })
    expect(r.error).toBe('timeout')
    expect(Date.now() - t).toBeGreaterThanOrEqual(450)
    expect((await query()).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
  })

  it('stall mid-body with ms: reading resumes and the request completes', async () => {
    await setup([{ on: 'chunk', do: { stall: { afterBytes: 100 * KiB, ms: 300 } } }])
    const t = Date.now()
    const r = await chunk(0, 2 * BLOCK - 1)
    expect(Date.now() - t).toBeGreaterThanOrEqual(250)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
  })

  it('stall before answering (no afterBytes) delays the answer by ms', async () => {
    await setup([{ on: 'get', do: { stall: { ms: 300 } } }])
    const t = Date.now()
    const r = await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    expect(r.status).toBe(200)
    expect(Date.now() - t).toBeGreaterThanOrEqual(250)
  })

  it('stall before answering without ms: the work is done but no answer comes', async () => {
    await setup([{ on: 'chunk', final: true, do: { stall: {} } }])
    const r = await raw(session, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${total - 1}/${total}` },
      body: data,
      timeoutMs: 400
    })
    expect(r.error).toBe('timeout')
    expect((await query()).status).toBe(200)
  })
})

describe('persistence faults', () => {
  it('keepLess: the 308 Range shows less than was sent; resuming from it completes the object', async () => {
    await setup(faultPresets['keeps-less'])
    const r = await chunk(0, 3 * BLOCK - 1)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    expect((await finalChunk(BLOCK)).status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('keepLess on the final chunk: not finalized, 308 with the shorter Range', async () => {
    await setup([{ on: 'chunk', final: true, do: { keepLess: 2 * BLOCK } }])
    const r = await put(session, `bytes 0-${total - 1}/${total}`, data)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
    expect((await finalChunk(2 * BLOCK)).status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('dropAll: 308 without Range, everything lost; the same session accepts a restart from 0', async () => {
    await setup(faultPresets['drops-all'])
    expect((await chunk(0, BLOCK - 1)).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    const r = await chunk(BLOCK, 2 * BLOCK - 1)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBeUndefined()
    expect((await query()).headers.range).toBeUndefined()
    expect((await put(session, `bytes 0-${total - 1}/${total}`, data)).status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('dropAll on a status query', async () => {
    await setup([{ on: 'status', do: { dropAll: true } }])
    await chunk(0, BLOCK - 1)
    const r = await query()
    expect(r.status).toBe(308)
    expect(r.headers.range).toBeUndefined()
  })

  it.each<[404 | 410 | 499, number]>([
    [404, 404],
    [410, 410],
    [499, 404]
  ])('sessionGone %d: this request gets it, later ones %d', async (code, later) => {
    await setup([{ on: 'chunk', nth: 2, do: { sessionGone: code } }])
    await chunk(0, BLOCK - 1)
    expect((await chunk(BLOCK, 2 * BLOCK - 1)).status).toBe(code)
    expect((await query()).status).toBe(later)
    expect((await chunk(BLOCK, 2 * BLOCK - 1)).status).toBe(later)
  })
})

describe('X API faults', () => {
  it("rateLimit '429': 429 with remaining 0 and the given reset, until the reset passes", async () => {
    await setup(faultPresets['poll-rate-limited'])
    const get = () => raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    const r = await get()
    expect(r.status).toBe(429)
    expect(JSON.parse(r.text)).toMatchObject({ status: 429, title: 'Too Many Requests' })
    expect(r.headers).toMatchObject({
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.ceil((now + 2000) / 1000))
    })
    expect((await get()).status).toBe(429)
    now += 2000
    expect((await get()).status).toBe(200)
  })

  it("rateLimit 'exhaust': a normal answer with remaining 0; the next request is 429", async () => {
    await setup(faultPresets['poll-remaining-zero'])
    const get = () => raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })
    const r = await get()
    expect(r.status).toBe(200)
    expect(r.headers['x-rate-limit-remaining']).toBe('0')
    expect((await get()).status).toBe(429)
  })

  it.each<['failed' | 'expired', string | undefined]>([
    ['failed', 'Internal error while processing'],
    ['expired', undefined]
  ])('jobOutcome %s: the job ends that way after processing', async (outcome, error) => {
    now = Date.UTC(2024, 0, 1)
    sb = await startSandbox({
      token: TOKEN,
      processingMs: 1000,
      clock: () => now,
      faults: [{ on: 'create', do: { jobOutcome: outcome, error } }]
    })
    job = await createJob(sb)
    session = await startSession(job.upload_url)
    await put(session, `bytes 0-${total - 1}/${total}`, data)
    expect((await getJob(sb, job.id)).status).toBe('in_progress')
    now += 1000
    const done = await getJob(sb, job.id)
    expect(done.status).toBe(outcome)
    expect(done.error).toBe(error)
    expect((await raw(job.download_url)).status).toBe(404)
  })
})

describe('download faults', () => {
  it('reset after 100 bytes: a broken stream; Range resume gets the rest', async () => {
    await setup([])
    const object = Buffer.from(Array.from({ length: 3000 }, (_, i) => String(1e15 + i * 7919)).join('\n'))
    const users = await createJob(sb, { type: 'users', resumable: true })
    const s = await startSession(users.upload_url)
    expect((await put(s, `bytes 0-${object.length - 1}/${object.length}`, object)).status).toBe(200)
    now += 1000
    const whole = Buffer.from(sb.job(users.id)?.results ?? '')
    expect(whole.length).toBeGreaterThan(1000)
    sb.setFaults(faultPresets['download-broken'])
    const first = await raw(users.download_url)
    expect(first.status).toBe(200)
    expect(first.error).toBe('aborted')
    expect(first.body.length).toBe(100)
    const rest = await raw(users.download_url, { headers: { range: `bytes=${first.body.length}-` } })
    expect(rest.status).toBe(206)
    expect(Buffer.concat([first.body, rest.body]).equals(whole)).toBe(true)
  })

  it('stall mid-download with ms: the body arrives late but whole', async () => {
    await setup([])
    const ids = idFile(50_000)
    await put(session, `bytes 0-${ids.length - 1}/${ids.length}`, ids)
    now += 1000
    sb.setFaults([{ on: 'download', do: { stall: { afterBytes: 10, ms: 300 } } }])
    const t = Date.now()
    const r = await raw(job.download_url)
    expect(Date.now() - t).toBeGreaterThanOrEqual(250)
    expect(r.status).toBe(200)
    expect(r.text.length).toBeGreaterThan(10)
    expect(r.text).toBe(sb.job(job.id)?.results)
  })
})

describe('fault plan mechanics', () => {
  it('nth and times pick which matching requests fail; setFaults resets the counters', async () => {
    await setup([{ on: 'get', nth: 2, times: 2, do: { status: 503 } }])
    const get = async () =>
      (await raw(`${sb.apiBaseUrl}/2/compliance/jobs/${job.id}`, { headers: auth() })).status
    expect([await get(), await get(), await get(), await get()]).toEqual([200, 503, 503, 200])
    sb.setFaults([{ on: ['list', 'get'], times: Infinity, do: { status: 500 } }])
    expect([await get(), await get()]).toEqual([500, 500])
    sb.setFaults([])
    expect(await get()).toBe(200)
    expect(sb.stats().faultsInjected).toBe(4)
  })

  it('final filters the requests a rule sees', async () => {
    const book = new FaultBook([{ on: 'chunk', final: true, do: { loseFinalResponse: true } }])
    expect(book.match('chunk', false)).toBeUndefined()
    expect(book.match('chunk', true)).toEqual({ loseFinalResponse: true })
    expect(book.match('chunk', true)).toBeUndefined()
    const any = new FaultBook([{ on: '*', nth: 3, do: { status: 500 } }])
    expect(['create', 'start', 'download'].map(k => any.match(k as RequestKind, false))).toEqual([
      undefined,
      undefined,
      { status: 500 }
    ])
  })

  it('every rule of every preset fires, exactly as often as it says, in a walk long enough for all', () => {
    // Ten rounds of one request of each kind, the last round final: every nth in the presets is at most 7.
    const kinds: RequestKind[] = [
      'create',
      'get',
      'list',
      'cancel',
      'start',
      'chunk',
      'status',
      'download',
      'simplePut',
      'tempUploads',
      'uploadCreate',
      'uploadGet',
      'mediaInit',
      'mediaAppend',
      'mediaFinalize'
    ]
    const ROUNDS = 10
    const got: Record<string, number> = {}
    const want: Record<string, number> = {}
    for (const [name, plan] of Object.entries<FaultPlan>(faultPresets)) {
      const book = new FaultBook(plan)
      for (let i = 0; i < ROUNDS; i++) for (const k of kinds) book.match(k, i === ROUNDS - 1)
      got[name] = book.injected
      want[name] = plan
        .map(rule => (rule.times === Infinity ? ROUNDS - (rule.nth ?? 1) + 1 : (rule.times ?? 1)))
        .reduce((a, b) => a + b, 0)
    }
    expect(got).toEqual(want)
    expect(got.none).toBe(0)
    expect(got['F18-hash-mismatch']).toBe(ROUNDS) // times: Infinity fires on every chunk
  })

  it('logs one line per request without query strings, signatures or session ids', async () => {
    const lines: string[] = []
    await setup([], { log: l => lines.push(l) })
    await chunk(0, BLOCK - 1)
    await query()
    await sleep(20)
    expect(lines).toEqual([
      'POST /2/compliance/jobs 200',
      `POST /gcs/twttr-tweet-compliance/${job.id}/submission 201`,
      `PUT /gcs/twttr-tweet-compliance/${job.id}/submission 308`,
      `PUT /gcs/twttr-tweet-compliance/${job.id}/submission 308`
    ])
    const kinds = sb.stats().requests.map(r => [r.kind, r.status, r.range])
    expect(kinds).toEqual([
      ['create', 200, undefined],
      ['start', 201, undefined],
      ['chunk', 308, `bytes=0-${BLOCK - 1}`],
      ['status', 308, `bytes=0-${BLOCK - 1}`]
    ])
  })
})

describe('faults for the F-scenarios', () => {
  const crc = async (b: Buffer): Promise<string> => {
    const h = await createCRC32(0x82f63b78)
    h.init()
    h.update(b)
    return Buffer.from(h.digest('binary')).toString('base64')
  }

  it('holdFinal (F12): every byte kept, not finalized, 308 with the whole Range; bytes */N finalizes', async () => {
    await setup(faultPresets['F12-persisted-not-finalized'])
    const r = await put(session, `bytes 0-${total - 1}/${total}`, data)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${total - 1}`)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
    expect((await put(session, 'bytes */*')).headers.range).toBe(`bytes=0-${total - 1}`)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined() // */* never finalizes
    const done = await put(session, `bytes */${total}`, undefined, {
      'x-goog-hash': `crc32c=${await crc(data)}`
    })
    expect(done.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('the empty finalizing PUT is refused with 400 when its crc32c does not match', async () => {
    await setup(faultPresets['F12-persisted-not-finalized'])
    await put(session, `bytes 0-${total - 1}/${total}`, data)
    const bad = await put(session, `bytes */${total}`, undefined, { 'x-goog-hash': 'crc32c=AAAAAA==' })
    expect(bad.status).toBe(400)
    expect(bad.text).toMatch(/CRC32C/)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
  })

  it('overReport (F16): the Range claims more than was sent; a query shows the truth', async () => {
    await setup(faultPresets['F16-offset-beyond-sent'])
    expect((await chunk(0, BLOCK - 1)).headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    expect((await query()).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
  })

  it('lagBy (F17, F25): the Range shows less than is kept; resent bytes overlap and are ignored', async () => {
    await setup([
      { on: 'chunk', nth: 1, do: { lagBy: 100 * KiB } },
      { on: 'status', nth: 1, do: { lagBy: 2 * BLOCK } }
    ])
    expect((await chunk(0, 2 * BLOCK - 1)).headers.range).toBe(`bytes=0-${2 * BLOCK - 100 * KiB - 1}`)
    expect((await query()).headers.range).toBeUndefined() // lags by everything: no Range
    expect((await query()).headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`) // the truth, grown
    expect((await put(session, `bytes 0-${total - 1}/${total}`, data)).status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('corrupt (F18): a stored byte is flipped, so the correct crc32c is refused with 400', async () => {
    await setup(faultPresets['F18-hash-mismatch-once'])
    await chunk(0, BLOCK - 1)
    const r = await finalChunk(BLOCK, { 'x-goog-hash': `crc32c=${await crc(data)}` })
    expect(r.status).toBe(400)
    expect(r.text).toMatch(/<Code>BadRequest<\/Code><Message>Provided CRC32C/)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
    // Without a hash the server cannot tell: the object would differ from the data.
    const other = await startSession(job.upload_url)
    sb.setFaults(faultPresets['F18-hash-mismatch-once'])
    expect((await put(other, `bytes 0-${total - 1}/${total}`, data)).status).toBe(200)
    const object = sb.job(job.id)?.object
    expect(object?.length).toBe(total)
    expect(object?.equals(data)).toBe(false)
  })

  it('refuse (F21): this request is reset, new connections are refused for ms, then served again', async () => {
    await setup([{ on: 'chunk', do: { refuse: { ms: 400 } } }])
    expect(RESET).toContain((await chunk(0, BLOCK - 1)).error)
    expect((await query()).error).toBe('ECONNREFUSED')
    await sleep(600)
    expect((await query()).status).toBe(308)
    expect(sb.stats().requests.find(r => r.kind === 'chunk')?.outcome).toBe('reset')
  })

  it('close() while refusing connections resolves', async () => {
    await setup([{ on: 'chunk', do: { refuse: { ms: 60_000 } } }])
    await chunk(0, BLOCK - 1)
    await sb.close()
  })

  it.each([
    [412, 'PreconditionFailed'],
    [403, 'AccessDenied'],
    [401, 'AuthenticationRequired'],
    [400, 'InvalidArgument']
  ])('status %d answers a GCS XML error with Code %s', async (status, code) => {
    await setup([{ on: 'chunk', do: { status } }])
    const r = await chunk(0, BLOCK - 1)
    expect(r.status).toBe(status)
    expect(r.text).toContain(`<Code>${code}</Code>`)
    expect((await query()).headers.range).toBeUndefined()
  })

  it('fPresets names one preset per server-side scenario; fPresetList holds them all, named by F-number', () => {
    const ids = [...Array.from({ length: 22 }, (_, i) => `F${i + 1}`), 'F25']
    expect(Object.keys(fPresets).sort()).toEqual([...ids].sort())
    expect(new Set(fPresetList.map(p => p.id))).toEqual(new Set(ids))
    for (const p of fPresetList) {
      expect(p.name.startsWith(`${p.id}-`)).toBe(true)
      expect(faultPresets[p.name]).toBe(p.plan)
      expect(p.expect.length).toBeGreaterThan(0)
    }
    expect(fPresets.F7.name).toBe('F7-keeps-less-middle')
    expect(fPresetList.filter(p => !p.survivable).map(p => p.id)).toEqual([
      'F16',
      'F18',
      'F19',
      'F20',
      'F20',
      'F20'
    ])
  })
})

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms))
}
