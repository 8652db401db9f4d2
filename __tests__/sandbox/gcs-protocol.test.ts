import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createCRC32 } from 'hash-wasm'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import {
  BLOCK,
  bytes,
  createJob,
  getJob,
  KiB,
  put,
  raw,
  START_HEADERS,
  startSession,
  TOKEN,
  type JobJson
} from './helpers.js'
import { waitUntil } from '../helpers/wait.js'

let sb: Sandbox
let job: JobJson
let session: string

beforeEach(async () => {
  sb = await startSandbox({ token: TOKEN, processingMs: 60_000 })
  job = await createJob(sb)
})
afterEach(() => sb.close())

async function crc32c(data: Buffer): Promise<string> {
  const h = await createCRC32(0x82f63b78)
  h.init()
  h.update(data)
  return Buffer.from(h.digest('hex'), 'hex').toString('base64')
}

const query = (total: number | '*') => put(session, `bytes */${total}`)
/** Waits until the server has seen the client's broken request end (its bytes all read). */
const brokenRequestSeen = () =>
  waitUntil(() => sb.stats().requests.some(r => r.kind === 'chunk' && r.outcome === 'aborted'), {
    what: 'the broken chunk to be recorded as aborted',
    intervalMs: 10
  })

describe('start POST (signed headers must be exact)', () => {
  it('answers 201 with Location = upload_url + &upload_id=', async () => {
    const r = await raw(job.upload_url, { method: 'POST', headers: START_HEADERS })
    expect(r.status).toBe(201)
    const location = r.headers.location as string
    expect(location.startsWith(`${job.upload_url}&upload_id=`)).toBe(true)
    expect(new URL(location).searchParams.get('upload_id')).toMatch(/^[A-Za-z0-9_-]{20,}$/)
    expect(sb.job(job.id)?.sessionsStarted).toBe(1)
  })

  it.each([
    ['text/plain;charset=UTF-8', { ...START_HEADERS, 'content-type': 'text/plain;charset=UTF-8' }],
    ['text/plain; charset=utf-8', { ...START_HEADERS, 'content-type': 'text/plain; charset=utf-8' }],
    ['application/octet-stream', { ...START_HEADERS, 'content-type': 'application/octet-stream' }],
    ['no content-type', { 'content-length': 0, 'x-goog-resumable': 'start' }],
    ['no x-goog-resumable', { 'content-type': 'text/plain', 'content-length': 0 }],
    ['x-goog-resumable: yes', { ...START_HEADERS, 'x-goog-resumable': 'yes' }],
    [
      'chunked instead of content-length: 0',
      { ...START_HEADERS, 'content-length': undefined, 'transfer-encoding': 'chunked' }
    ],
    ['content-length: 1', { ...START_HEADERS, 'content-length': 1 }]
  ])('403 SignatureDoesNotMatch with %s', async (_what, headers) => {
    const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<
      string,
      string | number
    >
    const r = await raw(job.upload_url, {
      method: 'POST',
      headers: h,
      body: h['content-length'] === 1 ? 'x' : undefined
    })
    expect(r.status).toBe(403)
    expect(r.headers['content-type']).toMatch(/^application\/xml/)
    expect(r.text).toContain('<Code>SignatureDoesNotMatch</Code>')
    expect(sb.job(job.id)?.sessionsStarted).toBe(0)
  })

  it('403 when a signed query parameter is altered or missing', async () => {
    const url = new URL(job.upload_url)
    const sig = url.searchParams.get('X-Goog-Signature') as string
    url.searchParams.set(
      'X-Goog-Signature',
      sig.replace(/^./, c => (c === 'a' ? 'b' : 'a'))
    )
    expect((await raw(url.toString(), { method: 'POST', headers: START_HEADERS })).status).toBe(403)
    const longer = new URL(job.upload_url)
    longer.searchParams.set('X-Goog-Expires', '3600')
    expect((await raw(longer.toString(), { method: 'POST', headers: START_HEADERS })).status).toBe(403)
    const bare = job.upload_url.split('?')[0]
    expect((await raw(bare, { method: 'POST', headers: START_HEADERS })).status).toBe(403)
  })

  it('a non-resumable job cannot start a session but takes one simple PUT with Content-Type text/plain', async () => {
    const users = await createJob(sb, { type: 'users' })
    expect((await raw(users.upload_url, { method: 'POST', headers: START_HEADERS })).status).toBe(403)
    const data = Buffer.from('12\n34\n')
    const wrong = await raw(users.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: data
    })
    expect(wrong.status).toBe(403)
    const ok = await raw(users.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: data
    })
    expect(ok.status).toBe(200)
    expect(ok.headers['x-goog-hash']).toBe(`crc32c=${await crc32c(data)}`)
    expect(sb.job(users.id)?.object).toEqual(data)
    expect((await getJob(sb, users.id)).status).toBe('in_progress')
  })
})

describe('session PUTs', () => {
  const total = 4 * BLOCK + 1000
  const data = bytes(total)

  beforeEach(async () => {
    session = await startSession(job.upload_url)
  })

  it('308 without Range when nothing is kept; 308 Range bytes=0-N after a chunk', async () => {
    const empty = await query(total)
    expect(empty.status).toBe(308)
    expect(empty.headers.range).toBeUndefined()
    const r = await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${BLOCK - 1}`)
  })

  it('400 for a gap (chunk starts after the persisted end); nothing changes', async () => {
    await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    const gap = await put(
      session,
      `bytes ${2 * BLOCK}-${3 * BLOCK - 1}/${total}`,
      data.subarray(2 * BLOCK, 3 * BLOCK)
    )
    expect(gap.status).toBe(400)
    expect(gap.text).toContain('<Error>')
    expect((await query(total)).headers.range).toBe(`bytes=0-${BLOCK - 1}`)
  })

  it('400 for a non-final chunk whose length is not a multiple of 256 KiB (also with total *)', async () => {
    const r = await put(session, `bytes 0-${100 * KiB - 1}/${total}`, data.subarray(0, 100 * KiB))
    expect(r.status).toBe(400)
    expect(r.text).toContain('262144')
    const star = await put(session, `bytes 0-${BLOCK + 9}/*`, data.subarray(0, BLOCK + 10))
    expect(star.status).toBe(400)
    expect((await query(total)).headers.range).toBeUndefined()
  })

  it('400 when Content-Length differs from Content-Range', async () => {
    const r = await put(session, `bytes 0-${2 * BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    expect(r.status).toBe(400)
    expect((await query(total)).headers.range).toBeUndefined()
  })

  it('400 when a chunked body is shorter or longer than Content-Range; nothing of it is kept', async () => {
    const short = await put(session, `bytes 0-${2 * BLOCK - 1}/${total}`, [
      data.subarray(0, BLOCK),
      data.subarray(BLOCK, BLOCK + 1000)
    ])
    expect(short.status).toBe(400)
    const long = await put(session, `bytes 0-${BLOCK - 1}/${total}`, [
      data.subarray(0, BLOCK),
      data.subarray(0, 10)
    ])
    expect(long.status).toBe(400)
    expect((await query(total)).headers.range).toBeUndefined()
  })

  it('ignores resent bytes that overlap what is kept', async () => {
    await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    // Resend 0..2 blocks whose first block differs: the kept bytes must win.
    const resent = Buffer.concat([Buffer.alloc(BLOCK, 0xee), data.subarray(BLOCK, 2 * BLOCK)])
    const r = await put(session, `bytes 0-${2 * BLOCK - 1}/${total}`, resent)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    // A chunk entirely inside the kept range is accepted and changes nothing.
    const inside = await put(session, `bytes 0-${BLOCK - 1}/${total}`, Buffer.alloc(BLOCK, 0xee))
    expect(inside.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    const fin = await put(session, `bytes ${2 * BLOCK}-${total - 1}/${total}`, data.subarray(2 * BLOCK))
    expect(fin.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('final chunk: 200 + JSON metadata, x-goog-hash crc32c, x-goog-stored-content-length; job in_progress', async () => {
    await put(session, `bytes 0-${4 * BLOCK - 1}/${total}`, data.subarray(0, 4 * BLOCK))
    const r = await put(session, `bytes ${4 * BLOCK}-${total - 1}/${total}`, data.subarray(4 * BLOCK))
    expect(r.status).toBe(200)
    const crc = await crc32c(data)
    expect(r.headers['x-goog-hash']).toBe(`crc32c=${crc}`)
    expect(r.headers['x-goog-stored-content-length']).toBe(String(total))
    const meta = JSON.parse(r.text) as Record<string, string>
    expect(meta).toMatchObject({
      kind: 'storage#object',
      size: String(total),
      crc32c: crc,
      bucket: 'twttr-tweet-compliance'
    })
    const j = sb.job(job.id)
    expect(j?.object?.equals(data)).toBe(true)
    expect(j).toMatchObject({ status: 'in_progress', objectSize: total, objectCrc32c: crc })
    // Any later request on the finished session gets the metadata again.
    expect((await query('*')).status).toBe(200)
    expect((await query(total)).status).toBe(200)
    expect((await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))).status).toBe(200)
  })

  it('status query forms */N and */* answer 308 (+Range) while incomplete', async () => {
    await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    for (const r of [await query(total), await query('*')]) {
      expect(r.status).toBe(308)
      expect(r.headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    }
    expect((await put(session, 'bytes */x')).status).toBe(400)
    expect((await put(session, 'bytes=0-1/2', Buffer.from('ab'))).status).toBe(400)
  })

  it('a-b/* keeps data without finalizing; then bytes */N with every byte persisted finalizes', async () => {
    const d = data.subarray(0, 2 * BLOCK)
    const r = await put(session, `bytes 0-${2 * BLOCK - 1}/*`, d)
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    expect((await query('*')).status).toBe(308)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
    const fin = await query(2 * BLOCK)
    expect(fin.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(d)).toBe(true)
    expect((await getJob(sb, job.id)).status).toBe('in_progress')
  })

  it('a-*/* (Google single-request mode, chunked, no Content-Length) finalizes at the body end', async () => {
    await put(session, `bytes 0-${BLOCK - 1}/*`, data.subarray(0, BLOCK))
    const rest = data.subarray(BLOCK)
    const r = await put(session, `bytes ${BLOCK}-*/*`, [rest.subarray(0, 100_000), rest.subarray(100_000)])
    expect(r.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
    expect(sb.stats().requests.at(-1)).toMatchObject({
      kind: 'chunk',
      status: 200,
      contentRange: `bytes ${BLOCK}-*/*`
    })
  })

  it('a-*/N finalizes when the body reaches N', async () => {
    const r = await put(session, `bytes 0-*/${total}`, [data.subarray(0, 5000), data.subarray(5000)])
    expect(r.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('a broken request keeps only the whole 256 KiB blocks received', async () => {
    const r = await raw(session, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${4 * BLOCK - 1}/${total}` },
      body: data.subarray(0, 4 * BLOCK),
      abortAfterBytes: 2 * BLOCK + 100 * KiB
    })
    expect(r.error).toBe('client-aborted')
    await brokenRequestSeen()
    const kept = await query(total)
    expect(kept.status).toBe(308)
    expect(kept.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    // Resuming from the server's offset yields the exact object.
    await put(session, `bytes ${2 * BLOCK}-${total - 1}/${total}`, data.subarray(2 * BLOCK))
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('a broken request shorter than one block keeps nothing', async () => {
    await raw(session, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${2 * BLOCK - 1}/${total}` },
      body: data.subarray(0, 2 * BLOCK),
      abortAfterBytes: 200 * KiB
    })
    await brokenRequestSeen()
    expect((await query(total)).headers.range).toBeUndefined()
  })

  it('verifies x-goog-hash crc32c on the final request: mismatch is 400 and finalizes nothing', async () => {
    await put(session, `bytes 0-${4 * BLOCK - 1}/${total}`, data.subarray(0, 4 * BLOCK))
    const tail = data.subarray(4 * BLOCK)
    const bad = await put(session, `bytes ${4 * BLOCK}-${total - 1}/${total}`, tail, {
      'x-goog-hash': 'crc32c=AAAAAA=='
    })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('<Code>BadRequest</Code>')
    expect((await query(total)).headers.range).toBe(`bytes=0-${4 * BLOCK - 1}`)
    expect(sb.job(job.id)?.finalizedAt).toBeUndefined()
    const good = await put(session, `bytes ${4 * BLOCK}-${total - 1}/${total}`, tail, {
      'x-goog-hash': `crc32c=${await crc32c(data)},md5=ignored==`
    })
    expect(good.status).toBe(200)
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
  })

  it('DELETE on the session answers 499; afterwards the session answers 404', async () => {
    await put(session, `bytes 0-${BLOCK - 1}/${total}`, data.subarray(0, BLOCK))
    expect((await raw(session, { method: 'DELETE' })).status).toBe(499)
    expect((await query(total)).status).toBe(404)
    expect(
      (await put(session, `bytes ${BLOCK}-${2 * BLOCK - 1}/${total}`, data.subarray(BLOCK, 2 * BLOCK))).status
    ).toBe(404)
    expect((await raw(session, { method: 'DELETE' })).status).toBe(404)
    // The upload_url still starts a fresh session inside the window.
    const fresh = await startSession(job.upload_url)
    expect((await put(fresh, `bytes */${total}`)).status).toBe(308)
  })

  it('an unknown upload_id answers 404', async () => {
    const other = session.replace(/upload_id=[^&]+/, 'upload_id=nope')
    expect((await put(other, `bytes */${total}`)).status).toBe(404)
  })

  it('an empty object finalizes with bytes */0', async () => {
    const r = await query(0)
    expect(r.status).toBe(200)
    expect(sb.job(job.id)?.objectSize).toBe(0)
  })
})
