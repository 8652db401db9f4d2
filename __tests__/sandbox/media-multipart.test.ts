// Appends in the sandbox: the multipart/form-data body parsed strictly as it streams, segments in any order, a
// resent index replacing the earlier, and the per-media append records.
import { afterEach, describe, expect, it } from '@jest/globals'
import { faultPresets, startSandbox, type Sandbox } from '../../src/sandbox/index.js'
import { MultipartParser } from '../../src/sandbox/multipart.js'
import { bytes, KiB } from './helpers.js'
import { BOUNDARY, FORM, json, mediaClient, message, multipart, segmentBody, USER } from './media-helpers.js'

let sb: Sandbox
const api = mediaClient(() => sb)
afterEach(() => sb?.close())

async function media(totalBytes = 30, type = 'video/mp4'): Promise<string> {
  return (await api.create(type, totalBytes)).id
}

async function fresh(): Promise<Sandbox> {
  sb = await startSandbox({ media: { processingMs: 100 } })
  return sb
}

const SEG = bytes(10, 3)
const idx = (v: string) => ({ name: 'segment_index', value: v })
const part = (b: Buffer = SEG) => ({
  name: 'media',
  value: b,
  filename: 'blob',
  contentType: 'application/octet-stream'
})

describe('strict multipart/form-data', () => {
  const refusals: Array<[string, () => { body: Buffer; headers?: Record<string, string> }, RegExp]> = [
    [
      'a body that is not multipart',
      () => ({ body: SEG, headers: { 'content-type': 'application/octet-stream' } }),
      /multipart\/form-data/
    ],
    ['no Content-Type', () => ({ body: SEG, headers: {} }), /multipart\/form-data/],
    [
      'a form-urlencoded body',
      () => ({
        body: Buffer.from('segment_index=0&media=abc'),
        headers: { 'content-type': 'application/x-www-form-urlencoded' }
      }),
      /multipart/
    ],
    [
      'no boundary parameter',
      () => ({ body: segmentBody(0, SEG), headers: { 'content-type': 'multipart/form-data' } }),
      /boundary/
    ],
    [
      'a boundary that is not the body',
      () => ({
        body: segmentBody(0, SEG),
        headers: { 'content-type': 'multipart/form-data; boundary=other' }
      }),
      /begin with --boundary/
    ],
    ['no segment_index', () => ({ body: multipart([part()]) }), /segment_index field is missing/],
    ['no media', () => ({ body: multipart([idx('0')]) }), /media field is missing/],
    ['segment_index 1000', () => ({ body: multipart([idx('1000'), part()]) }), /0 to 999/],
    ['segment_index -1', () => ({ body: multipart([idx('-1'), part()]) }), /0 to 999/],
    ['segment_index 1.0', () => ({ body: multipart([idx('1.0'), part()]) }), /0 to 999/],
    ['an empty segment_index', () => ({ body: multipart([idx(''), part()]) }), /0 to 999/],
    ['segment_index twice', () => ({ body: multipart([idx('0'), idx('1'), part()]) }), /twice/],
    ['two media parts', () => ({ body: multipart([idx('0'), part(), part()]) }), /second media part/],
    [
      'an unknown field',
      () => ({ body: multipart([idx('0'), part(), { name: 'command', value: 'APPEND' }]) }),
      /Unknown field "command"/
    ],
    [
      'an empty media part',
      () => ({ body: multipart([idx('0'), part(Buffer.alloc(0))]) }),
      /media field is empty/
    ],
    [
      'LF line breaks',
      () => ({
        body: Buffer.from(
          multipart([idx('0'), part()])
            .toString('latin1')
            .replace(/\r\n/g, '\n'),
          'latin1'
        )
      }),
      /CRLF/
    ],
    [
      'a preamble',
      () => ({ body: Buffer.concat([Buffer.from('preamble\r\n'), multipart([idx('0'), part()])]) }),
      /no preamble/
    ],
    [
      'no closing boundary',
      () => ({ body: multipart([idx('0'), part()]).subarray(0, -(BOUNDARY.length + 6)) }),
      /closing boundary/
    ],
    [
      'data after the closing boundary',
      () => ({ body: Buffer.concat([multipart([idx('0'), part()]), Buffer.from('epilogue')]) }),
      /closing multipart boundary/
    ],
    [
      'a part without Content-Disposition',
      () => ({
        body: Buffer.from(`--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\n0\r\n--${BOUNDARY}--\r\n`)
      }),
      /Content-Disposition/
    ],
    [
      'a disposition other than form-data',
      () => ({
        body: Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: attachment; name="segment_index"\r\n\r\n0\r\n--${BOUNDARY}--\r\n`
        )
      }),
      /form-data; name=/
    ],
    [
      'a segment_index sent as a file',
      () => ({ body: multipart([{ ...idx('0'), filename: 'i.txt' }, part()]) }),
      /text field/
    ],
    [
      'a segment larger than total_bytes',
      () => ({ body: multipart([idx('0'), part(bytes(31))]) }),
      /larger than total_bytes/
    ]
  ]

  it.each(refusals)('%s is 400 and keeps nothing', async (_what, make, why) => {
    await fresh()
    const id = await media()
    const { body, headers } = make()
    const r = await api.append(id, body, { ...USER, ...(headers ?? FORM) })
    expect(r.status).toBe(400)
    expect(r.headers['content-type']).toBe('application/problem+json')
    expect(json(r)).toMatchObject({
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request'
    })
    expect(message(r)).toMatch(why)
    expect(sb.media()[0]?.segments).toEqual([])
  })

  it('accepts a quoted boundary, fields in either order, a part without filename or type, and a trailing CRLF-less close', async () => {
    await fresh()
    const id = await media()
    const q = await api.append(id, segmentBody(0, SEG), {
      ...USER,
      'content-type': `multipart/form-data; boundary="${BOUNDARY}"`
    })
    expect(q.status).toBe(200)
    const reversed = multipart([{ name: 'media', value: SEG }, idx('1')])
    expect((await api.append(id, reversed)).status).toBe(200)
    const noFinalCrlf = multipart([idx('2'), part()]).subarray(0, -2)
    expect((await api.append(id, noFinalCrlf)).status).toBe(200)
    expect(sb.media()[0]?.segments).toEqual([0, 1, 2].map(index => ({ index, size: 10 })))
  })

  it('keeps bytes that look like delimiters, with the body split at every byte across chunks', async () => {
    await fresh()
    const tricky = Buffer.concat([
      Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n--\r\n`),
      bytes(200, 9),
      Buffer.from('\r\n-')
    ])
    const id = await media(tricky.length)
    const body = segmentBody(0, tricky)
    // One byte per write: every delimiter straddles chunks (sent chunked, no Content-Length).
    const pieces = [...body].map(b => Buffer.from([b]))
    const r = await api.append(id, pieces)
    expect(r.status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
    expect(sb.mediaObject(id)?.equals(tricky)).toBe(true)
  })

  it('the parser finds every delimiter wherever the chunks split the body (every split point, then byte by byte)', () => {
    const payload = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\n\r\n--`),
      bytes(50, 4),
      Buffer.from('\r\n--')
    ])
    const body = multipart([idx('7'), part(payload)])
    const parse = (chunks: Buffer[]) => {
      const got: Record<string, Buffer[]> = {}
      let name = ''
      const p = new MultipartParser(BOUNDARY, {
        start: h => void (got[(name = h.name)] = []),
        data: b => void got[name]?.push(Buffer.from(b)),
        end: () => undefined
      })
      for (const c of chunks) p.write(c)
      return {
        error: p.end(),
        index: Buffer.concat(got.segment_index ?? []).toString(),
        media: Buffer.concat(got.media ?? [])
      }
    }
    const splits = [...Array(body.length).keys()].map(i => [body.subarray(0, i), body.subarray(i)])
    for (const chunks of [...splits, [...body].map(b => Buffer.from([b]))]) {
      const r = parse(chunks)
      expect(r).toEqual({ error: undefined, index: '7', media: payload })
    }
  })

  it('a segment over 5 MiB is refused as it arrives', async () => {
    await fresh()
    const id = await media(20 * 1024 * KiB)
    const r = await api.append(id, segmentBody(0, Buffer.alloc(5 * 1024 * KiB + 1)))
    expect(r.status).toBe(400)
    expect(message(r)).toMatch(/at most 5242880 bytes/)
    const ok = await api.append(id, segmentBody(0, Buffer.alloc(5 * 1024 * KiB)))
    expect(ok.status).toBe(200)
  })
})

describe('segments', () => {
  it('arrive in any order; the object is joined in index order; expires_at is 24 h after initialize', async () => {
    await fresh()
    const file = bytes(30, 5)
    const id = await media(30)
    const started = Math.floor(Date.now() / 1000)
    for (const i of [2, 0, 1]) {
      const r = await api.segment(id, i, file.subarray(i * 10, i * 10 + 10))
      expect(r.status).toBe(200)
      const expires = json<{ data: { expires_at: number } }>(r).data.expires_at
      expect(Object.keys(json(r))).toEqual(['data'])
      expect(expires - started).toBeGreaterThanOrEqual(86_399)
      expect(expires - started).toBeLessThanOrEqual(86_401)
    }
    expect(sb.media()[0]).toMatchObject({ appendOrder: [2, 0, 1], finalized: false, maxConcurrentAppends: 1 })
    expect((await api.finalize(id)).status).toBe(200)
    expect(sb.mediaObject(id)?.equals(file)).toBe(true)
  })

  it('a resent index replaces the earlier segment (and the order records both)', async () => {
    await fresh()
    const id = await media(20)
    expect((await api.segment(id, 0, bytes(10, 1))).status).toBe(200)
    expect((await api.segment(id, 1, bytes(10, 2))).status).toBe(200)
    expect((await api.segment(id, 0, bytes(10, 3))).status).toBe(200)
    expect(sb.media()[0]?.appendOrder).toEqual([0, 1, 0])
    expect(sb.media()[0]?.segments).toEqual([
      { index: 0, size: 10 },
      { index: 1, size: 10 }
    ])
    expect((await api.finalize(id)).status).toBe(200)
    expect(sb.mediaObject(id)?.equals(Buffer.concat([bytes(10, 3), bytes(10, 2)]))).toBe(true)
  })

  it('the kept segments may not add up to more than total_bytes; a resend of the same size may', async () => {
    await fresh()
    const id = await media(15)
    expect((await api.segment(id, 0, bytes(10))).status).toBe(200)
    const over = await api.segment(id, 1, bytes(6))
    expect(over.status).toBe(400)
    expect(message(over)).toMatch(/16 bytes, more than total_bytes \(15\)/)
    expect((await api.segment(id, 0, bytes(10))).status).toBe(200)
    expect(sb.media()[0]?.segments).toEqual([{ index: 0, size: 10 }])
  })

  it('an unknown or already finalized media is 400; so is a non-numeric id', async () => {
    await fresh()
    const id = await media(10)
    expect((await api.segment('1234567890123456789', 0, SEG)).status).toBe(400)
    expect((await api.segment('abc', 0, SEG)).status).toBe(400)
    expect((await api.segment(id, 0, SEG)).status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
    const late = await api.segment(id, 0, SEG)
    expect(late.status).toBe(400)
    expect(message(late)).toMatch(/already finalized/)
  })

  it('counts the appends of a media in flight at once', async () => {
    await fresh()
    const id = await media(30)
    // Each append is read whole, then answered 300 ms later, so three sent together overlap.
    sb.setFaults([{ on: 'mediaAppend', times: Infinity, do: { stall: { ms: 300 } } }])
    const answers = await Promise.all([0, 1, 2].map(i => api.segment(id, i, SEG)))
    expect(answers.map(r => r.status)).toEqual([200, 200, 200])
    expect(sb.media()[0]?.maxConcurrentAppends).toBe(3)
    expect([...(sb.media()[0]?.appendOrder ?? [])].sort()).toEqual([0, 1, 2])
    const other = await media(20)
    for (const i of [0, 1]) expect((await api.segment(other, i, SEG)).status).toBe(200)
    expect(sb.media()[1]?.maxConcurrentAppends).toBe(1)
  })
})

describe('append faults', () => {
  it('media-reset-mid-append: the connection is reset mid-body, nothing is kept, the resend is', async () => {
    await fresh()
    sb.setFaults(faultPresets['media-reset-mid-append'])
    const seg = bytes(200 * KiB)
    const id = await media(seg.length)
    const r = await api.segment(id, 0, seg)
    expect(r.status).toBe(0)
    expect(r.error).toBeDefined()
    const rec = sb.stats().requests.find(q => q.kind === 'mediaAppend')
    expect(rec).toMatchObject({ outcome: 'reset', fault: 'reset' })
    expect(rec?.bytesReceived).toBe(100 * KiB)
    expect(sb.media()[0]).toMatchObject({ segments: [], appendOrder: [0] })
    expect((await api.segment(id, 0, seg)).status).toBe(200)
    expect(sb.media()[0]?.segments).toEqual([{ index: 0, size: seg.length }])
  })

  it('media-503-on-append-3: the third append is 503 (X problem, rate headers) and not kept', async () => {
    await fresh()
    sb.setFaults(faultPresets['media-503-on-append-3'])
    const id = await media(40)
    const answers = []
    for (const i of [0, 1, 2, 3]) answers.push(await api.segment(id, i, SEG))
    expect(answers.map(r => r.status)).toEqual([200, 200, 503, 200])
    const failed = answers[2]!
    expect(failed.headers['content-type']).toBe('application/problem+json')
    expect(json(failed)).toEqual({
      title: 'Service Unavailable',
      type: 'about:blank',
      status: 503,
      detail: 'Service Unavailable'
    })
    expect(failed.headers['x-rate-limit-remaining']).toBeDefined()
    expect(failed.headers['x-user-limit-24hour-remaining']).toBeDefined()
    expect(sb.media()[0]?.segments.map(s => s.index)).toEqual([0, 1, 3])
    expect(sb.media()[0]?.appendOrder).toEqual([0, 1, 2, 3])
    expect((await api.segment(id, 2, SEG)).status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
  })

  it('a 503 with commit: the segment is kept and the answer is 503', async () => {
    await fresh()
    sb.setFaults([{ on: 'mediaAppend', do: { status: 503, commit: true } }])
    const id = await media(10)
    expect((await api.segment(id, 0, SEG)).status).toBe(503)
    expect(sb.media()[0]?.segments).toEqual([{ index: 0, size: 10 }])
  })

  it('media-append-lost-answer: the append is applied, then the connection is reset; the segment is kept', async () => {
    await fresh()
    sb.setFaults(faultPresets['media-append-lost-answer'])
    const id = await media(10)
    const r = await api.segment(id, 0, SEG)
    expect(r.status).toBe(0)
    expect(r.error).toBeDefined()
    expect(sb.stats().requests.find(q => q.kind === 'mediaAppend')).toMatchObject({ outcome: 'reset' })
    expect(sb.media()[0]?.segments).toEqual([{ index: 0, size: 10 }])
    // Resending the same index is harmless.
    expect((await api.segment(id, 0, SEG)).status).toBe(200)
    expect((await api.finalize(id)).status).toBe(200)
    expect(sb.mediaObject(id)?.equals(SEG)).toBe(true)
  })
})
