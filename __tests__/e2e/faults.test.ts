// End to end under X API faults, rate limits and an expired upload URL: `node dist/index.js` exactly as the runner
// runs it, against the sandbox with a fault plan per test, once per outcome a user can see. Upload faults are in
// reliability.test.ts; the wire details of each fault are checked at engine level (__tests__/compliance,
// __tests__/upload). Every run is leak-scanned; every recoverable fault must end in a complete, byte-exact job.
// Each test has a sandbox of its own, so the tests run concurrently (most of a run is waiting for a poll).
import { describe, expect, it } from '@jest/globals'
import {
  startSandbox,
  type FaultPlan,
  type RequestRecord,
  type Sandbox,
  type SandboxOptions
} from '../../src/sandbox/index.js'
import { makeRunDir, type ActionRun } from '../helpers/action-runner.js'
import {
  expectCompleteRun,
  faultsRecovered,
  lastSeq,
  makeIds,
  requestsSince,
  runScanned,
  sandboxInputs,
  settleJobs,
  sha256,
  writeIds
} from '../helpers/e2e-sandbox.js'

const TOKEN = 'e2e-faults-Tk9%3Dp'
let seed = 100

interface FaultRun {
  run: ActionRun
  ids: string[]
  content: string
  /** the sandbox's requests during the run */
  reqs: RequestRecord[]
  /** faults the sandbox injected during the run */
  injected: number
}

/**
 * One run of the action against `sandbox` with `plan` set for it (and cleared after): a fresh ID file of `n`
 * IDs (~20 bytes each), 256 KiB chunks, fast retries and 1 s polls unless `over` says otherwise.
 */
async function runWith(
  sandbox: Sandbox,
  plan: FaultPlan,
  over: Record<string, string> = {},
  n = 40_000
): Promise<FaultRun> {
  const dir = await makeRunDir()
  const ids = makeIds(n, seed++)
  const content = `${ids.join('\n')}\n`
  const file = await writeIds(dir, content)
  const before = lastSeq(sandbox)
  const injectedBefore = sandbox.stats().faultsInjected
  sandbox.setFaults(plan)
  try {
    const run = await runScanned(
      sandbox,
      TOKEN,
      sandboxInputs(sandbox, TOKEN, {
        'ids-file': file,
        'chunk-size': '256KiB',
        'request-timeout-seconds': '5',
        ...over
      }),
      { dir }
    )
    return {
      run,
      ids,
      content,
      reqs: requestsSince(sandbox, before),
      injected: sandbox.stats().faultsInjected - injectedBefore
    }
  } finally {
    sandbox.setFaults([])
  }
}

/**
 * A test body with a sandbox of its own (so tests can run concurrently: faults, jobs and the one-active-job rule
 * never cross), closed afterwards; on success no job is left active.
 */
async function scenario(opts: SandboxOptions, body: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ token: TOKEN, processingMs: 100, ...opts })
  try {
    await body(sandbox)
    await settleJobs(sandbox, TOKEN)
  } finally {
    await sandbox.close()
  }
}

/**
 * A recovered run: complete and byte-exact, all `faults` injected faults fired, and the summary's "Faults
 * recovered" counts at least `counted` of them (all but those the client cannot see as failures: a server keeping
 * less than it received, an honoured `x-rate-limit-remaining: 0`, an empty final 200).
 */
async function expectRecovered(sandbox: Sandbox, r: FaultRun, faults: number, counted = faults) {
  const job = await expectCompleteRun(r.run, sandbox, r)
  expect(r.injected).toBe(faults)
  expect(faultsRecovered(r.run.summary)).toBeGreaterThanOrEqual(counted)
  expect(r.run.summary).toContain('<td>Status</td><td>complete</td>')
  return job
}

const of = (reqs: RequestRecord[], kind: RequestRecord['kind']) => reqs.filter(q => q.kind === kind)
/** x-rate-limit-reset (ms) the sandbox sent for a window exhausted at `at` for `seconds`: never before at + s. */
const resetMs = (at: number, seconds: number) => Math.ceil((at + seconds * 1000) / 1000) * 1000

describe('X API faults', () => {
  // Whether a create was committed is found by listing (the client's tests cover the 503 and stall variants).
  it.concurrent('adopts the job of an ambiguous create that was committed but whose answer was lost', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'create', do: { loseFinalResponse: true } }], {
        'job-name': 'e2e ambiguous create'
      })
      const job = await expectRecovered(sandbox, r, 1)
      expect(job.name).toBe('e2e ambiguous create')
      expect(sandbox.jobs().map(j => j.id)).toEqual([job.id]) // never two jobs
      expect(of(r.reqs, 'create')).toHaveLength(1) // never a second create
      expect(of(r.reqs, 'list').length).toBeGreaterThanOrEqual(1)
    })
  )

  it.concurrent('creates again, once, when an ambiguous create was not committed', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'create', do: { status: 503 } }])
      const job = await expectRecovered(sandbox, r, 1)
      expect(sandbox.jobs().map(j => j.id)).toEqual([job.id])
      expect(of(r.reqs, 'create').map(q => q.status)).toEqual([503, 200])
    })
  )

  // 'failed', with X's error, is in action.test.ts.
  it.concurrent('fails with "job N ended with status expired"', () =>
    scenario({}, async sandbox => {
      const status = 'expired'
      const r = await runWith(sandbox, [{ on: 'create', do: { jobOutcome: status } }])
      const o = r.run.outputs
      expect(r.run.code).toBe(1)
      const job = sandbox.job(o['job-id'])!
      expect(job.status).toBe(status)
      expect(sha256(job.object!)).toBe(sha256(r.content)) // the upload itself was whole
      const message = `job ${job.id} ended with status ${status}`
      expect(r.run.stdout).toContain(`::error::${message}`)
      expect(r.run.summary).toContain(message)
      expect(o.status).toBe(status)
      expect(o['bytes-uploaded']).toBe(String(r.content.length))
      for (const k of ['results-file', 'results-count', 'counts']) expect(o[k]).toBe('')
      expect(of(r.reqs, 'download')).toEqual([])
    })
  )
})

describe('rate limits: never earlier than x-rate-limit-reset', () => {
  /** The first request of `kind` hit the limit (reset = now + 2 s); the next one came at or after the reset. */
  function expectWaitedForReset(reqs: RequestRecord[], kind: RequestRecord['kind']) {
    const all = of(reqs, kind)
    const hit = all.findIndex(q => q.fault === 'rateLimit')
    expect(hit).toBeGreaterThanOrEqual(0)
    expect(all[hit + 1]).toBeDefined()
    const reset = resetMs(all[hit].startedAt, 2)
    expect(all[hit + 1].startedAt).toBeGreaterThanOrEqual(reset)
    expect(all[hit + 1].startedAt).toBeLessThan(reset + 20_000)
  }

  // One 429 (on create) and one honoured remaining: 0 (on a poll): the client's tests cover each endpoint family.
  it.concurrent('waits for the reset after a 429 on create', () =>
    scenario({}, async sandbox => {
      const r = await runWith(sandbox, [{ on: 'create', do: { rateLimit: { resetInSeconds: 2 } } }])
      await expectRecovered(sandbox, r, 1)
      expectWaitedForReset(r.reqs, 'create')
      expect(sandbox.jobs()).toHaveLength(1)
      expect(of(r.reqs, 'create').map(q => q.status)).toEqual([429, 200])
    })
  )

  it.concurrent('waits for the reset after x-rate-limit-remaining: 0 on a poll', () =>
    // Processing outlasts the first poll, so a second poll is needed, and it must wait for the reset.
    scenario({ processingMs: 2500 }, async sandbox => {
      const r = await runWith(sandbox, [
        { on: 'get', do: { rateLimit: { resetInSeconds: 2, mode: 'exhaust' } } }
      ])
      // Honouring remaining: 0 is not a failure: nothing need be counted.
      await expectRecovered(sandbox, r, 1, 0)
      const gets = of(r.reqs, 'get')
      expect(gets[0]).toMatchObject({ status: 200, fault: 'rateLimit' })
      expect(gets.map(q => q.status)).not.toContain(429) // it never ran into the limit
      expectWaitedForReset(r.reqs, 'get')
    })
  )
})

describe('upload URL expiry', () => {
  /** The upload window (2 s) passes during a slow chunk answer; then the session is lost. */
  const expiredRun = (sandbox: Sandbox) =>
    runWith(
      sandbox,
      [
        { on: 'chunk', nth: 1, do: { stall: { ms: 3000 } } },
        { on: 'chunk', nth: 2, do: { sessionGone: 404 } }
      ],
      { 'request-timeout-seconds': '10' }
    )

  it.concurrent(
    'fails naming upload_expires_at when the session is lost after the upload URL expired, without advising job-id',
    () =>
      scenario({ uploadWindowMs: 2000 }, async sandbox => {
        const r = await expiredRun(sandbox)
        expect(r.run.code).toBe(1)
        expect(r.injected).toBe(2)
        const job = sandbox.job(r.run.outputs['job-id'])!
        const lines = r.run.stdout.split('\n')
        const error = lines.find(l => l.startsWith('::error::')) ?? ''
        expect(error).toMatch(/upload session was lost/)
        expect(error).toContain(job.upload_expires_at)
        expect(r.run.summary).toContain(job.upload_expires_at)
        expect(['created', 'expired']).toContain(r.run.outputs.status)
        expect(r.run.outputs['bytes-uploaded']).toBe('')
        // No new session was tried with the expired URL.
        expect(job.sessionsStarted).toBe(1)
        const gone = r.reqs.findIndex(q => q.fault === 'sessionGone')
        expect(r.reqs.slice(gone + 1).filter(q => ['start', 'chunk', 'status'].includes(q.kind))).toEqual([])
        expect(job.status).toBe('expired') // X no longer counts it as active
        // The cancel of an expired job is refused (400): that must not become "it blocks new tweets jobs";
        // and as the error says "create a new job", the summary must not advise rerunning with this job's id.
        expect({
          warnings: lines.filter(l => l.startsWith('::warning::') && /blocks new tweets jobs/.test(l)),
          rerunWithJobId: r.run.summary.includes(`rerun with job-id: ${job.id}`)
        }).toEqual({ warnings: [], rerunWithJobId: false })
      })
  )
})
