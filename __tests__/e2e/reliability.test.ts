// Reliability end to end: every F-preset of the sandbox (src/sandbox/faults.ts, fPresetList) against `node dist/index.js`
// exactly as the runner runs it. A survivable fault ends in a complete run whose object is the file (sha256 and
// CRC32C); any other fault ends in exit 1 with an ::error:: saying what happened, and the job the run created is
// cancelled. F24 (the file changes under the upload) is local: its test changes the ID file during a slow chunk.
// Every run is leak-scanned. The matching engine-level tests: __tests__/upload/sandbox-presets.test.ts (one per
// preset) and __tests__/upload/integrity.test.ts (F18, F19, F23, F24); docs/reliability.md maps them all.
import { describe, expect, it } from '@jest/globals'
import { open, utimes } from 'node:fs/promises'
import * as path from 'node:path'
import {
  fPresetList,
  startSandbox,
  type FaultPlan,
  type FPreset,
  type RequestRecord,
  type Sandbox
} from '../../src/sandbox/index.js'
import { FileCrc32c } from '../../src/upload/crc32c.js'
import { makeRunDir, type ActionRun } from '../helpers/action-runner.js'
import {
  expectCompleteRun,
  KiB,
  makeIds,
  runScanned,
  sandboxInputs,
  settleJobs,
  writeIds
} from '../helpers/e2e-sandbox.js'
import { waitUntil } from '../helpers/wait.js'

const TOKEN = 'e2e-reliability-Rq4%3Dz'
const CHUNK = 256 * KiB
const LINE = 20 // makeIds: 19 digits and a LF

interface Run {
  run: ActionRun
  ids: string[]
  content: string
  /** the file's name in the workspace */
  file: string
  reqs: RequestRecord[]
  injected: number
}

/** IDs for a file of `chunks` 256 KiB chunks (at least one), the last one three quarters full. */
const idsFor = (chunks: number) => Math.ceil(((Math.max(chunks, 1) - 1) * CHUNK + (3 * CHUNK) / 4) / LINE)

/**
 * A sandbox of its own (the tests run concurrently), with `plan` set; the action runs once against it with the
 * test's inputs (256 KiB chunks, fast retries, 1 s polls) and the leak scan. `during` runs while the action does.
 * Afterwards no job may be left active.
 */
async function runPlan(
  plan: FaultPlan,
  chunks: number,
  seed: number,
  over: Record<string, string>,
  check: (sandbox: Sandbox, r: Run) => Promise<void>,
  during?: (sandbox: Sandbox, dir: string) => Promise<void>
): Promise<void> {
  const sandbox = await startSandbox({ token: TOKEN, processingMs: 100, faults: plan })
  try {
    const dir = await makeRunDir()
    const ids = makeIds(idsFor(chunks), seed)
    const content = `${ids.join('\n')}\n`
    const file = await writeIds(dir, content)
    const running = runScanned(
      sandbox,
      TOKEN,
      sandboxInputs(sandbox, TOKEN, {
        'ids-file': file,
        'chunk-size': '256KiB',
        'request-timeout-seconds': '10',
        ...over
      }),
      { dir, timeoutMs: 45_000 }
    )
    await Promise.all([running, during?.(sandbox, dir)])
    const stats = sandbox.stats()
    await check(sandbox, {
      run: await running,
      ids,
      content,
      file,
      reqs: stats.requests,
      injected: stats.faultsInjected
    })
    await settleJobs(sandbox, TOKEN)
  } finally {
    await sandbox.close()
  }
}

/** CRC32C as GCS reports it (base64, big-endian), with the uploader's own hasher. */
async function crc32cOfContent(content: string | Buffer): Promise<string> {
  const data = Buffer.from(content)
  const hash = await FileCrc32c.create(data.length)
  hash.cover(0, data)
  return hash.digest()
}

/** The requests of the upload itself (start, data PUTs, status queries). */
const uploadRequests = (reqs: RequestRecord[]) =>
  reqs.filter(q => q.kind === 'start' || q.kind === 'chunk' || q.kind === 'status')

const html = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

/** A failed run: exit 1, one ::error:: matching `message`, job-id set, the job cancelled and never finalized. */
function expectFailedRun(sandbox: Sandbox, r: Run, message: RegExp) {
  const diag = `exit ${r.run.code}\n${r.run.stdout.slice(-3000)}\n${r.run.stderr.slice(-2000)}`
  expect({ code: r.run.code, diag }).toEqual({ code: 1, diag })
  const errors = r.run.stdout.split('\n').filter(l => l.startsWith('::error::'))
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatch(message)
  const id = r.run.outputs['job-id']
  expect(id).toMatch(/^\d+$/)
  const job = sandbox.job(id)!
  expect(job.cancelled).toBe(true)
  expect(job.status).toBe('failed') // X reports a cancelled job as failed: it no longer blocks new jobs
  expect(job.finalizedAt).toBeUndefined()
  expect(r.run.stdout).toContain(`Cancelled job ${id} so that it does not block the next run`)
  expect(r.run.outputs.status).toBe('failed')
  expect(r.run.outputs['bytes-uploaded']).toBe('')
  expect(r.run.summary).toContain(`<h3>Error</h3>\n<p>${html(errors[0].slice('::error::'.length))}</p>`)
  return job
}

const STALLS = new Set<FPreset['name']>(['F11-stall-mid-body', 'F11-stall-before-answer'])

/** Fatal presets: what the ::error:: must say. */
const fatal: Partial<Record<FPreset['name'], RegExp>> = {
  'F16-offset-beyond-sent': /server has more bytes than were sent/,
  'F18-hash-mismatch':
    /CRC32C check failed again after starting over in a new session.*HTTP 400 \(BadRequest: Provided CRC32C/,
  'F19-412-precondition':
    /HTTP 412 \(PreconditionFailed: At least one of the pre-conditions you specified did not hold/,
  'F20-403-on-chunk': /HTTP 403 \(AccessDenied: Access denied/,
  'F20-401-on-chunk': /HTTP 401 \(AuthenticationRequired: Authentication required/,
  'F20-400-on-chunk': /HTTP 400 \(InvalidArgument: Invalid argument/
}

/** Sessions a preset's upload needs (1 unless said here). */
const sessions: Partial<Record<FPreset['name'], number>> = {
  'F14-session-404': 2,
  'F14-session-cancelled-499': 2,
  'F15-session-410': 2,
  'F18-hash-mismatch': 2,
  'F18-hash-mismatch-once': 2
}

/** What a preset must show on the wire besides the common checks. */
const specific: Partial<Record<FPreset['name'], (r: Run, size: number) => void>> = {
  // The finalizing answer was lost or broken: a status query (bytes */*) got the 200; the data went once.
  'F9-final-response-lost': r =>
    expect(uploadRequests(r.reqs).at(-1)).toMatchObject({
      kind: 'status',
      contentRange: 'bytes */*',
      status: 200
    }),
  'F10-final-response-truncated': r =>
    expect(uploadRequests(r.reqs).at(-1)).toMatchObject({
      kind: 'status',
      contentRange: 'bytes */*',
      status: 200
    }),
  // Every byte persisted, not finalized: the empty finalizing PUT bytes */total.
  'F12-persisted-not-finalized': (r, size) =>
    expect(uploadRequests(r.reqs).at(-1)).toMatchObject({
      kind: 'status',
      contentRange: `bytes */${size}`,
      status: 200
    }),
  // 308 without Range: from byte 0 in the same session.
  'F8-308-no-range': r => {
    const chunks = r.reqs.filter(q => q.kind === 'chunk')
    expect(chunks[1]).toMatchObject({ fault: 'dropAll', status: 308 })
    expect(chunks[2].contentRange).toMatch(/^bytes 0-262143\//)
  }
}

describe('reliability: every F-preset end to end', () => {
  it.concurrent.each(fPresetList.map((p, i) => [`${p.id} ${p.name}`, p, i] as const))(
    '%s',
    (_title, preset, i) => {
      const over: Record<string, string> = {}
      if (STALLS.has(preset.name)) over['request-timeout-seconds'] = '2'
      // F22 must pass with a small budget: it resets whenever the upload progresses.
      if (preset.id === 'F22') over['max-retries'] = '2'
      return runPlan(preset.plan, preset.minChunks, 300 + i, over, async (sandbox, r) => {
        const finite = preset.plan.every(rule => rule.times !== Infinity)
        if (finite) expect(r.injected).toBe(preset.plan.length)
        else expect(r.injected).toBeGreaterThanOrEqual(2)
        const size = Buffer.byteLength(r.content)
        if (preset.survivable) {
          const job = await expectCompleteRun(r.run, sandbox, r)
          expect(job.objectSize).toBe(size)
          expect(job.objectCrc32c).toBe(await crc32cOfContent(r.content))
          expect(job.cancelled).toBe(false)
          expect(job.sessionsStarted).toBe(sessions[preset.name] ?? 1)
        } else {
          const message = fatal[preset.name]
          if (!message) throw new Error(`no expected message for the fatal preset ${preset.name}`)
          const job = expectFailedRun(sandbox, r, message)
          expect(job.sessionsStarted).toBe(sessions[preset.name] ?? 1)
        }
        specific[preset.name]?.(r, size)
      })
    }
  )
})

describe('reliability: F18, what the server says', () => {
  // The ::error:: quotes the server's XML Message: its "calculated CRC32C" must be that of the bytes the server got
  // (the file with its first byte flipped by the corrupt fault), or the message misleads whoever reads it.
  it.concurrent(
    "quotes the server's calculated CRC32C of the corrupted bytes, not of an emptied session",
    () =>
      runPlan([{ on: 'chunk', times: Infinity, do: { corrupt: true } }], 1, 298, {}, async (sandbox, r) => {
        const got = Buffer.from(r.content)
        got[0] ^= 0xff
        const error = r.run.stdout.split('\n').find(l => l.startsWith('::error::')) ?? ''
        expect(error).toContain(
          `Provided CRC32C "${await crc32cOfContent(r.content)}" doesn't match calculated CRC32C ` +
            `"${await crc32cOfContent(got)}"`
        )
        expectFailedRun(sandbox, r, /CRC32C check failed again/)
      })
  )
})

describe('reliability: F24, the ID file changes during the upload', () => {
  it.concurrent('fails with "file changed during upload" and cancels the job', () =>
    // Chunk 2 (of 3) is answered only after 2.5 s; meanwhile the file is rewritten in place (same size, new
    // mtime). The final chunk's check sees it before anything is finalized.
    runPlan(
      [{ on: 'chunk', nth: 2, do: { stall: { ms: 2500 } } }],
      3,
      299,
      {},
      async (sandbox, r) => {
        expect(r.injected).toBe(1)
        const name = path.basename(r.file)
        expectFailedRun(
          sandbox,
          r,
          new RegExp(`file changed during upload: \\S*${name.replace('.', '\\.')} \\(it was modified\\)`)
        )
        expect(r.reqs.filter(q => q.kind === 'chunk')).toHaveLength(2) // the final chunk was never sent
      },
      async (sandbox, dir) => {
        await waitUntil(() => sandbox.stats().requests.some(q => q.kind === 'chunk' && q.fault === 'stall'), {
          what: 'chunk 2 on the wire'
        })
        const file = path.join(dir, 'ids.txt')
        const fh = await open(file, 'r+')
        await fh.write(Buffer.from('9999'), 0, 4, CHUNK + 2 * LINE) // digits stay digits: a valid ID file
        await fh.close()
        await utimes(file, new Date(), new Date(Date.now() + 60_000))
      }
    )
  )
})
