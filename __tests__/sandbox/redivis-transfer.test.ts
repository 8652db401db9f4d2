// Transfers to Redivis temp upload urls over raw HTTP: the bearer token on every request, the exact start
// POST, the declared size, and the same GCS session emulator (chunks, 308, status queries, faults).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { BLOCK, bytes, KiB, put, raw } from './helpers.js'
import { bearer, startResumable, tempUploads } from './redivis-helpers.js'
import { waitUntil } from '../helpers/wait.js'

let sb: Sandbox
beforeEach(async () => {
  sb = await startSandbox({ redivis: { processingMs: 50 } })
})
afterEach(() => sb.close())

async function temp(size: number, resumable: boolean) {
  const [t] = await tempUploads(sb, [{ size, name: 'data.csv', resumable }])
  return t
}

async function session(size: number): Promise<string> {
  const t = await temp(size, true)
  const r = await startResumable(t.url, size)
  if (r.status !== 201) throw new Error(`start failed: ${r.status} ${r.text}`)
  return r.headers.location as string
}

describe('resumable start', () => {
  it('exactly x-goog-resumable, x-upload-content-length, Content-Length: 0 and the token: 201, Location = url&upload_id=', async () => {
    const t = await temp(1000, true)
    const r = await startResumable(t.url, 1000)
    expect(r.status).toBe(201)
    const location = r.headers.location as string
    expect(location.startsWith(`${t.url}&upload_id=`)).toBe(true)
    expect(sb.redivis().tempUploads[0]).toMatchObject({ sessionsStarted: 1, complete: false })
    expect(sb.redivis().tempUploads[0].sessionIds).toEqual([new URL(location).searchParams.get('upload_id')])
    expect(sb.stats().requests.at(-1)).toMatchObject({ kind: 'start', status: 201, authorization: true })
  })

  it.each([
    ['no x-goog-resumable', { 'x-goog-resumable': undefined }, 'x-goog-resumable'],
    ['x-goog-resumable: yes', { 'x-goog-resumable': 'yes' }, 'x-goog-resumable'],
    ['no x-upload-content-length', { 'x-upload-content-length': undefined }, 'x-upload-content-length'],
    ['a size other than declared', { 'x-upload-content-length': 999 }, 'x-upload-content-length 999'],
    ['a Content-Type', { 'content-type': 'text/csv' }, 'Content-Type'],
    [
      'no Content-Length (chunked)',
      { 'content-length': undefined, 'transfer-encoding': 'chunked' },
      'Content-Length: 0'
    ]
  ])('400 InvalidArgument for %s, naming it', async (_what, change, named) => {
    const t = await temp(1000, true)
    const headers: Record<string, string | number> = {
      ...bearer(),
      'x-goog-resumable': 'start',
      'x-upload-content-length': 1000,
      'content-length': 0
    }
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete headers[k]
      else headers[k] = v
    }
    const r = await raw(t.url, { method: 'POST', headers })
    expect(r.status).toBe(400)
    expect(r.text).toContain('<Code>InvalidArgument</Code>')
    expect(r.text).toContain(named)
    expect(sb.redivis().tempUploads[0].sessionsStarted).toBe(0)
  })

  it('401 AuthenticationRequired without the token, or with another one', async () => {
    const t = await temp(1000, true)
    for (const headers of [{}, { authorization: 'Bearer other' }] as Array<Record<string, string>>) {
      const r = await raw(t.url, {
        method: 'POST',
        headers: {
          ...headers,
          'x-goog-resumable': 'start',
          'x-upload-content-length': 1000,
          'content-length': 0
        }
      })
      expect(r.status).toBe(401)
      expect(r.text).toContain('<Code>AuthenticationRequired</Code>')
    }
    expect(sb.redivis().tempUploads[0].sessionsStarted).toBe(0)
  })

  it('a non-resumable temp upload takes no session (400)', async () => {
    const t = await temp(10, false)
    const r = await startResumable(t.url, 10)
    expect(r.status).toBe(400)
    expect(r.text).toContain('not resumable')
  })
})

describe('simple PUT', () => {
  it('the whole body with the token: 200 and the temp upload is complete with the bytes', async () => {
    const data = bytes(5000)
    const t = await temp(data.length, false)
    const r = await raw(t.url, { method: 'PUT', headers: bearer(), body: data })
    expect(r.status).toBe(200)
    expect(sb.redivis().tempUploads[0].complete).toBe(true)
    expect(sb.redivisObject(t.id)?.equals(data)).toBe(true)
    expect(sb.stats().requests.at(-1)).toMatchObject({ kind: 'simplePut', status: 200 })
  })

  it('a size other than declared is a 400 and completes nothing', async () => {
    const t = await temp(10, false)
    for (const body of ['123456789', '12345678901']) {
      const r = await raw(t.url, { method: 'PUT', headers: bearer(), body })
      expect(r.status).toBe(400)
      expect(r.text).toContain('the declared size is 10')
    }
    expect(sb.redivis().tempUploads[0].complete).toBe(false)
    expect(sb.redivisObject(t.id)).toBeUndefined()
  })

  it('401 without the token; 400 on a resumable temp upload', async () => {
    const t = await temp(3, false)
    const noToken = await raw(t.url, { method: 'PUT', body: 'abc' })
    expect(noToken.status).toBe(401)
    expect(noToken.text).toContain('<Code>AuthenticationRequired</Code>')
    const r = await temp(3, true)
    const wrongKind = await raw(r.url, { method: 'PUT', headers: bearer(), body: 'abc' })
    expect(wrongKind.status).toBe(400)
    expect(sb.redivis().tempUploads.map(x => x.complete)).toEqual([false, false])
  })
})

describe('resumable session', () => {
  it('chunks with Content-Range (308 + Range), a status query, then the final chunk: the object is the file', async () => {
    const data = bytes(3 * BLOCK + 1234)
    const uri = await session(data.length)
    const total = data.length
    let r = await put(uri, `bytes 0-${2 * BLOCK - 1}/${total}`, data.subarray(0, 2 * BLOCK), bearer())
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    r = await put(uri, `bytes */${total}`, undefined, bearer())
    expect(r.status).toBe(308)
    expect(r.headers.range).toBe(`bytes=0-${2 * BLOCK - 1}`)
    r = await put(uri, `bytes ${2 * BLOCK}-${total - 1}/${total}`, data.subarray(2 * BLOCK), bearer())
    expect(r.status).toBe(200)
    const meta = JSON.parse(r.text) as { bucket: string; size: string; name: string }
    expect(meta.bucket).toBe('redivis-temp-uploads')
    expect(meta.size).toBe(String(total))
    expect(sb.redivis().tempUploads[0].complete).toBe(true)
    expect(sb.redivisObject(sb.redivis().tempUploads[0].id)?.equals(data)).toBe(true)
    // A status query after the end answers the object again.
    expect((await put(uri, `bytes */${total}`, undefined, bearer())).status).toBe(200)
  })

  it('every session request needs the token (401), and learns nothing without it', async () => {
    const uri = await session(BLOCK)
    const chunk = await put(uri, `bytes 0-${BLOCK - 1}/${BLOCK}`, bytes(BLOCK))
    expect(chunk.status).toBe(401)
    const query = await put(uri, `bytes */${BLOCK}`, undefined, { authorization: 'Bearer other' })
    expect(query.status).toBe(401)
    const gone = await put(`${uri}x`, `bytes */${BLOCK}`)
    expect(gone.status).toBe(401)
    expect(sb.redivis().tempUploads[0].complete).toBe(false)
  })

  it('a total other than the declared size is a 400, and so is an open-ended object that ends short', async () => {
    const data = bytes(BLOCK + 100)
    const uri = await session(data.length)
    const wrongTotal = await put(uri, `bytes 0-${BLOCK - 1}/${BLOCK * 2}`, data.subarray(0, BLOCK), bearer())
    expect(wrongTotal.status).toBe(400)
    expect(wrongTotal.text).toContain('<Code>InvalidArgument</Code>')
    // bytes 0-*/* with fewer bytes than declared would finalize a short object: refused, nothing kept.
    const short = await put(uri, 'bytes 0-*/*', data.subarray(0, BLOCK), bearer())
    expect(short.status).toBe(400)
    expect(short.text).toContain('declared size')
    const q = await put(uri, `bytes */${data.length}`, undefined, bearer())
    expect(q.status).toBe(308)
    expect(q.headers.range).toBeUndefined()
    const whole = await put(uri, 'bytes 0-*/*', data, bearer())
    expect(whole.status).toBe(200)
    expect(sb.redivisObject(sb.redivis().tempUploads[0].id)?.equals(data)).toBe(true)
  })

  it('a claimed CRC32C that does not match is refused on the final request (the same session emulator)', async () => {
    const data = bytes(1000)
    const uri = await session(data.length)
    const r = await put(uri, `bytes 0-999/1000`, data, { ...bearer(), 'x-goog-hash': 'crc32c=AAAAAA==' })
    expect(r.status).toBe(400)
    expect(r.text).toContain("doesn't match calculated CRC32C")
    expect(sb.redivis().tempUploads[0].complete).toBe(false)
  })

  it('a reset mid-chunk keeps the whole 256 KiB blocks: a status query shows them and the upload resumes there', async () => {
    const data = bytes(2 * BLOCK + 500)
    const uri = await session(data.length)
    const total = data.length
    sb.setFaults([{ on: 'chunk', do: { reset: { afterBytes: BLOCK + 44 * KiB } } }])
    const broken = await put(uri, `bytes 0-${total - 1}/${total}`, data, bearer())
    expect(broken.error).toBeDefined()
    await waitUntil(() => sb.stats().requests.some(r => r.kind === 'chunk' && r.outcome === 'reset'), {
      what: 'the reset chunk to be recorded'
    })
    const q = await put(uri, `bytes */${total}`, undefined, bearer())
    expect(q.status).toBe(308)
    expect(q.headers.range).toBe(`bytes=0-${BLOCK - 1}`)
    const rest = await put(uri, `bytes ${BLOCK}-${total - 1}/${total}`, data.subarray(BLOCK), bearer())
    expect(rest.status).toBe(200)
    const t = sb.redivis().tempUploads[0]
    expect(t).toMatchObject({ complete: true, sessionsStarted: 1 })
    expect(
      createHash('sha256')
        .update(sb.redivisObject(t.id) ?? '')
        .digest('hex')
    ).toBe(createHash('sha256').update(data).digest('hex'))
    expect(
      sb
        .stats()
        .requests.filter(r => r.kind === 'chunk')
        .map(r => r.fault ?? '')
    ).toEqual(['reset', ''])
  })

  it('a zero-byte resumable temp upload is finalized by the status query bytes */0', async () => {
    const uri = await session(0)
    const r = await put(uri, 'bytes */0', undefined, bearer())
    expect(r.status).toBe(200)
    expect(sb.redivis().tempUploads[0].complete).toBe(true)
  })
})
