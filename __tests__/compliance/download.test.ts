// downloadResults against the sandbox over real sockets: the results arrive byte for byte, a broken or stalled
// stream resumes with Range from the byte it reached, and the request never carries an Authorization header (the
// token is for api-base-url only; the download URL is signed).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { promises as fs } from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { downloadResults } from '../../src/compliance/download.js'
import { httpTransport } from '../../src/net/transport.js'
import { expectedResults, startSandbox, type Fault, type Sandbox } from '../../src/sandbox/index.js'
import { createJob, idFile, put, startSession } from '../sandbox/helpers.js'

let sandbox: Sandbox
let dir: string
let downloadUrl: string
let expected: string

beforeAll(async () => {
  sandbox = await startSandbox({ processingMs: 0 })
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'download-'))
  const job = await createJob(sandbox)
  const ids = idFile(40_000, 7)
  const session = await startSession(job.upload_url)
  const done = await put(session, `bytes 0-${ids.length - 1}/${ids.length}`, ids)
  if (done.status !== 200) throw new Error(`upload failed: ${done.status}`)
  downloadUrl = job.download_url
  const lines = expectedResults(ids.toString().trim().split('\n'), 'tweets')
  expected = `${lines.join('\n')}\n`
})
afterAll(async () => {
  await sandbox.close()
  await fs.rm(dir, { recursive: true, force: true })
})

let n = 0
/** One download with `fault` on the first download request; the requests it made. */
async function download(fault?: Fault) {
  sandbox.setFaults(fault ? [{ on: 'download', do: fault }] : [])
  const before = sandbox.stats().requests.length
  const retries: string[] = []
  const result = await downloadResults({
    url: downloadUrl,
    dest: path.join(dir, `results-${n++}.jsonl`),
    transport: httpTransport,
    retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 50 },
    stallTimeoutMs: 300,
    onRetry: e => retries.push(e.reason)
  })
  const requests = sandbox.stats().requests.slice(before)
  return { result, requests, retries, text: await fs.readFile(result.path, 'utf8') }
}

describe('downloadResults through the sandbox', () => {
  it('writes the exact results and counts them, without an Authorization header', async () => {
    const d = await download()
    expect(d.text).toBe(expected)
    expect(d.result).toMatchObject({ bytes: Buffer.byteLength(expected), resumes: 0 })
    expect(d.result.counts.total).toBe(expected.split('\n').filter(Boolean).length)
    expect(d.requests.map(r => [r.kind, r.status, r.authorization])).toEqual([['download', 200, false]])
  })

  it.each<[string, Fault, string, string]>([
    ['the connection is reset after 100 bytes', { reset: { afterBytes: 100 } }, 'ECONNRESET', 'truncated'],
    [
      'the stream stalls after 100 bytes (the watchdog fires)',
      { stall: { afterBytes: 100 } },
      'STALLED',
      'unanswered'
    ]
  ])('resumes with Range from the byte it reached when %s', async (_name, fault, reason, outcome) => {
    const d = await download(fault)
    expect(d.text).toBe(expected)
    expect(d.result.resumes).toBe(1)
    expect(d.retries).toEqual([reason])
    expect(d.requests[0].outcome).toBe(outcome)
    expect(d.requests[1].status).toBe(206) // a 206 only ever answers a Range request
    expect(d.requests.every(r => !r.authorization)).toBe(true)
  })

  it('retries a 503 and then downloads the whole file', async () => {
    const d = await download({ status: 503 })
    expect(d.text).toBe(expected)
    expect(d.requests.map(r => r.status)).toEqual([503, 200])
    expect(d.retries).toEqual(['HTTP 503'])
  })
})
