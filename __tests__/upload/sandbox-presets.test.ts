// Every F-preset of the sandbox against the real uploader over real sockets: the survivable ones end with
// the object identical to the file, the others fail saying why, with nothing finalized.
import { describe, expect, it } from '@jest/globals'
import { fPresetList, type FPreset } from '../../src/sandbox/index.js'
import { UploadError } from '../../src/upload/gcs-resumable.js'
import { BLOCK, crc32c } from './fake-gcs.js'
import { makeFile, useTempDir } from './harness.js'
import { runThroughSandbox, type SandboxRun } from './sandbox-run.js'

useTempDir('upload-presets-')

// 8 chunks of 256 KiB and a short tail: every rule of every preset fires.
const SIZE = 8 * BLOCK + 1234
const STALL_MS = 300

const requests = (run: SandboxRun) => run.sandbox.stats().requests
const reasons = (run: SandboxRun) => run.retries.map(e => e.reason)

/** What each preset must show besides the common checks. */
const specific: Partial<Record<FPreset['name'], (run: SandboxRun) => void>> = {
  'F1-503-after-partial': run => {
    expect(reasons(run)).toContain('HTTP 503')
    expect(requests(run).map(r => r.contentRange)).toContain(`bytes ${BLOCK}-${2 * BLOCK - 1}/${SIZE}`)
  },
  'F3-reset-mid-body': run => expect(reasons(run)).toContain('network error ECONNRESET'),
  'F4-start-fails': run => {
    expect(requests(run).filter(r => r.kind === 'start')).toHaveLength(3)
    expect(run.retries.map(e => e.phase)).toEqual(['start', 'start'])
  },
  'F7-keeps-less-middle': run => {
    expect(requests(run)[3]?.contentRange).toBe(`bytes ${128 * 1024}-${128 * 1024 + BLOCK - 1}/${SIZE}`)
    expect(run.retries).toEqual([])
  },
  'F7-keeps-less-final': run => {
    const tail = requests(run)
      .filter(r => r.kind === 'chunk')
      .at(-1)
    expect(tail?.contentRange).toBe(`bytes ${8 * BLOCK + 1}-${SIZE - 1}/${SIZE}`)
  },
  'F8-308-no-range': run => {
    const chunks = requests(run).filter(r => r.kind === 'chunk')
    expect(chunks[2].contentRange).toBe(`bytes 0-${BLOCK - 1}/${SIZE}`) // from byte 0, same session
    expect(run.result?.sessions).toBe(1)
  },
  'F9-final-response-lost': run => {
    expect(requests(run).at(-1)).toMatchObject({ kind: 'status', contentRange: 'bytes */*', status: 200 })
    expect(
      requests(run).filter(r => r.contentRange === `bytes ${8 * BLOCK}-${SIZE - 1}/${SIZE}`)
    ).toHaveLength(1)
  },
  'F10-final-response-truncated': run =>
    expect(requests(run).at(-1)).toMatchObject({ kind: 'status', contentRange: 'bytes */*', status: 200 }),
  'F11-stall-mid-body': run =>
    expect(reasons(run)).toContain(`the connection stalled: no progress for ${STALL_MS / 1000} s`),
  'F11-stall-before-answer': run => expect(reasons(run)[0]).toMatch(/stalled/),
  'F12-persisted-not-finalized': run => {
    expect(requests(run).at(-1)).toMatchObject({
      kind: 'status',
      contentRange: `bytes */${SIZE}`,
      status: 200
    })
    expect(run.retries).toEqual([])
  },
  'F13-status-query-fails': run =>
    expect(run.retries.map(e => e.phase)).toEqual(['chunk', 'status', 'status']),
  'F14-session-404': run => {
    expect(run.result?.sessions).toBe(2)
    expect(run.newSessions).toEqual(['the upload session is gone (HTTP 404)'])
  },
  'F14-session-cancelled-499': run =>
    expect(run.newSessions).toEqual(['the upload session is gone (HTTP 499)']),
  'F15-session-410': run => expect(run.newSessions).toEqual(['the upload session is gone (HTTP 410)']),
  'F16-offset-beyond-sent': run => expect(run.error?.message).toMatch(/server has more bytes than were sent/),
  'F17-commit-lag': run => {
    const ranges = requests(run)
      .filter(r => r.kind === 'status')
      .map(r => r.range)
    expect(ranges).toEqual([undefined, `bytes=0-${2 * BLOCK - 1}`]) // the offset grew between queries
  },
  'F18-hash-mismatch': run => {
    expect(run.error?.message).toMatch(/CRC32C check failed again after starting over in a new session/)
    expect(run.error?.message).toMatch(/Provided CRC32C/)
    expect(run.newSessions).toHaveLength(1)
  },
  'F18-hash-mismatch-once': run => {
    expect(run.result?.sessions).toBe(2)
    expect(run.newSessions[0]).toMatch(/CRC32C check of the upload failed \(HTTP 400 \(BadRequest: Provided/)
  },
  'F19-412-precondition': run =>
    expect(run.error?.message).toMatch(/HTTP 412 \(PreconditionFailed: At least one of the pre-conditions/),
  'F20-403-on-chunk': run => expect(run.error?.message).toMatch(/HTTP 403 \(AccessDenied: Access denied/),
  'F20-401-on-chunk': run => expect(run.error?.message).toMatch(/HTTP 401 \(AuthenticationRequired/),
  'F20-400-on-chunk': run => expect(run.error?.message).toMatch(/HTTP 400 \(InvalidArgument/),
  'F21-connection-refused': run => {
    expect(reasons(run)).toContain('network error ECONNRESET')
    expect(reasons(run)).toContain('network error ECONNREFUSED')
  },
  'F22-many-spread-faults': run => {
    expect(run.retries.length).toBeGreaterThanOrEqual(5)
    expect(Math.max(...run.retries.map(e => e.attempt))).toBeLessThanOrEqual(2)
  },
  'F25-overlapping-resend': run =>
    expect(requests(run)[3]?.contentRange).toBe(
      `bytes ${BLOCK - 128 * 1024}-${2 * BLOCK - 128 * 1024 - 1}/${SIZE}`
    )
}

describe('uploadResumable through the sandbox, one F-preset at a time', () => {
  it.each(fPresetList.map(p => [p.name, p] as const))('%s', async (_name, preset) => {
    const { path, data } = await makeFile(SIZE)
    // F22 must pass with the budget it claims; the rest gets room for F21's refusal window.
    const maxRetries = preset.id === 'F22' ? 2 : 15
    const run = await runThroughSandbox({
      path,
      size: SIZE,
      plan: preset.plan,
      chunkSize: BLOCK,
      retry: { maxRetries, baseDelayMs: 5, maxDelayMs: 100 },
      stallTimeoutMs: STALL_MS
    })
    expect(run.faultsInjected).toBeGreaterThan(0)
    if (preset.survivable) {
      if (run.error) throw run.error
      expect(run.job.object?.equals(data)).toBe(true)
      expect(run.result?.crc32c).toBe(await crc32c(data))
      expect(run.job.objectCrc32c).toBe(run.result?.crc32c)
    } else {
      expect(run.error).toBeInstanceOf(UploadError)
      expect(run.error?.message).not.toMatch(/https?:|upload_id|X-Goog-Signature/i)
      expect(run.job.finalizedAt).toBeUndefined()
    }
    specific[preset.name]?.(run)
  })
})
