// Google's own GCS client (@google-cloud/storage 7.22) uploads through a sandbox session URI.
// With `uri` given it needs no other route: a status query (bytes */*), then data PUTs.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { IdempotencyStrategy, Storage } from '@google-cloud/storage'
import { faultPresets, startSandbox, type FaultPlan, type Sandbox } from '../../src/sandbox/index.js'
import { BLOCK, createJob, getJob, idFile, KiB, startSession, TOKEN, type JobJson } from './helpers.js'

let sb: Sandbox
let job: JobJson
let uri: string

beforeEach(async () => {
  sb = await startSandbox({ token: TOKEN, processingMs: 60_000 })
  job = await createJob(sb)
  uri = await startSession(job.upload_url)
})
afterEach(() => sb.close())

function file() {
  const storage = new Storage({
    apiEndpoint: sb.apiBaseUrl,
    projectId: 'sandbox',
    retryOptions: { idempotencyStrategy: IdempotencyStrategy.RetryAlways, maxRetries: 5, maxRetryDelay: 2 }
  })
  return storage.bucket('twttr-tweet-compliance').file(`${job.id}/submission`)
}

function upload(data: Buffer, options: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    file()
      .createWriteStream({ uri, resumable: true, ...options })
      .on('error', reject)
      .on('finish', resolve)
      .end(data)
  })
}

const ranges = () =>
  sb
    .stats()
    .requests.filter(r => r.kind === 'chunk' || r.kind === 'status')
    .map(r => `${r.contentRange} -> ${r.status}`)

describe('@google-cloud/storage against the sandbox', () => {
  it('file.save(buffer, {uri}) in single-request mode, CRC32C validated by Google’s client', async () => {
    const data = idFile(3 * 1024 * KiB)
    await file().save(data, { uri, resumable: true, validation: 'crc32c' })
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
    expect(ranges()).toEqual(['bytes */* -> 308', 'bytes 0-*/* -> 200'])
    expect((await getJob(sb, job.id)).status).toBe('in_progress')
  })

  it('multi-chunk mode (chunkSize 256 KiB) survives a short 308 Range and a 503 with RetryAlways', async () => {
    const data = idFile(5 * BLOCK + 1234)
    const plan: FaultPlan = [
      { on: 'chunk', nth: 2, do: { keepLess: 100 * KiB } },
      { on: 'chunk', nth: 4, do: { status: 503 } }
    ]
    sb.setFaults(plan)
    await upload(data, { chunkSize: BLOCK, validation: 'crc32c', metadata: { contentLength: data.length } })
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
    expect(sb.stats().faultsInjected).toBe(2)
    expect(ranges()).toContain(`bytes ${BLOCK}-${2 * BLOCK - 1}/${data.length} -> 308`)
    expect(ranges()).toContain(
      `bytes ${BLOCK + 100 * KiB}-${2 * BLOCK + 100 * KiB - 1}/${data.length} -> 308`
    )
    expect(ranges()).toContain('bytes */* -> 308')
  }, 30_000)

  it('single-request mode with a known length survives 503-after-256K (testbench S1c)', async () => {
    const data = idFile(1024 * KiB)
    sb.setFaults([{ on: 'chunk', do: { status: 503, keepBytes: 256 * KiB } }])
    await upload(data, { validation: 'crc32c', metadata: { contentLength: data.length } })
    expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
    expect(ranges()).toEqual([
      'bytes */* -> 308',
      `bytes 0-*/${data.length} -> 503`,
      'bytes */* -> 308',
      `bytes ${BLOCK}-*/${data.length} -> 200`
    ])
  }, 30_000)

  it.each(['F2-503-nothing-kept', 'F3-reset-mid-body'] as const)(
    'a Buffer in single-request mode with RetryAlways survives %s byte-identical',
    async name => {
      const data = idFile(1024 * KiB)
      sb.setFaults(faultPresets[name])
      await upload(data, { validation: 'crc32c', metadata: { contentLength: data.length } })
      expect(sb.stats().faultsInjected).toBe(1)
      expect(sb.job(job.id)?.object?.equals(data)).toBe(true)
      expect(ranges()).toContain('bytes */* -> 308')
    },
    30_000
  )
})
