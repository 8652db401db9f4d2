// Reliability end to end: `node dist/index.js` exactly as the runner runs it, against a sandbox with a fault plan,
// once per outcome a user can see: a run that survives faults (outputs, summary, the stored object intact), a lost
// session replaced, stalls cut short by request-timeout-seconds, a fatal fault (exit 1, one ::error::, the job
// cancelled) and the ID file changing under the upload. Every run is leak-scanned and leaves no job active.
// Which bytes went on the wire for each F-preset is checked at engine level, for every preset:
// __tests__/upload/sandbox-presets.test.ts (and integrity.test.ts, gcs-resumable.test.ts); the README's Reliability
// table names the tests of each fault.
import { describe, expect, it } from '@jest/globals'
import { open, utimes } from 'node:fs/promises'
import * as path from 'node:path'
import {
  faultPresets,
  fPresets,
  startSandbox,
  type FaultPlan,
  type RequestRecord,
  type Sandbox
} from '../../src/sandbox/index.js'
import { createCrc32c } from '../../src/upload/crc32c.js'
import { makeRunDir, type ActionRun } from '../helpers/action-runner.js'
import {
  expectCompleteRun,
  faultsRecovered,
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
  const hash = await createCrc32c()
  hash.update(Buffer.from(content))
  return hash.digest()
}

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

/** A complete run whose stored object is the file by sha256 and by CRC32C, and whose job was kept. */
async function expectIntactRun(sandbox: Sandbox, r: Run) {
  const job = await expectCompleteRun(r.run, sandbox, r)
  expect(job.objectSize).toBe(Buffer.byteLength(r.content))
  expect(job.objectCrc32c).toBe(await crc32cOfContent(r.content))
  expect(job.cancelled).toBe(false)
  expect(r.run.summary).toContain('<td>Status</td><td>complete</td>')
  return job
}

const X_API = new Set<RequestRecord['kind']>(['create', 'get', 'list', 'cancel'])

describe('reliability end to end: what a user sees', () => {
  it.concurrent(
    'survives a rough network (faults on start, chunks, status query, final answer, poll, download), counting them',
    () =>
      // The rough-network preset and a broken download, on 2.5 MB in 512 KiB chunks so that every rule fires.
      runPlan(
        [...faultPresets['rough-network'], { on: 'download', do: { reset: { afterBytes: 100 } } }],
        10, // 256 KiB units: 2.5 MB
        301,
        { 'chunk-size': '512KiB' },
        async (sandbox, r) => {
          expect(r.injected).toBe(8)
          await expectIntactRun(sandbox, r)
          // Keeping less than was sent is the protocol's right, not a failure: 7 of the 8 are counted.
          expect(faultsRecovered(r.run.summary)).toBeGreaterThanOrEqual(7)
          // The token goes to api-base-url only: never to the upload URL, its session, or the download URL.
          const sent = (kinds: RequestRecord['kind'][]) => [
            ...new Set(r.reqs.filter(q => kinds.includes(q.kind)).map(q => `${q.kind} ${q.authorization}`))
          ]
          expect(sent(['start', 'chunk', 'status', 'download']).sort()).toEqual([
            'chunk false',
            'download false',
            'start false',
            'status false'
          ])
          expect(r.reqs.filter(q => X_API.has(q.kind)).every(q => q.authorization)).toBe(true)
        }
      )
  )

  it.concurrent('replaces a lost upload session with a new one while the upload URL is valid (F14)', () =>
    runPlan(fPresets.F14.plan, 2, 302, {}, async (sandbox, r) => {
      expect(r.injected).toBe(1)
      const job = await expectIntactRun(sandbox, r)
      expect(job.sessionsStarted).toBe(2)
    })
  )

  it.concurrent(
    'cuts a stalled chunk, poll and download short after request-timeout-seconds, and completes (F11)',
    () =>
      runPlan(
        [
          { on: 'chunk', nth: 2, do: { stall: {} } },
          { on: 'get', do: { stall: {} } },
          { on: 'download', do: { stall: { afterBytes: 100 } } }
        ],
        2,
        303,
        { 'request-timeout-seconds': '2' },
        async (sandbox, r) => {
          expect(r.injected).toBe(3)
          await expectIntactRun(sandbox, r)
          const stalled = r.reqs.flatMap((q, i) => (q.fault === 'stall' ? [i] : []))
          expect(stalled.map(i => r.reqs[i].kind)).toEqual(['chunk', 'get', 'download'])
          // Each was retried well within 20 s: request-timeout-seconds reached the watchdog (the default is 120 s).
          // When exactly it fires is the watchdog's own test; the sandbox's clock here shares a busy event loop.
          for (const i of stalled) expect(r.reqs[i + 1].startedAt - r.reqs[i].startedAt).toBeLessThan(20_000)
          expect(stalled.map(i => r.reqs[i + 1].kind)).toEqual(['status', 'get', 'download'])
        }
      )
  )

  /** A fatal case: its plan, the file's size in 256 KiB chunks, inputs, the ::error::, sessions and faults fired. */
  interface Fatal {
    plan: FaultPlan
    chunks: number
    over?: Record<string, string>
    message: RegExp
    sessions: number
    injected: number
  }
  it.concurrent.each<[string, Fatal]>([
    [
      'the server refuses a chunk (F20)',
      {
        plan: fPresets.F20.plan,
        chunks: 2,
        message: /HTTP 403 \(AccessDenied: Access denied/,
        sessions: 1,
        injected: 1
      }
    ],
    [
      'the server reports more bytes than were sent (F16)',
      {
        plan: fPresets.F16.plan,
        chunks: 2,
        message: /server has more bytes than were sent/,
        sessions: 1,
        injected: 1
      }
    ],
    [
      'the CRC32C check fails again after a new session (F18)',
      {
        plan: fPresets.F18.plan,
        chunks: 1,
        message:
          /CRC32C check failed again after starting over in a new session.*HTTP 400 \(BadRequest: Provided CRC32C/,
        sessions: 2,
        injected: 2
      }
    ],
    [
      // The default max-retries (10) would fail too, but after 11 failures: the message shows the input is used.
      'max-retries consecutive failures bring no progress',
      {
        plan: [{ on: 'chunk', nth: 2, times: Infinity, do: { status: 503 } }],
        chunks: 2,
        over: { 'max-retries': '1' },
        message: /2 consecutive failures.*HTTP 503/,
        sessions: 1,
        injected: 2
      }
    ]
  ])('fails with exit 1 and one ::error::, and cancels the job, when %s', (_name, c) =>
    runPlan(c.plan, c.chunks, 304, c.over ?? {}, async (sandbox, r) => {
      expect(r.injected).toBe(c.injected)
      const job = expectFailedRun(sandbox, r, c.message)
      expect(job.sessionsStarted).toBe(c.sessions)
    })
  )
})

describe('reliability end to end: the ID file changes during the upload (F24)', () => {
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
