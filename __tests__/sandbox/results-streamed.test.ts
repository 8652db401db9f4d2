// Results found as upload bytes are committed and streamed on download, over raw HTTP only: the same bytes
// as resultsForObject of the object (kept or discarded), whatever the chunking, faults and Range.
import { afterEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createCRC32 } from 'hash-wasm'
import {
  BLOCK as SANDBOX_BLOCK,
  expectedResults,
  resultLine,
  resultsForObject,
  startSandbox,
  type FaultPlan,
  type Sandbox,
  type SandboxOptions
} from '../../src/sandbox/index.js'
import { BLOCK, createJob, getJob, idFile, put, raw, startSession, TOKEN } from './helpers.js'

// A full GC before a memory baseline, so garbage from the upload does not hide (or fake) growth.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Heap and ArrayBuffer bytes now (generated results would be Buffers, so ArrayBuffers count). */
function memory(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

const open: Sandbox[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map(s => s.close()))
})

async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ token: TOKEN, processingMs: 0, ...opts })
  open.push(sb)
  return sb
}

function someIds(n: number, seed = 5): string[] {
  return idFile(n * 20, seed)
    .toString()
    .trim()
    .split('\n')
    .slice(0, n)
}

/**
 * Every kind of line today's rules meet: CRLF, blanks, spaces/TAB/VT/NBSP around IDs, non-IDs, 38 digits,
 * leading zeros, NEL (not trimmed), padded lines just under and over 256 bytes, duplicates, no final newline.
 */
function messyObject(n: number): Buffer {
  const ids = someIds(n)
  const parts = ids.map((id, i) => {
    switch (i % 11) {
      case 0:
        return Buffer.from(`${id}\r\n`)
      case 1:
        return Buffer.from(` \t${id} \n`)
      case 2:
        return Buffer.concat([Buffer.from([0xa0]), Buffer.from(id), Buffer.from([0x0b, 0x0a])])
      case 3:
        return Buffer.from(`\n${id}x\n\n`)
      case 4:
        return Buffer.from(`00${id.slice(0, 9)}\n0\n`)
      case 5:
        return Buffer.from(`${id}${id}\n`)
      case 6:
        return Buffer.from(`${' '.repeat(240)}${id}\n`)
      case 7:
        return Buffer.from(`${' '.repeat(300)}${id}\n`)
      case 8:
        return Buffer.concat([Buffer.from([0x85]), Buffer.from(id), Buffer.from('\n')])
      case 9:
        return Buffer.from(`${ids[i - 1]}\n`)
      default:
        return Buffer.from(`${id}\n`)
    }
  })
  return Buffer.concat([...parts, Buffer.from(ids[0])])
}

/** A complete resumable upload over raw PUTs of `chunk` bytes each (the last one names the total). */
async function uploadResumable(sb: Sandbox, object: Buffer, chunk = BLOCK) {
  const job = await createJob(sb)
  const session = await startSession(job.upload_url)
  for (let at = 0; at < object.length; at += chunk) {
    const end = Math.min(object.length, at + chunk)
    const total = end === object.length ? String(object.length) : '*'
    const r = await put(session, `bytes ${at}-${end - 1}/${total}`, object.subarray(at, end))
    expect(r.status).toBe(end === object.length ? 200 : 308)
  }
  return job
}

/** A non-resumable job's simple PUT, the body sent chunked in the given pieces. */
async function uploadSimple(sb: Sandbox, pieces: Buffer[]) {
  const job = await createJob(sb, { type: 'tweets', resumable: false })
  const r = await raw(job.upload_url, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: pieces
  })
  expect(r.status).toBe(200)
  return job
}

async function crc32c(data: Buffer): Promise<string> {
  const h = await createCRC32(0x82f63b78)
  h.init()
  h.update(data)
  return Buffer.from(h.digest('hex'), 'hex').toString('base64')
}

interface Streamed {
  status: number
  headers: Record<string, string | string[] | undefined>
  bytes: number
  lines: number
  sha256: string
}

/** A download read as a stream: hashed and counted, never held whole. */
function download(url: string, headers: Record<string, string> = {}): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, res => {
      const hash = createHash('sha256')
      let bytes = 0
      let lines = 0
      res.on('data', (b: Buffer) => {
        hash.update(b)
        bytes += b.length
        for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          lines,
          sha256: hash.digest('hex')
        })
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('results found as the bytes arrive', () => {
  it('a discarded object gives the same results file as a kept one, under today’s rules', async () => {
    const kept = await sandbox()
    const discarded = await sandbox({ discardObjects: true })
    const object = messyObject(20_000)
    const want = resultsForObject(object, 'tweets')
    expect(want.split('\n').length).toBeGreaterThan(1000)
    const a = await uploadResumable(kept, object)
    const b = await uploadResumable(discarded, object)
    const gotKept = await raw(a.download_url)
    const gotDiscarded = await raw(b.download_url)
    expect(gotKept.text).toBe(want)
    expect(gotDiscarded.text).toBe(want)
    expect(gotDiscarded.headers['content-length']).toBe(String(Buffer.byteLength(want)))
    expect(discarded.job(b.id)?.object).toBeUndefined()
    expect(discarded.job(b.id)?.results).toBe(want)
    expect(discarded.job(b.id)?.resultsCount).toBe(want.split('\n').length - 1)
  })

  it('a line split across requests, across pieces of one request, and between CR and LF', async () => {
    const sb = await sandbox({ discardObjects: true, flaggedPercent: 100 })
    const filler = Buffer.from(someIds(20_000).join('\n') + '\n').subarray(0, BLOCK - 7)
    const lastNl = filler.lastIndexOf(10) + 1
    // The ID at the first block boundary has 7 digits before it; the second boundary falls in a CRLF.
    const head = Buffer.concat([
      filler.subarray(0, lastNl),
      Buffer.from(' '.repeat(BLOCK - 7 - lastNl)),
      Buffer.from('1234567890123456789\n')
    ])
    const midLen = 2 * BLOCK - head.length
    const second = Buffer.from(someIds(20_000, 9).join('\r\n') + '\r\n').subarray(0, midLen)
    const cut = second.lastIndexOf(13)
    const middle = Buffer.concat([
      second.subarray(0, cut),
      Buffer.from(' '.repeat(midLen - 1 - cut)),
      Buffer.from('\r')
    ])
    const object = Buffer.concat([head, middle, Buffer.from('\n42\r\n' + someIds(100, 11).join('\n'))])
    expect(object[2 * BLOCK - 1]).toBe(13)
    expect(object[2 * BLOCK]).toBe(10)
    const want = resultsForObject(object, 'tweets', 100)
    expect(want).toContain('"id":"1234567890123456789"')
    expect(want).toContain('"id":"42"')
    const resumable = await uploadResumable(sb, object)
    expect((await raw(resumable.download_url)).text).toBe(want)
    // One request whose pieces split lines everywhere (sizes 1..29, repeating).
    const pieces: Buffer[] = []
    for (let at = 0, n = 1; at < object.length; at += n, n = (n % 29) + 1)
      pieces.push(object.subarray(at, at + n))
    const simple = await uploadSimple(sb, pieces)
    expect((await raw(simple.download_url)).text).toBe(want)
  })

  it.each([false, true])(
    'only the bytes kept count, in order: keepLess, a reset mid-body, a corrupted final request (discard %s)',
    async discardObjects => {
      const plan: FaultPlan = [
        { on: 'chunk', nth: 1, do: { keepLess: 100_000 } },
        { on: 'chunk', nth: 3, do: { reset: { afterBytes: BLOCK + 5000 } } },
        { on: 'chunk', final: true, do: { corrupt: true } }
      ]
      const sb = await sandbox({ discardObjects, flaggedPercent: 100, faults: plan })
      const object = messyObject(40_000)
      const hash = await crc32c(object)
      const job = await createJob(sb)
      const session = await startSession(job.upload_url)
      let at = 0
      let finalized = false
      for (let round = 0; round < 40 && !finalized; round++) {
        const end = Math.min(object.length, at + 2 * BLOCK)
        const last = end === object.length
        const r = await put(
          session,
          `bytes ${at}-${end - 1}/${last ? object.length : '*'}`,
          object.subarray(at, end),
          last ? { 'x-goog-hash': `crc32c=${hash}` } : {}
        )
        finalized = r.status === 200
        if (finalized) break
        const status = r.status === 308 ? r : await put(session, 'bytes */*')
        expect(status.status).toBe(308)
        const range = status.headers.range as string | undefined
        at = range ? Number(/-(\d+)$/.exec(range)?.[1]) + 1 : 0
      }
      expect(finalized).toBe(true)
      expect(sb.stats().faultsInjected).toBe(3)
      expect(sb.job(job.id)?.objectCrc32c).toBe(hash)
      expect((await raw(job.download_url)).text).toBe(resultsForObject(object, 'tweets', 100))
    }
  )
})

describe('results streamed on download', () => {
  it('Range downloads of generated results equal slices of the full text', async () => {
    const sb = await sandbox({ discardObjects: true })
    const job = await uploadResumable(sb, idFile(400_000), 4 * BLOCK)
    const full = (await raw(job.download_url)).body
    expect(full.length).toBeGreaterThan(200_000)
    const nl = full.indexOf(10, 100_000)
    const ranges: Array<[number, number | undefined]> = [
      [0, 0],
      [0, undefined],
      [nl, nl],
      [nl, nl + 1],
      [nl + 1, undefined],
      [65_535, 65_536],
      [full.length - 1, undefined],
      [full.length - 1, full.length + 1000],
      [1000, full.length * 2]
    ]
    let x = 17
    for (let i = 0; i < 40; i++) {
      x = (x * 1103515245 + 12345) % 2147483648
      const from = x % full.length
      ranges.push([from, i % 2 ? undefined : from + (x % 150_000)])
    }
    for (const [from, to] of ranges) {
      const r = await raw(job.download_url, { headers: { range: `bytes=${from}-${to ?? ''}` } })
      const last = Math.min(to ?? full.length - 1, full.length - 1)
      expect(r.status).toBe(206)
      expect(r.headers['content-range']).toBe(`bytes ${from}-${last}/${full.length}`)
      expect(r.headers['content-length']).toBe(String(last - from + 1))
      expect(r.body.equals(full.subarray(from, last + 1))).toBe(true)
    }
    const past = await raw(job.download_url, { headers: { range: `bytes=${full.length}-` } })
    expect(past.status).toBe(416)
    const head = await raw(job.download_url, { method: 'HEAD' })
    expect(head.headers['content-length']).toBe(String(full.length))
    expect(head.body.length).toBe(0)
  })

  it('truncated downloads cut the generated stream where today’s faults cut it; resume gives the rest', async () => {
    const sb = await sandbox({ discardObjects: true })
    const job = await uploadResumable(sb, idFile(400_000), 4 * BLOCK)
    const full = (await raw(job.download_url)).body
    sb.setFaults([{ on: 'download', do: { reset: { afterBytes: 150_000 } } }])
    const broken = await raw(job.download_url)
    expect(broken.error).toBe('aborted')
    expect(broken.headers['content-length']).toBe(String(full.length))
    expect(broken.body.equals(full.subarray(0, 150_000))).toBe(true)
    const rest = await raw(job.download_url, { headers: { range: 'bytes=150000-' } })
    expect(Buffer.concat([broken.body, rest.body]).equals(full)).toBe(true)
    sb.setFaults([{ on: 'download', do: { truncateFinalResponse: true } }])
    const half = await raw(job.download_url)
    expect(half.error).toBe('aborted')
    expect(half.body.equals(full.subarray(0, Math.floor(full.length / 2)))).toBe(true)
    sb.setFaults([{ on: 'download', do: { stall: { afterBytes: 70_000, ms: 100 } } }])
    expect((await raw(job.download_url)).body.equals(full)).toBe(true)
  })
})

describe('flaggedPercent', () => {
  it('0 gives an empty results file; 100 flags every ID line, in order, duplicates kept', async () => {
    const object = messyObject(3000)
    const none = await sandbox({ flaggedPercent: 0 })
    const j0 = await uploadResumable(none, object)
    const r0 = await raw(j0.download_url)
    expect(r0.status).toBe(200)
    expect(r0.headers['content-length']).toBe('0')
    expect(none.job(j0.id)?.resultsCount).toBe(0)
    expect(none.job(j0.id)?.results).toBe('')
    const all = await sandbox({ flaggedPercent: 100, discardObjects: true })
    const j100 = await uploadResumable(all, object)
    const lines = (await raw(j100.download_url)).text.trim().split('\n')
    const idLines = object
      .toString('latin1')
      .split('\n')
      .filter(l => l.length <= 256)
      .map(l => l.trim())
      .filter(l => /^[0-9]{1,19}$/.test(l))
    expect(lines.length).toBe(idLines.length)
    expect(lines.map(l => (JSON.parse(l) as { id: string }).id)).toEqual(idLines)
    expect(lines).toEqual(expectedResults(idLines, 'tweets', 100))
    expect(all.job(j100.id)?.resultsCount).toBe(idLines.length)
  })

  it.each([-1, 101, 2.5, NaN])('refuses %s', async v => {
    await expect(startSandbox({ flaggedPercent: v })).rejects.toThrow(/flaggedPercent/)
  })
})

describe('a large job', () => {
  const IDS = 2_000_000

  /** ID i of the large job: 19 digits, made fast (no global lookups: they are slow under jest). */
  function id(i: number): string {
    return `1${(1e9 + ((i * 7919 + 13) % 1e9)).toString().slice(1)}${(1e9 + ((i * 104_729) % 1e9)).toString().slice(1)}`
  }

  it('2 million IDs: the download has the right line count and sha256; the heap stays bounded', async () => {
    const sb = await sandbox({ discardObjects: true, flaggedPercent: 30 })
    const job = await createJob(sb)
    const session = await startSession(job.upload_url)
    const want = createHash('sha256')
    let wantLines = 0
    const total = IDS * 20
    const chunk = 20 * SANDBOX_BLOCK
    const perChunk = chunk / 20
    expect(Number.isInteger(perChunk)).toBe(true)
    for (let at = 0; at < total; at += chunk) {
      const first = at / 20
      const ids = Array.from({ length: Math.min(perChunk, IDS - first) }, (_, k) => id(first + k))
      const body = Buffer.from(ids.join('\n') + '\n')
      const end = at + body.length
      const r = await put(session, `bytes ${at}-${end - 1}/${end === total ? total : '*'}`, body)
      expect(r.status).toBe(end === total ? 200 : 308)
      const lines = ids.map(i => resultLine(i, 'tweets', 30)).filter(l => l !== undefined)
      if (lines.length) want.update(lines.join('\n') + '\n')
      wantLines += lines.length
    }
    expect(wantLines).toBeGreaterThan(0.25 * IDS)
    expect((await getJob(sb, job.id)).status).toBe('complete')
    const view = sb.job(job.id)
    expect(view?.resultsCount).toBe(wantLines)
    gc()
    const before = memory()
    let peak = 0
    const sample = setInterval(() => (peak = Math.max(peak, memory() - before)), 5)
    let got: Streamed
    try {
      got = await download(job.download_url)
    } finally {
      clearInterval(sample)
    }
    expect(got.status).toBe(200)
    expect(got.lines).toBe(wantLines)
    expect(got.headers['content-length']).toBe(String(got.bytes))
    expect(got.sha256).toBe(want.digest('hex'))
    // The text is over 80 MB; made whole it would show here.
    expect(got.bytes).toBeGreaterThan(80e6)
    expect(peak).toBeLessThan(40 * 1024 * 1024)
    const head = await raw(job.download_url, { method: 'HEAD' })
    expect(head.headers['content-length']).toBe(String(got.bytes))
    // A reader that stops holds the generator back: the sandbox does not queue the rest in memory.
    const held = await pausedRead(job.download_url, 300)
    expect(held.read).toBeGreaterThan(0)
    expect(held.read).toBeLessThan(got.bytes / 4)
    expect(held.growth).toBeLessThan(40 * 1024 * 1024)
  })
})

/** Reads the first piece of a download, then stops reading for `ms`: bytes read, and memory growth meanwhile. */
function pausedRead(url: string, ms: number): Promise<{ read: number; growth: number }> {
  return new Promise((resolve, reject) => {
    gc()
    const before = memory()
    const req = request(url, { agent: false }, res => {
      let read = 0
      res.once('data', (b: Buffer) => {
        read += b.length
        res.pause()
        setTimeout(() => {
          const growth = memory() - before
          req.destroy()
          resolve({ read, growth })
        }, ms)
      })
    })
    req.on('error', e => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)))
    req.end()
  })
}
