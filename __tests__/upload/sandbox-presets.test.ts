// Every F-preset of the sandbox against the real uploader over real sockets: the survivable ones end with
// the object identical to the file, the others fail saying why, with nothing finalized. This is where the wire
// details of each preset are checked (what was sent, which ranges, what was resent); the e2e tests in
// __tests__/e2e/reliability.test.ts check what a user sees for each kind of outcome.
import { describe, expect, it } from '@jest/globals'
import { fPresetList, type FaultPlan, type FPreset } from '../../src/sandbox/index.js'
import { UploadError } from '../../src/upload/gcs-resumable.js'
import { BLOCK, crc32c } from './fake-gcs.js'
import { makeFile, useTempDir } from './harness.js'
import { runThroughSandbox, type SandboxRun } from './sandbox-run.js'

useTempDir('upload-presets-')

// 8 chunks of 256 KiB and a short tail: every rule of every preset fires.
const SIZE = 8 * BLOCK + 1234
const STALL_MS = 300

const requests = (run: SandboxRun) => run.sandbox.stats().requests
const chunks = (run: SandboxRun) => requests(run).filter(r => r.kind === 'chunk')
const RETRYABLE = new Set([0, 408, 429, 500, 502, 503, 504])

/** A new session after `code`: the gone request, then a start, then the data again from byte 0. */
function expectNewSessionAfter(run: SandboxRun, code: number) {
  const all = requests(run)
  const gone = all.findIndex(r => r.fault === 'sessionGone')
  expect(all[gone].status).toBe(code)
  expect(all[gone + 1].kind).toBe('start')
  expect(all[gone + 2].contentRange).toBe(`bytes 0-${BLOCK - 1}/${SIZE}`)
  expect(run.result?.sessions).toBe(2)
  expect(run.newSessions).toEqual([`the upload session is gone (HTTP ${code})`])
}
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
  'F14-session-404': run => expectNewSessionAfter(run, 404),
  'F14-session-cancelled-499': run => expectNewSessionAfter(run, 499),
  'F15-session-410': run => expectNewSessionAfter(run, 410),
  'F16-offset-beyond-sent': run => expect(run.error?.message).toMatch(/server has more bytes than were sent/),
  'F17-commit-lag': run => {
    const ranges = requests(run)
      .filter(r => r.kind === 'status')
      .map(r => r.range)
    expect(ranges).toEqual([undefined, `bytes=0-${2 * BLOCK - 1}`]) // the offset grew between queries
  },
  'F18-hash-mismatch': run => {
    expect(run.error?.message).toMatch(/CRC32C check failed again after starting over in a new session/)
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
    // The token is for api-base-url only: no upload request carries an Authorization header.
    const upload = requests(run).filter(r => r.kind !== 'create')
    expect(upload.filter(r => r.authorization)).toEqual([])
    // A retryable failure of a data PUT is followed by a status query: never a blind resend.
    upload.forEach((r, i) => {
      if (r.kind === 'chunk' && r.fault && RETRYABLE.has(r.status) && upload[i + 1])
        expect(`${r.fault} -> ${upload[i + 1].kind}`).toBe(`${r.fault} -> status`)
    })
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

describe('uploadResumable through the sandbox: wire details beyond the presets', () => {
  /** One upload of SIZE bytes in 256 KiB chunks with `plan`; it must end with the object equal to the file. */
  async function intact(plan: FaultPlan, chunkSize = BLOCK) {
    const { path, data } = await makeFile(SIZE)
    const run = await runThroughSandbox({
      path,
      size: SIZE,
      plan,
      chunkSize,
      retry: { maxRetries: 3, baseDelayMs: 5 },
      stallTimeoutMs: 2000
    })
    if (run.error) throw run.error
    expect(run.job.object?.equals(data)).toBe(true)
    return { run, all: requests(run) }
  }

  it('a 500 on the final chunk: ask with bytes */*, then resend the final chunk', async () => {
    const { all } = await intact([{ on: 'chunk', final: true, do: { status: 500 } }])
    const i = all.findIndex(r => r.fault !== undefined)
    expect(all.slice(i).map(r => [r.kind, r.status, r.contentRange])).toEqual([
      ['chunk', 500, `bytes ${8 * BLOCK}-${SIZE - 1}/${SIZE}`],
      ['status', 308, 'bytes */*'],
      ['chunk', 200, `bytes ${8 * BLOCK}-${SIZE - 1}/${SIZE}`]
    ])
  })

  it('a status query that finds nothing kept (308 without Range) restarts at byte 0 in the same session', async () => {
    const { run, all } = await intact([
      { on: 'chunk', nth: 3, do: { status: 503 } },
      { on: 'status', do: { dropAll: true } }
    ])
    const i = all.findIndex(r => r.fault === 'dropAll')
    expect(all[i]).toMatchObject({ kind: 'status', status: 308 })
    expect(all[i].range).toBeUndefined()
    expect(all[i + 1].contentRange).toBe(`bytes 0-${BLOCK - 1}/${SIZE}`)
    expect(run.result?.sessions).toBe(1)
  })

  it('F3 mid-body: a reset 300 KiB into a 512 KiB chunk keeps the whole block received; the resend starts after it', async () => {
    const { all } = await intact(
      [{ on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } }],
      2 * BLOCK
    )
    const i = all.findIndex(r => r.fault === 'reset')
    expect(all[i]).toMatchObject({ kind: 'chunk', status: 0, outcome: 'reset' })
    expect(all[i].contentRange).toBe(`bytes ${2 * BLOCK}-${4 * BLOCK - 1}/${SIZE}`)
    expect(all[i + 1]).toMatchObject({ kind: 'status', status: 308, range: `bytes=0-${3 * BLOCK - 1}` })
    expect(all[i + 2].contentRange).toBe(`bytes ${3 * BLOCK}-${5 * BLOCK - 1}/${SIZE}`)
  })

  it('survives a reset mid-body, a server that stops reading, a lost answer and a cut body in one upload', async () => {
    const size = 3 * 1024 * 1024 + 123
    const { path, data } = await makeFile(size)
    const run = await runThroughSandbox({
      path,
      size,
      plan: [
        { on: 'chunk', nth: 2, do: { reset: { afterBytes: 300 * 1024 } } },
        { on: 'chunk', nth: 4, do: { stall: { afterBytes: 0 } } }, // the first try of the final chunk
        { on: 'chunk', final: true, nth: 2, do: { loseFinalResponse: true } },
        { on: 'status', nth: 1, do: { status: 503 } },
        { on: 'status', nth: 4, do: { truncateFinalResponse: true } } // the one after the lost answer
      ],
      chunkSize: 4 * BLOCK,
      retry: { maxRetries: 5, baseDelayMs: 10 },
      stallTimeoutMs: 500
    })
    if (run.error) throw run.error
    expect(run.job.object?.equals(data)).toBe(true)
    expect(run.retries.map(e => [e.phase, e.reason])).toEqual([
      ['chunk', 'network error ECONNRESET'],
      ['status', 'HTTP 503'],
      ['chunk', 'the connection stalled: no progress for 0.5 s'],
      ['chunk', 'network error ECONNRESET'],
      ['status', 'network error ECONNRESET']
    ])
    expect(run.result).toMatchObject({ sessions: 1, faultsRecovered: 5 })
    expect(requests(run).map(r => [r.kind, r.status, r.fault ?? ''])).toEqual([
      ['create', 200, ''],
      ['start', 201, ''],
      ['chunk', 308, ''],
      ['chunk', 0, 'reset'],
      ['status', 503, 'status 503'],
      ['status', 308, ''],
      ['chunk', 308, ''],
      ['chunk', 0, 'stall'],
      ['status', 308, ''],
      ['chunk', 0, 'loseFinalResponse'], // committed: the data is never sent again
      ['status', 200, 'truncateFinalResponse'],
      ['status', 200, '']
    ])
  })

  it("F18: the error quotes the CRC32C the server calculated from the bytes it got, not an emptied session's", async () => {
    const { path, data } = await makeFile(SIZE)
    const run = await runThroughSandbox({
      path,
      size: SIZE,
      plan: [{ on: 'chunk', times: Infinity, do: { corrupt: true } }],
      chunkSize: BLOCK,
      retry: { maxRetries: 3, baseDelayMs: 5 },
      stallTimeoutMs: 2000
    })
    // The corrupt fault flips the first new byte of every data PUT: the first byte of each chunk.
    const got = Buffer.from(data)
    for (let at = 0; at < SIZE; at += BLOCK) got[at] ^= 0xff
    expect(run.error?.message).toContain(
      `Provided CRC32C "${await crc32c(data)}" doesn't match calculated CRC32C "${await crc32c(got)}"`
    )
    expect(
      chunks(run)
        .map(r => r.status)
        .filter(s => s === 400)
    ).toHaveLength(2) // once per session
  })
})
