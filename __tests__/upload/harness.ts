// Shared by the engine tests: files, a scripted FakeGcs run with a fake clock, and the checks every upload must pass.
import { afterAll, beforeAll, expect } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FileSource } from '../../src/upload/file-source.js'
import type { ResumableUploadOptions, UploadPhase } from '../../src/upload/gcs-resumable.js'
import type { RetryEvent } from '../../src/net/retry.js'
import { BLOCK, crc32c, FakeClock, FakeGcs, START_HEADERS, type FakePlan } from './fake-gcs.js'

let dir: string

/** Call at the top of a test file: a temporary directory for its files, removed afterwards. */
export function useTempDir(prefix = 'upload-'): void {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
}

/** A path in the temporary directory. */
export function tempPath(name: string): string {
  return join(dir, name)
}

let fileCount = 0
export async function makeFile(size: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(size)
  const path = join(dir, `file-${fileCount++}.txt`)
  await writeFile(path, data)
  return { path, data }
}

export const SIZE = 5 * BLOCK + 1000 // chunks of 2 blocks: [0, 512K) [512K, 1M) [1M, SIZE)
export const CHUNK = 2 * BLOCK

export interface Run {
  fake: FakeGcs
  data: Buffer
  /** The file's CRC32C, base64 as GCS writes it. */
  crc: string
  clock: FakeClock
  /** the files the engine opened (each upload opens one) */
  files: FileSource[]
  retries: Array<RetryEvent & { phase: UploadPhase }>
  progress: Array<{ sent: number; acknowledged: number; total: number }>
  uris: string[]
}

/** A file of `size` random bytes and a FakeGcs for it with `plan`, on a fake clock the fake shares. */
export async function setup(size = SIZE, plan: FakePlan = []): Promise<Run & { path: string }> {
  const { path, data } = await makeFile(size)
  const clock = new FakeClock()
  const fake = new FakeGcs(size, plan, { now: () => clock.now() })
  const crc = await crc32c(data)
  return { path, fake, data, crc, clock, files: [], retries: [], progress: [], uris: [] }
}

export function options(
  run: Run & { path: string },
  extra: Partial<ResumableUploadOptions> = {}
): ResumableUploadOptions {
  const { store, ...rest } = extra
  return {
    transport: run.fake.transport,
    clock: run.clock,
    retry: { maxRetries: 3, baseDelayMs: 100 },
    chunkSize: CHUNK,
    stallTimeoutMs: 1000,
    file: { path: run.path, size: run.data.length },
    start: { url: run.fake.startUrl, headers: { ...START_HEADERS } },
    store: { onSession: uri => void run.uris.push(uri), ...store },
    onRetry: e => run.retries.push(e),
    onProgress: p => run.progress.push(p),
    openFile: async (path, size) => {
      const file = await FileSource.open(path, size)
      run.files.push(file)
      return file
    },
    ...rest
  }
}

// Every request was well formed and the object equals the file. Status
// queries are bytes */*; the requests that can finalize (the last data chunk, bytes */total) and only
// they carry the file's CRC32C.
export function expectIntact(run: Run, chunkSize = CHUNK): void {
  const total = run.data.length
  const hash = { 'x-goog-hash': `crc32c=${run.crc}` }
  expect(run.fake.object?.equals(run.data)).toBe(true)
  expect(run.fake.sessions.every(s => !s.overlapMismatch)).toBe(true)
  for (const r of run.fake.requests) {
    if (r.kind === 'start') {
      expect(r.headers).toEqual(START_HEADERS)
      expect(r.bodyLength).toBe(0)
    } else if (r.kind === 'status') {
      const finalize = { 'content-range': `bytes */${total}`, 'content-length': '0', ...hash }
      const query = { 'content-range': 'bytes */*', 'content-length': '0' }
      expect(r.headers).toEqual(r.headers['content-range'] === 'bytes */*' ? query : finalize)
      expect(r.bodyLength).toBe(0)
    } else {
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(r.headers['content-range'])
      expect(m).not.toBeNull()
      const [first, last] = [Number(m?.[1]), Number(m?.[2])]
      expect(Number(m?.[3])).toBe(total)
      expect(r.headers['content-length']).toBe(String(last - first + 1))
      expect(r.bodyLength).toBe(last - first + 1)
      expect(r.bodyLength).toBeLessThanOrEqual(chunkSize)
      if (last + 1 < total) expect(r.bodyLength % BLOCK).toBe(0)
      expect(r.headers['x-goog-hash']).toBe(last + 1 === total ? hash['x-goog-hash'] : undefined)
    }
  }
}

export const ranges = (run: Run): string[] => run.fake.chunkRequests().map(r => r.headers['content-range'])
